"""An organisation's admin can make two-factor authentication mandatory for its dialogues."""

import time
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse
from django.utils.html import escape

from dialogues.models import OrganisationRole
from dialogues.services.dialogues import dialogue_delete
from tests.dialogues.factories import PASSWORD, OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


def _require_two_factor(login, world):
    admin = OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    ).user
    client = login(admin)
    organisation = world.organisation
    response = client.post(
        reverse("dialogues:organisation-update", kwargs={"pk": organisation.pk}),
        {
            "name": organisation.name,
            "country": organisation.country,
            "timezone": "UTC",
            "require_two_factor": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.require_two_factor


def _code(secret):
    """The code an authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _activate_totp(client):
    """Go through allauth's own activation form with a code computed like a phone app."""
    response = client.get("/en/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # asks for the password again first
        client.post(response["Location"], {"password": PASSWORD})
        client.get("/en/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    return secret


def test_member_without_two_factor_is_sent_to_turn_it_on_then_gets_in(world, login):
    _require_two_factor(login, world)
    facilitator = world.users["facilitator"]
    client = login(facilitator)
    detail = reverse("dialogues:dialogue-detail", kwargs={"dialogue_pk": world.dialogue.pk})

    response = client.get(detail, follow=True)
    assert response.redirect_chain[0] == ("/en/accounts/2fa/", 302)
    html = response.content.decode()
    assert escape(f"{world.organisation.name} requires two-factor authentication") in html
    assert world.dialogue.title not in html

    # Writes are refused the same way: nothing is stored.
    response = client.post(
        reverse("dialogues:dialogue-update", kwargs={"dialogue_pk": world.dialogue.pk}),
        {"title": "Changed without 2FA", "challenge": "x"},
    )
    assert response.status_code == 302
    world.dialogue.refresh_from_db()
    assert world.dialogue.title != "Changed without 2FA"

    _activate_totp(client)
    assert Authenticator.objects.filter(user=facilitator, type="totp").exists()
    response = client.get(detail)
    assert response.status_code == 200
    assert world.dialogue.title in response.content.decode()


def test_the_message_is_in_the_members_language(world, login):
    _require_two_factor(login, world)
    client = login(world.users["viewer"])
    response = client.get(f"/fr/dialogues/{world.dialogue.pk}/", follow=True)
    assert escape("exige l'authentification à deux facteurs") in response.content.decode()


def test_other_organisations_are_not_affected(world, login):
    _require_two_factor(login, world)
    # The outsider owns a dialogue in another organisation, which does not require 2FA.
    outsider = world.users["outsider"]
    own = outsider.dialogue_memberships.get().dialogue
    response = login(outsider).get(
        reverse("dialogues:dialogue-detail", kwargs={"dialogue_pk": own.pk})
    )
    assert response.status_code == 200


def test_without_the_requirement_members_get_in_without_two_factor(world, login):
    response = login(world.users["viewer"]).get(
        reverse("dialogues:dialogue-detail", kwargs={"dialogue_pk": world.dialogue.pk})
    )
    assert response.status_code == 200


def test_the_organisation_pages_require_it_too(world, login):
    _require_two_factor(login, world)
    admin = world.organisation.memberships.filter(role=OrganisationRole.ADMIN).get().user
    client = login(admin)
    organisation = world.organisation
    pk = organisation.pk
    pages = [
        reverse("dialogues:organisation-detail", kwargs={"pk": pk}),
        reverse("dialogues:organisation-update", kwargs={"pk": pk}),
        reverse("dialogues:dialogue-create", kwargs={"organisation_pk": pk}),
        reverse("dialogues:dialogue-import-json", kwargs={"organisation_pk": pk}),
    ]
    for url in pages:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/en/accounts/2fa/"), url
    # A write is refused the same way: no invitation is sent.
    response = client.post(
        reverse("dialogues:organisation-invite", kwargs={"pk": pk}),
        {"email": "new.member@example.org", "role": OrganisationRole.MEMBER},
    )
    assert response["Location"] == "/en/accounts/2fa/"
    assert not organisation.invitations.exists()

    _activate_totp(client)
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_my_dialogues_hides_the_dialogues_of_such_an_organisation_until_then(world, login):
    _require_two_factor(login, world)
    # A facilitator from outside the organisation, invited to the dialogue only.
    client = login(world.users["facilitator"])
    html = client.get(reverse("dialogues:home")).content.decode()
    assert world.dialogue.title not in html
    assert escape(world.organisation.name) in html
    assert "require two-factor authentication" in html
    _activate_totp(client)
    assert world.dialogue.title in client.get(reverse("dialogues:home")).content.decode()


def test_a_session_that_did_not_sign_in_with_the_second_factor_must_enter_a_code(world, login):
    """Having an authenticator is not enough: this session must have used it."""
    _require_two_factor(login, world)
    facilitator = world.users["facilitator"]
    secret = generate_totp_secret()
    TOTP.activate(facilitator, secret)
    client = login(facilitator)  # a session opened before, or without, the code
    detail = reverse("dialogues:dialogue-detail", kwargs={"dialogue_pk": world.dialogue.pk})

    response = client.get(detail)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/2fa/reauthenticate/?next={quote(detail, '')}"
    page = client.get(response["Location"]).content.decode()
    assert "Enter a code from your authenticator app to continue" in page
    assert world.dialogue.title not in page
    home = client.get(reverse("dialogues:home")).content.decode()
    assert world.dialogue.title not in home
    assert "hidden until you sign in with your authenticator app" in home

    response = client.post(response["Location"], {"code": _code(secret)})
    assert (response.status_code, response["Location"]) == (302, detail)
    assert world.dialogue.title in client.get(detail).content.decode()


def test_deleted_dialogues_stay_hidden_and_cannot_be_restored_until_then(world, login):
    _require_two_factor(login, world)
    admin = world.organisation.memberships.filter(role=OrganisationRole.ADMIN).get().user
    dialogue_delete(dialogue=world.dialogue, user=admin)
    client = login(admin)
    deleted = reverse("dialogues:deleted-list")
    restore = reverse("dialogues:dialogue-restore", kwargs={"dialogue_pk": world.dialogue.pk})

    html = client.get(deleted).content.decode()
    assert world.dialogue.title not in html
    assert escape(world.organisation.name) in html
    assert "hidden until you turn it on" in html
    assert deleted not in client.get(reverse("dialogues:home")).content.decode()
    response = client.post(restore)
    assert (response.status_code, response["Location"]) == (302, "/en/accounts/2fa/")
    world.dialogue.refresh_from_db()
    assert world.dialogue.deleted_at is not None

    TOTP.activate(admin, generate_totp_secret())
    client = login(admin, second_factor=True)
    assert world.dialogue.title in client.get(deleted).content.decode()
    assert client.post(restore).status_code == 302
    world.dialogue.refresh_from_db()
    assert world.dialogue.deleted_at is None
