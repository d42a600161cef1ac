"""English dates that read the same everywhere: "3 December 2026", "3 Dec 2026", never
"12/03/2026" (which half the world reads as 12 March). Date fields still take and show ISO."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
