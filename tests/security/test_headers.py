"""The security headers and cookies a browser gets from the production settings."""

import runpy

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.dialogues.factories import PASSWORD, UserFactory

# Settings that shape headers and cookies; the rest (database, cache, mail) stay the test ones.
HEADER_SETTINGS = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "X_FRAME_OPTIONS")


@pytest.fixture
def production(monkeypatch):
    """Run the request with the security settings read from the production module itself."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k3y-for-the-header-tests-" + "x7Qp!z" * 8)
    monkeypatch.setenv("SITE_URL", "https://toolkit.example.org")
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    values = runpy.run_module("toolkit_site.settings.production")
    overrides = {
        name: value
        for name, value in values.items()
        if name.isupper() and name.startswith(HEADER_SETTINGS)
    }
    overrides.update(
        MIDDLEWARE=values["MIDDLEWARE"],
        CONTENT_SECURITY_POLICY=values["CONTENT_SECURITY_POLICY"],
    )
    with override_settings(**overrides):
        # A new client builds its middleware chain from the overridden settings.
        yield Client(HTTP_X_FORWARDED_PROTO="https")


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return header, directives


def assert_safe_headers(response):
    header, directives = csp_directives(response)
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/", 200),
        ("/ar/toolkit/", 200),
        ("/fr/accounts/login/", 200),
        ("/en/accounts/signup/", 200),
        ("/en/accounts/password/reset/", 200),
        ("/en/no-such-page/", 404),
        ("/en/dialogues/", 302),  # to the login page
    ],
)
def test_public_pages_carry_every_security_header(production, path, status):
    response = production.get(path)
    assert response.status_code == status
    assert_safe_headers(response)


@pytest.mark.django_db
def test_workspace_pages_and_error_pages_carry_the_headers(production, world):
    production.force_login(world.users["owner"])
    for name, expected in (("dialogues:dialogue-detail", 200), ("dialogues:members", 200)):
        response = production.get(reverse(name, kwargs={"dialogue_pk": world.dialogue.pk}))
        assert response.status_code == expected
        assert_safe_headers(response)
    production.force_login(world.users["viewer"])
    response = production.get(
        reverse("dialogues:dialogue-update", kwargs={"dialogue_pk": world.dialogue.pk})
    )
    assert response.status_code == 403
    assert_safe_headers(response)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production):
    response = production.get("/en/", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"


@pytest.mark.django_db
def test_cookies_are_https_only_and_the_session_is_hidden_from_scripts(production):
    user = UserFactory()
    page = production.get("/en/accounts/login/")
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"

    response = production.post(
        "/en/accounts/login/",
        {"login": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("dialogues:dialogue-export-json", "application/json"),
        ("dialogues:commitment-export-csv", "text/csv"),
        (
            "dialogues:commitment-export-xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_downloads_are_attachments_with_their_own_type_never_sniffed(
    production, world, name, content_type
):
    """A browser saves a file made from user data; it never renders it as a page."""
    production.force_login(world.users["owner"])
    response = production.get(reverse(name, kwargs={"dialogue_pk": world.dialogue.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_no_address_serves_uploaded_files(production, settings):
    """Imports are read in memory and never stored, and nothing serves the media folder."""
    for path in ("/media/", f"/{settings.MEDIA_ROOT.name}/x.csv", "/en/media/x.html"):
        assert production.get(path).status_code == 404
