"""What the property-based tests type: awkward text of every kind, drawn the same way on every
run (the "tests" profile in tests/conftest.py)."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Whatever the fixtures, each example runs in full.
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NASTY = [
    "",
    " ",
    "\x00",
    "Dakar\x00",
    "\u202eevil.exe\u202c",
    "حوار أصحاب المصلحة المتعددين",
    "‏שלום‎ mixed עברית and English",
    "👩🏽‍🌾🐟🌊",
    "x" * 10_000,
    "مرحبا " * 2_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://example.org")',
    "-1",
    "0",
    "99999999999999999999999",
    "3.5",
    "NaN",
    "1e309",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "2026-13-01T25:61",
    "\r\n\t",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
)
