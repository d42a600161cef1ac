import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the previous one activated."""
    translation.activate("en")
    yield
    translation.activate("en")
