import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the previous one activated."""
    translation.activate("en")
    yield
    translation.activate("en")


def pytest_addoption(parser):
    """`make screenshots` passes --screenshots; the normal suite skips screenshot generation."""
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="Write full-page screenshots of the main pages into var/screenshots/.",
    )
