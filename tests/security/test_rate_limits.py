"""Login, sign-up, password reset and invitation links slow down after many attempts.

The test settings switch rate limits off; these tests switch the real limits back on.
"""

import runpy

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.dialogues.factories import PASSWORD, InvitationFactory, UserFactory
from toolkit_site.settings import base
from toolkit_site.settings.base import ACCOUNT_RATE_LIMITS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_real_limits")]


@pytest.fixture
def _real_limits():
    with override_settings(ACCOUNT_RATE_LIMITS=ACCOUNT_RATE_LIMITS):
        yield


def limit(action):
    """How many attempts per minute and IP address the settings allow."""
    for rate in ACCOUNT_RATE_LIMITS[action].split(","):
        amount, period, *per = rate.split("/")
        if period == "m" and per in ([], ["ip"]):
            return int(amount)
    raise AssertionError(action)


def assert_friendly_429(response, *, language, title):
    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{title}</h1>" in html


def test_repeated_failed_logins_for_one_account_are_refused_with_a_message(client):
    user = UserFactory()
    for _attempt in range(5):
        response = client.post("/fr/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    # Even the right password is refused for a while, and the form says why, in French.
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_logins_from_one_address_get_the_translated_429_page(client):
    for number in range(limit("login")):
        response = client.post(
            "/ar/accounts/login/", {"login": f"nobody{number}@example.org", "password": "x"}
        )
        assert response.status_code == 200
    response = client.post("/ar/accounts/login/", {"login": "late@example.org", "password": "x"})
    assert_friendly_429(response, language="ar", title="محاولات كثيرة جدًا")
    # Another address is not held back by this one.
    response = client.post(
        "/ar/accounts/login/",
        {"login": "late@example.org", "password": "x"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200


def test_too_many_sign_ups_from_one_address(client):
    for number in range(limit("signup")):
        response = client.post(
            "/fr/accounts/signup/",
            {"email": f"new{number}@example.org", "password1": "x", "password2": "y"},
        )
        assert response.status_code == 200  # refused by the form: passwords differ
    response = client.post(
        "/fr/accounts/signup/",
        {"email": "late@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert_friendly_429(response, language="fr", title="Trop de tentatives")
    assert "Veuillez patienter quelques minutes" in response.content.decode()


def test_too_many_password_resets_for_one_address(client, mailoutbox):
    user = UserFactory()
    for _attempt in range(5):
        response = client.post("/es/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 302
    response = client.post("/es/accounts/password/reset/", {"email": user.email})
    assert_friendly_429(response, language="es", title="Demasiados intentos")
    assert len(mailoutbox) == 5


def test_invitation_links_are_rate_limited_per_address(client):
    invitation = InvitationFactory()
    url = reverse("dialogues:invitation-accept", kwargs={"token": invitation.token})
    for number in range(limit("invitation_accept") - 1):
        guess = reverse("dialogues:invitation-accept", kwargs={"token": f"guess-{number}"})
        assert client.get(guess).status_code == 410
    assert client.get(url).status_code == 200  # the last attempt allowed
    response = client.get(url)
    assert_friendly_429(response, language="en", title="Too many attempts")
    # Someone else, elsewhere, still gets in.
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_behind_the_proxy_each_client_address_is_counted_and_spoofing_does_not_help(client):
    """In production the proxy appends the real address to X-Forwarded-For."""
    invitation = InvitationFactory()
    url = reverse("dialogues:invitation-accept", kwargs={"token": invitation.token})
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for number in range(limit("invitation_accept")):
            # The attacker changes the first entry each time; the proxy's entry stays.
            forwarded = f"10.0.0.{number}, 192.0.2.50"
            assert client.get(url, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
        response = client.get(url, HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.50")
        assert response.status_code == 429
        response = client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.51")
        assert response.status_code == 200


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_address_limit(client, settings):
    """By default no proxy is trusted: the limit counts REMOTE_ADDR, whatever the header says."""
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    invitation = InvitationFactory()
    url = reverse("dialogues:invitation-accept", kwargs={"token": invitation.token})
    for number in range(limit("invitation_accept")):
        forwarded = f"10.0.{number}.1"
        assert client.get(url, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="").status_code == 429
    # A different connection is a different client.
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_no_proxy_is_trusted_unless_configured(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    assert runpy.run_path(base.__file__)["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    assert runpy.run_path(base.__file__)["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2


def test_production_keeps_the_configured_proxy_count(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k3y-for-the-proxy-test-" + "x7Qp!z" * 8)
    monkeypatch.setenv("SITE_URL", "https://toolkit.example.org")
    production = runpy.run_module("toolkit_site.settings.production")
    assert production["ALLAUTH_TRUSTED_PROXY_COUNT"] == base.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_limits_are_configured_for_every_entry_point():
    for action in ("login", "login_failed", "signup", "reset_password", "invitation_accept"):
        assert ACCOUNT_RATE_LIMITS[action]
