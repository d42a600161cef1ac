"""Pages whose address holds a secret (a stakeholder's link, a team invitation, the link to
change one's emails, the calendar feed) tell the browser not to send that address to another
site and not to keep the page, also when they refuse the token."""

import pytest
from django.urls import reverse

from dialogues.models import StakeholderLink
from dialogues.services.notifications import notification_token
from dialogues.services.outreach import stakeholder_link_create

NO_CROSS_SITE_REFERRER = {"no-referrer", "same-origin"}


def secret_addresses(world):
    _link, token = stakeholder_link_create(
        stakeholder=world.stakeholder, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    notification = notification_token(user=world.users["viewer"], dialogue=world.dialogue)
    return {
        "stakeholder link": reverse("dialogues:stakeholder-link", kwargs={"token": token}),
        "unknown stakeholder link": reverse("dialogues:stakeholder-link", kwargs={"token": "x"}),
        "invitation": reverse(
            "dialogues:invitation-accept", kwargs={"token": world.invitation.token}
        ),
        "unknown invitation": reverse("dialogues:invitation-accept", kwargs={"token": "x"}),
        "emails choice": reverse("dialogues:notification-change", kwargs={"token": notification}),
        "calendar feed": reverse(
            "dialogues:calendar-feed",
            kwargs={"dialogue_pk": world.dialogue.pk, "token": world.dialogue.calendar_token},
        ),
    }


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_secret_in_the_address_stays_on_the_site_and_in_no_cache(world, login, signed_in):
    client = login(world.users["owner"] if signed_in else None)
    for name, url in secret_addresses(world).items():
        response = client.get(url)
        assert response.status_code < 500, name
        assert response["Referrer-Policy"] in NO_CROSS_SITE_REFERRER, name
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, name


def test_a_stakeholders_page_sends_no_referrer_even_within_the_site(world, client):
    """Its links may lead to a meeting's online address: that site learns nothing."""
    urls = secret_addresses(world)
    for name in ("stakeholder link", "unknown stakeholder link"):
        assert client.get(urls[name])["Referrer-Policy"] == "no-referrer", name
