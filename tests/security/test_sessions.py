"""Sessions end: after two days, or fourteen for "keep me signed in", and everywhere else as
soon as the password changes or is reset."""

import re
import runpy
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.dialogues.factories import PASSWORD, UserFactory
from tests.security.test_two_factor import _activate_totp
from toolkit_site.settings import base

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60
NEW_PASSWORD = "a-fresh-Passphrase-2027"


def sign_in(client, user, **extra):
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def signed_in(client):
    return client.get("/en/dialogues/").status_code == 200


def test_a_session_lasts_two_days_and_ends_with_the_browser(client):
    response = sign_in(client, UserFactory())
    assert client.session.get_expiry_age() == 2 * DAY
    assert client.session.get_expire_at_browser_close()
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_keep_me_signed_in_lasts_fourteen_days(client):
    html = client.get("/fr/accounts/login/").content.decode()
    assert 'name="remember"' in html
    assert "Rester connecté sur cet appareil pendant 14 jours" in html
    response = sign_in(client, UserFactory(), remember="on")
    assert client.session.get_expiry_age() == 14 * DAY
    assert not client.session.get_expire_at_browser_close()
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 14 * DAY


def test_session_lengths_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SESSION_DAYS", "1")
    monkeypatch.setenv("SESSION_REMEMBER_DAYS", "7")
    configured = runpy.run_path(base.__file__)
    assert configured["SESSION_COOKIE_AGE"] == DAY
    assert configured["SESSION_REMEMBER_AGE"] == 7 * DAY
    monkeypatch.delenv("SESSION_DAYS")
    monkeypatch.delenv("SESSION_REMEMBER_DAYS")
    configured = runpy.run_path(base.__file__)
    assert configured["SESSION_COOKIE_AGE"] == 2 * DAY
    assert configured["SESSION_REMEMBER_AGE"] == 14 * DAY


def test_the_readme_documents_the_session_settings():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert re.search(r"^\| `SESSION_DAYS` \|.*\| `2` \|$", readme, re.MULTILINE)
    assert re.search(r"^\| `SESSION_REMEMBER_DAYS` \|.*\| `14` \|$", readme, re.MULTILINE)


def test_changing_the_password_signs_out_the_other_sessions_only(client):
    user = UserFactory()
    laptop, phone = client, Client()
    sign_in(laptop, user, remember="on")
    sign_in(phone, user, remember="on")
    response = laptop.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    response = phone.get("/en/dialogues/")
    assert response["Location"].startswith("/en/accounts/login/")


def test_resetting_the_password_signs_out_every_session(client, mailoutbox):
    user = UserFactory()
    stolen, owner = Client(), client
    sign_in(stolen, user, remember="on")
    assert signed_in(stolen)

    owner.post("/en/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[-1].body).group(1)
    form = owner.get(link, follow=True).redirect_chain[-1][0]
    response = owner.post(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not signed_in(stolen)


def test_keep_me_signed_in_holds_through_the_second_factor(client):
    user = UserFactory()
    client.force_login(user)
    _activate_totp(client)
    client.logout()
    response = sign_in(client, user, remember="on")
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not signed_in(client)
    secret = Authenticator.objects.get(user=user, type="totp").wrap().instance.data["secret"]
    code = format_hotp_value(hotp_value(decrypt(secret), int(time.time()) // 30))
    cache.clear()  # forget that activation used this code, as if the next period had come
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.session.get_expiry_age() == 14 * DAY
