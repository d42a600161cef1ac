"""The admin has no sign-in of its own: its address sends people to the site's sign-in, which
counts failed attempts and asks for the second factor. A password form of the admin would
let anyone guess passwords without limit and let staff skip their authenticator."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.dialogues.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/en/admin/login/"


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_admin_sign_in_is_the_sites(client):
    response = client.get(ADMIN_LOGIN + "?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    staff = UserFactory(is_staff=True)
    response = client.post(ADMIN_LOGIN, {"username": staff.username, "password": PASSWORD})
    assert not signed_in(client)


def test_staff_with_an_authenticator_must_give_a_code(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.post(ADMIN_LOGIN, {"username": staff.username, "password": PASSWORD})
    assert not signed_in(client)
    assert client.get("/en/admin/").status_code == 302

    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not signed_in(client)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert signed_in(client)
    assert client.get("/en/admin/").status_code == 200


def test_guessing_through_the_admin_address_gets_nowhere(client):
    staff = UserFactory(is_staff=True)
    for _ in range(8):
        client.post(ADMIN_LOGIN, {"username": staff.username, "password": "wrong"})
    client.post(ADMIN_LOGIN, {"username": staff.username, "password": PASSWORD})
    assert not signed_in(client)
