"""Arabic dates with the month in words ("3 ديسمبر 2026"): Arabic does not shorten month
names, so the short forms spell them too. Django defines the date and the time but not the
two together, and would fall back to the American order; these follow its DATE_FORMAT."""

DATE_FORMAT = "j F، Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F، Y، g:i A"
SHORT_DATETIME_FORMAT = "j F Y، g:i A"
