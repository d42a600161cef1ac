"""Arabic: Django defines the date and the time but not the two together, and would fall back
to the American "April 14, 2026, 9:30 a.m." order; these follow its Arabic DATE_FORMAT."""

DATETIME_FORMAT = "j F، Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
