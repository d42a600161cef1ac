"""No browser or proxy keeps a copy of a workspace or account page; toolkit pages stay cacheable."""

import pytest
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, reverse
from django.utils.cache import get_max_age

from tests.dialogues.factories import UserFactory
from tests.dialogues.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

# Account pages that need a key in their address get a made-up one (they answer all the same).
ACCOUNT_KWARGS = {
    "account_confirm_email": {"key": "made-up-key"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "made-up-key"},
}


def account_url_names():
    """Every page under /<language>/accounts/, read from the URL configuration."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif route.startswith("accounts/") and pattern.name:
                yield pattern.name

    locale_prefixed = next(
        pattern
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern)
    )
    return sorted(set(walk(locale_prefixed.url_patterns, "")))


def assert_kept_by_no_cache(response, url):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, f"{url}: {response.get('Cache-Control')}"
    assert "public" not in cache_control
    assert "Cookie" in response.get("Vary", ""), f"{url}: Vary {response.get('Vary')}"


def test_the_walk_finds_the_account_pages():
    names = account_url_names()
    assert {"account_login", "account_email", "account_change_password", "mfa_index"} <= set(names)


@pytest.mark.parametrize("role", ["owner", "viewer", "outsider", "anonymous"])
def test_every_workspace_page_is_private_and_not_stored(world, login, role):
    client = login(world.users[role])
    for name, row in MATRIX.items():
        if row.setup:
            continue  # restoring needs a deleted dialogue; its answer is covered below
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        if row.get is not None:
            assert_kept_by_no_cache(client.get(url), url)
        if row.post is not None and role != "owner":  # the owner's posts would change the world
            assert_kept_by_no_cache(client.post(url, row.data(world)), url)


def test_the_calendar_feed_for_calendar_apps_is_not_stored_either(world, client):
    url = reverse(
        "dialogues:calendar-feed",
        kwargs={"dialogue_pk": world.dialogue.pk, "token": world.dialogue.calendar_token},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert_kept_by_no_cache(response, url)


@pytest.mark.parametrize("signed_in", [True, False])
def test_every_account_page_is_private_and_not_stored(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    for name in account_url_names():
        for code in ("en", "ar"):
            url = reverse(name, kwargs=ACCOUNT_KWARGS.get(name, {})).replace("/en/", f"/{code}/")
            assert_kept_by_no_cache(client.get(url), url)
    assert_kept_by_no_cache(client.post(reverse("account_login"), {}), "login POST")


def test_any_other_page_for_a_signed_in_user_is_private(client):
    client.force_login(UserFactory())
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert_kept_by_no_cache(response, "404")


def test_toolkit_pages_for_readers_without_a_session_stay_cacheable(client):
    response = client.get("/en/toolkit/")
    assert response["Cache-Control"] == "public, max-age=300"
    assert get_max_age(response) == 300
