"""Spanish dates with the month in words: "3 de diciembre de 2026", "3 dic. 2026"."""

DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
