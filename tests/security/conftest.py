import pytest
from django.core.cache import cache

from tests.dialogues.conftest import (  # noqa: F401  (shared fixtures)
    login,
    shared_world,
    world_of_the_module,
)


@pytest.fixture
def world(shared_world):  # noqa: F811  (the module's world, under the usual name)
    """Every security check asks its questions of one world, built once per module."""
    return shared_world


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
