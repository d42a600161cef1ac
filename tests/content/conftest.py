import pytest
from django.core.cache import cache
from django.test import Client

from .factories import StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered Markdown and link maps are cached; each test starts cold."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def staff_client(staff):
    """A browser of its own, so a test can compare it with the anonymous `client`."""
    browser = Client()
    browser.force_login(staff)
    return browser


@pytest.fixture
def member_client(db):
    browser = Client()
    browser.force_login(UserFactory())
    return browser


@pytest.fixture
def on_sqlite(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite fallback search")
