"""The language switcher links only to pages of this site, whatever path the request had."""

import re

import pytest

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<a class="nav-link" href="([^"]*)" hreflang="([a-z]+)"')

HOSTILE_PATHS = [
    "//evil.example/en/",
    "//evil.example/en/toolkit/",
    "/\\evil.example",
    "/\\evil.example/en/",
    "/en//evil.example/x",
    "/en/toolkit//evil.example/",
    "///evil.example/fr/",
]


def get_raw(client, path, **extra):
    """GET with the path exactly as sent (the test client would read `//host/` as a host)."""
    return client.get("/", PATH_INFO=path, **extra)


def switcher_links(response):
    return {code: href for href, code in SWITCHER.findall(response.content.decode())}


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_path_gets_links_to_each_language_home(client, path):
    response = get_raw(client, path)
    assert response.status_code == 404
    assert "evil.example" not in response.content.decode()
    assert switcher_links(response) == {"en": "/en/", "fr": "/fr/", "es": "/es/", "ar": "/ar/"}


def test_an_unknown_page_links_to_each_language_home(client):
    links = switcher_links(client.get("/fr/no-such-page/"))
    assert links == {"en": "/en/", "fr": "/fr/", "es": "/es/", "ar": "/ar/"}


@pytest.mark.parametrize(
    "path",
    ["/en/toolkit/", "/en/toolkit/tools/", "/en/accounts/login/", "/en/toolkit/references/"],
)
def test_a_normal_page_links_to_itself_in_each_language(client, path):
    links = switcher_links(client.get(path))
    expected = {code: path.replace("/en/", f"/{code}/", 1) for code in ("en", "fr", "es", "ar")}
    assert links == expected


def test_the_query_stays_on_the_page_and_cannot_leave_the_site(client):
    links = switcher_links(client.get("/en/toolkit/search/", {"q": "//evil.example/"}))
    assert links["fr"] == "/fr/toolkit/search/?q=%2F%2Fevil.example%2F"


def test_a_logged_in_reader_on_a_hostile_path_stays_on_the_site(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw-x8!Qz")
    client.force_login(user)
    response = get_raw(client, "//evil.example/en/dialogues/")
    assert "evil.example" not in response.content.decode()
    assert switcher_links(response)["ar"] == "/ar/"
