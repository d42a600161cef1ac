"""After signing in or entering a code, people come back to a page, never to an address that
takes only forms (which would answer 405), and never to another site."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache
from django.urls import reverse

from dialogues.models import OrganisationRole
from dialogues.services.dialogues import dialogue_delete
from tests.dialogues.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def next_of(response):
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)["next"][0]


def two_factor_required(world):
    world.organisation.require_two_factor = True
    world.organisation.save(update_fields=["require_two_factor"])


def admin_with_an_authenticator(world):
    """An organisation admin whose session has not used the authenticator it has."""
    two_factor_required(world)
    admin = world.organisation.memberships.create(
        user=world.users["outsider"], role=OrganisationRole.ADMIN
    ).user
    TOTP.activate(admin, generate_totp_secret())
    return admin


def dialogue_url(name, world):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": world.dialogue.pk})


def test_a_code_asked_for_by_a_form_brings_back_the_page_the_form_was_on(world, login):
    """The owner's session has not used its authenticator; the form to get a new calendar
    address (POST only) sends them for a code, then back to the meetings page."""
    two_factor_required(world)
    owner = world.users["owner"]
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    client = login(owner)
    meetings = dialogue_url("meeting-list", world)
    token = world.dialogue.calendar_token

    response = client.post(
        dialogue_url("calendar-regenerate", world), HTTP_REFERER=f"http://testserver{meetings}"
    )
    assert next_of(response) == meetings
    response = client.post(response["Location"], {"code": code(secret)})
    assert (response.status_code, response["Location"]) == (302, meetings)
    assert client.get(meetings).status_code == 200
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token == token  # the form was not sent on by itself


@pytest.mark.parametrize(
    "referer",
    [
        None,
        "https://evil.example/en/dialogues/",
        "http://testserver//evil.example/en/",
        "http://testserver/\\evil.example/en/",
        "javascript:alert(1)",
        "http://testserver.evil.example/en/",
    ],
)
def test_without_a_page_of_this_site_to_go_back_to_it_is_the_dialogue(world, login, referer):
    two_factor_required(world)
    owner = world.users["owner"]
    TOTP.activate(owner, generate_totp_secret())
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = login(owner).post(dialogue_url("calendar-regenerate", world), **headers)
    assert next_of(response) == dialogue_url("dialogue-detail", world)


def test_a_page_read_comes_back_to_itself(world, login):
    two_factor_required(world)
    owner = world.users["owner"]
    TOTP.activate(owner, generate_totp_secret())
    meetings = dialogue_url("meeting-list", world) + "?past=1"
    assert next_of(login(owner).get(meetings)) == meetings


def test_restoring_a_dialogue_comes_back_to_the_deleted_dialogues(world, login):
    """A deleted dialogue has no page of its own to come back to."""
    admin = admin_with_an_authenticator(world)
    dialogue_delete(dialogue=world.dialogue, user=admin)
    response = login(admin).post(dialogue_url("dialogue-restore", world))
    assert next_of(response) == reverse("dialogues:deleted-list")


def test_an_organisation_form_comes_back_to_the_organisation(world, login):
    admin = admin_with_an_authenticator(world)
    invite = reverse("dialogues:organisation-invite", kwargs={"pk": world.organisation.pk})
    response = login(admin).post(invite, {"email": "x@example.org", "role": "member"})
    organisation = reverse("dialogues:organisation-detail", kwargs={"pk": world.organisation.pk})
    assert next_of(response) == organisation


def test_signing_in_with_the_second_factor_after_a_form_lands_on_a_page(world, client):
    """Signed out (the session ended with the form still open), the owner sends the form,
    signs in with password and code, and lands on the page the form was on."""
    owner = world.users["owner"]
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    meetings = dialogue_url("meeting-list", world)
    response = client.post(
        dialogue_url("calendar-regenerate", world), HTTP_REFERER=f"http://testserver{meetings}"
    )
    login_page = response["Location"]
    assert next_of(response) == meetings

    response = client.post(login_page, {"login": owner.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    cache.clear()
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code(secret)})
    assert (response.status_code, response["Location"]) == (302, meetings)
    assert client.get(meetings).status_code == 200


def test_saving_the_self_check_signed_out_comes_back_to_it(world, client):
    self_check = "/en/toolkit/self-check/"
    response = client.post(
        reverse("dialogues:readiness-save"), HTTP_REFERER=f"http://testserver{self_check}"
    )
    assert next_of(response) == self_check
    response = client.post(reverse("dialogues:readiness-save"))
    assert next_of(response) == reverse("dialogues:home")
