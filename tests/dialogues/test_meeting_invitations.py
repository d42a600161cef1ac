"""Inviting stakeholders to a meeting by email, and their replies through a personal link."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from dialogues.models import Activity, MeetingReply, OutboundMessage, StakeholderLink
from dialogues.services.outreach import stakeholder_link_create
from dialogues.services.stakeholders import stakeholder_erase

from .factories import AgendaItemFactory, MeetingFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        dialogue=world.dialogue,
        title="Harbour round table",
        starts_at=datetime(2027, 3, 4, 9, 0, tzinfo=UTC),
        place="Town hall, room 2",
        minutes="Secret minutes text",
        decisions="Secret decision text",
    )
    AgendaItemFactory(meeting=meeting, title="Fish stocks and quotas")
    return meeting


@pytest.fixture
def people(world):
    consent = {"consent_date": date(2026, 5, 3), "consent_method": "signed form"}
    return {
        "ama": StakeholderFactory(
            dialogue=world.dialogue,
            name="Ama Mensah",
            email="ama@example.org",
            preferred_language="fr",
            **consent,
        ),
        "kofi": StakeholderFactory(
            dialogue=world.dialogue, name="Kofi Boateng", email="kofi@example.org", **consent
        ),
        "no_consent": StakeholderFactory(
            dialogue=world.dialogue, name="Esi NoConsent", email="esi@example.org"
        ),
        "no_email": StakeholderFactory(dialogue=world.dialogue, name="Yaw NoEmail", **consent),
    }


def _invite_url(world, meeting):
    return f"/en/dialogues/{world.dialogue.pk}/meetings/{meeting.pk}/invite/"


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def _reply_link(message):
    return _path(re.search(r"https?://\S+/link/\S+/", message.body).group(0))


def test_only_people_who_consented_can_be_chosen_and_the_page_says_why(
    client, world, meeting, people
):
    client.force_login(world.users["facilitator"])
    page = client.get(_invite_url(world, meeting)).text
    assert f'value="{people["ama"].pk}"' in page and f'value="{people["kofi"].pk}"' in page
    assert f'value="{people["no_consent"].pk}"' not in page
    assert f'value="{people["no_email"].pk}"' not in page
    assert "Esi NoConsent</bdi></a> — no consent to be contacted recorded" in page
    assert "Yaw NoEmail</bdi></a> — no email address recorded" in page

    refused = client.post(_invite_url(world, meeting), {"stakeholders": [people["no_consent"].pk]})
    assert refused.status_code == 400 and "is not one of the available choices" in refused.text
    empty = client.post(_invite_url(world, meeting), {})
    assert empty.status_code == 400 and "Choose at least one stakeholder" in empty.text
    assert mail.outbox == []


def test_viewers_cannot_send_invitations(client, world, meeting, people):
    client.force_login(world.users["viewer"])
    response = client.post(_invite_url(world, meeting), {"stakeholders": [people["ama"].pk]})
    assert response.status_code == 403
    assert mail.outbox == []


def test_invitations_go_out_in_each_language_with_agenda_calendar_and_reply_link(
    client, world, meeting, people, django_capture_on_commit_callbacks
):
    client.force_login(world.users["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(world, meeting),
            {"stakeholders": [people["ama"].pk, people["kofi"].pk]},
        )
    assert response.status_code == 302
    by_person = {message.to[0]: message for message in mail.outbox}
    french = by_person["ama@example.org"]
    assert french.subject == "Invitation : Harbour round table"
    assert "Fish stocks and quotas" in french.body and "Town hall, room 2" in french.body
    assert "/fr/dialogues/link/" in _reply_link(french)
    (filename, ics, mimetype) = french.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics and "Harbour round table" in ics and "/link/" in ics
    assert "Secret minutes" not in french.body + ics
    assert "Kofi" not in french.body  # nobody else is named
    assert "/en/dialogues/link/" in _reply_link(by_person["kofi@example.org"])

    assert set(meeting.invited.all()) == {people["ama"], people["kofi"]}
    sent = Activity.objects.get(verb=Activity.Verb.INVITATIONS_SENT)
    assert sent.details == {"count": 2} and sent.actor == world.users["facilitator"]
    assert (
        OutboundMessage.objects.filter(
            kind=OutboundMessage.Kind.MEETING_INVITATION, status=OutboundMessage.Status.SENT
        ).count()
        == 2
    )


def test_the_reply_page_shows_the_meeting_only_and_the_reply_lands_on_the_meeting_page(
    client, world, meeting, people, django_capture_on_commit_callbacks
):
    client.force_login(world.users["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _invite_url(world, meeting),
            {"stakeholders": [people["ama"].pk, people["kofi"].pk]},
        )
    link = _reply_link(next(m for m in mail.outbox if m.to == ["ama@example.org"]))
    client.logout()

    page = client.get(link)
    assert page.status_code == 200 and '<html lang="fr"' in page.text
    assert "Harbour round table" in page.text and "Fish stocks and quotas" in page.text
    for secret in ("Kofi Boateng", "Secret minutes text", "Secret decision text", "Esi"):
        assert secret not in page.text

    invalid = client.post(link, {"note": "no answer chosen"})
    assert invalid.status_code == 400 and "Ce champ est obligatoire" in invalid.text
    saved = client.post(
        link, {"answer": "yes", "needs_interpretation": "on", "note": "Je viens avec ma fille"}
    )
    assert saved.status_code == 200 and 'role="status"' in saved.text
    reply = MeetingReply.objects.get(meeting=meeting, stakeholder=people["ama"])
    assert reply.answer == "yes" and reply.needs_interpretation and not reply.needs_travel
    assert Activity.objects.get(verb=Activity.Verb.REPLIED).details["stakeholder"] == "Ama Mensah"

    # Changing one's mind replaces the reply.
    client.post(link, {"answer": "maybe"})
    assert MeetingReply.objects.get(stakeholder=people["ama"]).answer == "maybe"

    client.force_login(world.users["viewer"])
    detail = client.get(f"/en/dialogues/{world.dialogue.pk}/meetings/{meeting.pk}/").text
    counts = re.sub(
        r"\s+",
        " ",
        re.search(r'<ul class="list-inline reply-counts">(.*?)</ul>', detail, re.S).group(1),
    )
    assert re.search(r">1</span> Maybe", counts) and re.search(r">0</span> Yes", counts)
    assert re.search(r">1</span> no reply yet", counts)  # Kofi
    assert "Ama Mensah</bdi></th><td>Maybe" in detail


def test_an_invitation_that_could_not_be_delivered_shows_on_the_meeting_page(
    client, world, meeting, people, django_capture_on_commit_callbacks
):
    client.force_login(world.users["facilitator"])
    with (
        override_settings(EMAIL_BACKEND="tests.dialogues.test_outbox.BrokenBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(_invite_url(world, meeting), {"stakeholders": [people["ama"].pk]})
    detail = f"/en/dialogues/{world.dialogue.pk}/meetings/{meeting.pk}/"
    page = client.get(detail).text
    warning = re.search(r'<div class="alert alert-warning undelivered".*?</div>', page, re.S)
    assert "Ama Mensah" in warning.group(0) and "Could not be delivered" in warning.group(0)
    assert "refused the connection" in warning.group(0)
    client.force_login(world.users["viewer"])
    assert "undelivered" not in client.get(detail).text


def test_erasing_a_stakeholder_clears_what_outreach_kept_about_them(
    client, world, meeting, people, django_capture_on_commit_callbacks
):
    client.force_login(world.users["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_invite_url(world, meeting), {"stakeholders": [people["ama"].pk]})
    link = _reply_link(mail.outbox[-1])
    client.post(link, {"answer": "no", "note": "My daughter is ill"})
    ama = people["ama"]
    stakeholder_erase(stakeholder=ama, user=world.users["owner"])

    assert client.get(link).status_code == 404
    reply = MeetingReply.objects.get(stakeholder=ama)
    assert reply.answer == "no" and reply.note == ""  # still counted, no longer personal
    assert not OutboundMessage.objects.filter(to_email="ama@example.org").exists()
    assert not Activity.objects.filter(details__stakeholder="Ama Mensah").exists()


def test_a_reply_link_opens_nothing_once_its_stakeholder_is_no_longer_invited(
    client, world, meeting, people
):
    """Taken off the meeting's invited list, a person no longer sees where and when it is
    held (or its online address) through the link they were sent, and cannot reply."""
    ama = people["ama"]
    meeting.online_url = "https://meet.example.org/harbour-secret"
    meeting.save(update_fields=["online_url"])
    meeting.invited.add(ama)
    _link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.MEETING_REPLY, meeting=meeting
    )
    url = reverse("dialogues:stakeholder-link", kwargs={"token": token})
    assert "harbour-secret" in client.get(url).text
    meeting.invited.remove(ama)

    page = client.get(url)
    assert page.status_code == 404
    assert "harbour-secret" not in page.text and "Town hall" not in page.text
    assert client.post(url, {"answer": MeetingReply.Answer.YES}).status_code == 404
    assert not MeetingReply.objects.exists()
