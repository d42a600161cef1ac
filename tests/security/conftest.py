import pytest
from django.core.cache import cache

from tests.dialogues.conftest import login, world  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
