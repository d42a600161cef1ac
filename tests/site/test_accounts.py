import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

PASSWORD = "a-long-Passphrase-2026"


def _link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "ar"])
def test_sign_up_verify_email_then_log_in(client, code):
    response = client.post(
        f"/{code}/accounts/signup/",
        {"email": "amina@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="amina@example.org")
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1

    # Until the address is verified, logging in only resends the verification.
    client.logout()
    confirm_path = _link(mail.outbox[0])
    assert confirm_path.startswith(f"/{code}/accounts/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(
        f"/{code}/accounts/login/", {"login": "amina@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{code}/dialogues/"
    assert client.get(f"/{code}/dialogues/").status_code == 200


@pytest.mark.django_db
def test_sign_up_errors_are_shown_next_to_the_field_in_french(client):
    response = client.post(
        "/fr/accounts/signup/",
        {"email": "not-an-email", "password1": PASSWORD, "password2": "different"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in html
    assert "is-invalid" in html
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_password_reset_by_email(client, django_user_model):
    user = django_user_model.objects.create_user("sam", "sam@example.org", "old-Password-123")
    user.emailaddress_set.create(email="sam@example.org", verified=True, primary=True)

    response = client.post("/es/accounts/password/reset/", {"email": "sam@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_path = _link(mail.outbox[0])
    assert reset_path.startswith("/es/accounts/password/reset/key/")

    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(form_path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_logged_in_user_changes_password(client, django_user_model):
    user = django_user_model.objects.create_user("li", "li@example.org", "old-Password-123")
    user.emailaddress_set.create(email="li@example.org", verified=True, primary=True)
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "old-Password-123", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_two_factor_can_be_activated(client, django_user_model):
    user = django_user_model.objects.create_user("mo", "mo@example.org", "old-Password-123")
    user.emailaddress_set.create(email="mo@example.org", verified=True, primary=True)
    client.force_login(user)
    assert client.get("/fr/accounts/2fa/").status_code == 200
    response = client.get("/fr/accounts/2fa/totp/activate/")
    assert response.status_code == 302  # asks for the password again first
    client.post(response["Location"], {"password": "old-Password-123"})
    response = client.get("/fr/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def _text(html, pattern):
    match = re.search(pattern, html, flags=re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("page", ["login", "signup"])
def test_account_pages_use_the_headers_words(client, code, page):
    """One wording, in sentence case: the header's link names the page it opens."""
    html = client.get(f"/{code}/accounts/{page}/").content.decode()
    header = _text(html, rf'<header.*?href="/{code}/accounts/{page}/">(.*?)</a>')
    assert _text(html, r"<h1[^>]*>(.*?)</h1>") == header
    assert _text(html, r'<main.*<button[^>]*type="submit"[^>]*>(.*?)</button>') == header
    if code == "en":
        for title_case in ("Sign In", "Sign Up", "Remember Me", "sign in", "sign up"):
            assert title_case not in html
