import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the previous one activated."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: kept pages and parts of pages belong to the data
    of the test that rendered them (and a database rolled back can hand out the same keys)."""
    cache.clear()
    yield
    cache.clear()


def pytest_addoption(parser):
    """`make screenshots` passes --screenshots; the normal suite skips screenshot generation."""
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="Write full-page screenshots of the main pages into var/screenshots/.",
    )
