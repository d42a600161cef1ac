"""An organisation's admin can make two-factor authentication mandatory for its dialogues."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse
from django.utils.html import escape

from dialogues.models import OrganisationRole
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


def _activate_totp(client):
    """Go through allauth's own activation form with a code computed like a phone app."""
    response = client.get("/en/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # asks for the password again first
        client.post(response["Location"], {"password": PASSWORD})
        client.get("/en/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302


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
    admin = world.organisation.memberships.get(role=OrganisationRole.ADMIN).user
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
