"""Links sent to stakeholders: consent, unsubscribe, expiry, revocation, rate limit."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from dialogues.models import Activity, OutboundMessage, StakeholderLink, hash_token
from dialogues.services.dialogues import dialogue_archive, dialogue_delete, dialogue_restore
from dialogues.services.outreach import (
    link_url,
    stakeholder_email_queue,
    stakeholder_link_create,
)
from toolkit_site.settings.base import ACCOUNT_RATE_LIMITS

from .factories import CommitmentFactory, MeetingFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    """An email of the tests' own, so these tests hold whatever real emails say."""
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


@pytest.fixture
def ama(world):
    return StakeholderFactory(
        dialogue=world.dialogue,
        name="Ama Mensah",
        email="ama@example.org",
        consent_date=date(2026, 5, 3),
        consent_method="signed form",
        preferred_language="fr",
    )


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def _send(ama, world, capture):
    with capture(execute=True):
        return stakeholder_email_queue(
            stakeholder=ama,
            kind=OutboundMessage.Kind.MEETING_INVITATION,
            template="tests/stakeholder",
            context={},
            user=world.users["facilitator"],
        )


def test_every_email_to_a_stakeholder_carries_a_link_that_stops_emails(
    client, world, ama, django_capture_on_commit_callbacks
):
    _send(ama, world, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["ama@example.org"]
    url = re.search(r"https?://\S+/link/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert "/fr/" in url  # in the stakeholder's own language

    page = client.get(_path(url))
    assert page.status_code == 200
    assert '<html lang="fr"' in page.content.decode() and "Ne plus recevoir" in page.text
    ama.refresh_from_db()
    assert ama.consent_date is not None  # opening the page changes nothing

    done = client.post(_path(url))
    assert done.status_code == 200
    ama.refresh_from_db()
    assert ama.consent_date is None and ama.consent_method == ""
    activity = Activity.objects.get(verb=Activity.Verb.UNSUBSCRIBED)
    assert activity.dialogue == world.dialogue and activity.details["stakeholder"] == "Ama Mensah"
    feed = client_as(client, world, "viewer").get(f"/en/dialogues/{world.dialogue.pk}/activity/")
    assert "Ama Mensah" in feed.text and "stopped emails from the team" in feed.text

    # Without consent, nothing more is sent.
    with pytest.raises(ValidationError):
        _send(ama, world, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def client_as(client, world, role):
    client.force_login(world.users[role])
    return client


def test_without_email_or_consent_nobody_is_emailed(world, django_capture_on_commit_callbacks):
    for person in (
        StakeholderFactory(dialogue=world.dialogue, email="x@example.org"),
        StakeholderFactory(dialogue=world.dialogue, consent_date=date(2026, 1, 1)),
    ):
        with pytest.raises(ValidationError):
            _send(person, world, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not OutboundMessage.objects.exists()


def test_only_a_hash_of_the_token_is_stored_and_guesses_open_nothing(client, ama):
    link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    assert len(token) >= 40 and link.token_hash == hash_token(token) != token
    assert not StakeholderLink.objects.filter(token_hash=token).exists()
    assert client.get(_path(link_url(token=token, language="en"))).status_code == 200
    guess = client.get(_path(link_url(token=token[:-1] + "x", language="en")))
    assert guess.status_code == 404 and "This link does not work" in guess.text


def test_expired_and_revoked_links_open_nothing(client, world, ama):
    link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    url = _path(link_url(token=token, language="ar"))
    StakeholderLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    page = client.get(url)
    assert page.status_code == 404 and 'dir="rtl"' in page.text
    assert client.post(url).status_code == 404
    ama.refresh_from_db()
    assert ama.consent_date is not None

    link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    detail = f"/en/dialogues/{world.dialogue.pk}/stakeholders/{ama.pk}/"
    revoke = f"{detail}links/{link.pk}/revoke/"
    assert client_as(client, world, "viewer").post(revoke).status_code == 403
    facilitator = client_as(client, world, "facilitator")
    assert "Personal links sent" in facilitator.get(detail).text
    assert facilitator.post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Activity.objects.filter(verb=Activity.Verb.LINK_REVOKED).count() == 1
    assert "Personal links sent" not in facilitator.get(detail).text
    client.logout()
    assert client.get(_path(link_url(token=token, language="en"))).status_code == 404


def test_a_link_of_another_dialogue_cannot_be_revoked_from_this_one(client, world, ama):
    other = StakeholderFactory()
    link, _token = stakeholder_link_create(
        stakeholder=other, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    facilitator = client_as(client, world, "facilitator")
    url = f"/en/dialogues/{world.dialogue.pk}/stakeholders/{ama.pk}/links/{link.pk}/revoke/"
    assert facilitator.post(url).status_code == 404


def test_link_pages_slow_down_guessers(client, ama):
    with override_settings(ACCOUNT_RATE_LIMITS=ACCOUNT_RATE_LIMITS):
        amount = int(ACCOUNT_RATE_LIMITS["stakeholder_link"].split("/")[0])
        for number in range(amount):
            client.get(f"/en/dialogues/link/guess-{number}/")
        assert client.get("/en/dialogues/link/guess-last/").status_code == 429


def test_the_language_falls_back_to_the_dialogue_then_english(world):
    person = StakeholderFactory(dialogue=world.dialogue)
    world.dialogue.languages = ["es", "fr"]
    assert person.language == "es"
    world.dialogue.languages = []
    assert person.language == "en"
    person.preferred_language = "ar"
    assert person.language == "ar"


def test_a_stakeholder_link_page_asks_for_no_login_and_no_cookie(client, ama):
    _link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    page = client.get(_path(link_url(token=token, language="es")))
    assert page.status_code == 200 and '<html lang="es"' in page.text
    assert not page.cookies  # nothing to consent to
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Log in" not in page.text and "Iniciar sesión" not in page.text
    assert "Ministry of Fisheries" not in page.text  # nothing from the register shows
    # The site's header without its navigation: the name, not a link, and the languages.
    assert '<span class="site-brand me-auto">' in page.text
    assert '<a class="site-brand' not in page.text and "/es/toolkit/" not in page.text
    assert 'class="nav language-switcher"' in page.text and 'hreflang="fr"' in page.text


def test_the_team_sets_the_preferred_language_on_the_stakeholder_form(client, world, ama):
    client.force_login(world.users["facilitator"])
    edit = f"/en/dialogues/{world.dialogue.pk}/stakeholders/{ama.pk}/edit/"
    page = client.get(edit).text
    assert 'name="preferred_language"' in page
    assert '<option value="fr" selected>' in page
    data = {
        "kind": ama.kind,
        "name": ama.name,
        "organisation": ama.organisation,
        "sector": ama.sector,
        "influence": 3,
        "interest": 3,
        "stance": ama.stance,
        "engagement_current": ama.engagement_current,
        "engagement_desired": ama.engagement_desired,
        "participation_level": ama.participation_level,
        "status": ama.status,
        "email": ama.email,
        "consent_date": "2026-05-03",
        "consent_method": ama.consent_method,
        "preferred_language": "ar",
        "version": ama.version,
    }
    assert client.post(edit, data).status_code == 302
    ama.refresh_from_db()
    assert ama.preferred_language == "ar" and ama.language == "ar"


@pytest.mark.parametrize("purpose", ["unsubscribe", "commitment"])
def test_links_of_a_deleted_dialogue_open_nothing(client, world, ama, purpose):
    """A deleted dialogue is closed to everyone: its stakeholders' links show nothing of it
    and store nothing in it, until it is restored."""
    commitment = CommitmentFactory(
        dialogue=world.dialogue, description="Open the harbour records", holder=ama
    )
    link, token = stakeholder_link_create(
        stakeholder=ama, purpose=purpose, commitment=commitment if purpose == "commitment" else None
    )
    url = _path(link_url(token=token, language="en"))
    dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])

    page = client.get(url)
    assert page.status_code == 404
    assert "harbour" not in page.text and "Ama" not in page.text
    assert client.post(url, {"action": "confirm", "status": "done"}).status_code == 404
    ama.refresh_from_db()
    commitment.refresh_from_db()
    assert ama.consent_date is not None
    assert commitment.confirmed_at is None and commitment.updates.count() == 0

    dialogue_restore(dialogue=world.dialogue, user=world.users["owner"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("purpose", ["meeting_reply", "feedback", "commitment"])
def test_links_of_an_archived_dialogue_take_no_more_answers(client, world, ama, purpose):
    """An archived dialogue is read-only for the people on its list as for its team: their
    links say they are closed and store nothing, until the dialogue is taken out of the
    archive."""
    meeting = MeetingFactory(dialogue=world.dialogue, title="Harbour hearing")
    meeting.invited.add(ama)
    meeting.attended.add(ama)
    commitment = CommitmentFactory(
        dialogue=world.dialogue, description="Open the harbour records", holder=ama
    )
    link, token = stakeholder_link_create(
        stakeholder=ama,
        purpose=purpose,
        meeting=meeting if purpose != "commitment" else None,
        commitment=commitment if purpose == "commitment" else None,
    )
    url = _path(link_url(token=token, language="en"))
    assert client.get(url).status_code == 200
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"])

    page = client.get(url)
    assert page.status_code == 404 and "This link does not work" in page.text
    assert "harbour" not in page.text.lower()
    answers = {"answer": "yes", "heard": "4", "fair": "4", "action": "confirm", "status": "done"}
    assert client.post(url, answers).status_code == 404
    assert not meeting.replies.exists() and not meeting.feedback.exists()
    commitment.refresh_from_db()
    assert commitment.confirmed_at is None and commitment.updates.count() == 0

    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"], archived=False)
    assert client.get(url).status_code == 200


def test_an_archived_dialogue_still_lets_people_stop_its_emails(client, world, ama):
    link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"])
    url = _path(link_url(token=token, language="en"))
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    ama.refresh_from_db()
    assert ama.consent_date is None


def test_the_stakeholder_page_says_that_an_archived_dialogues_links_are_closed(login, world, ama):
    meeting = MeetingFactory(dialogue=world.dialogue, title="Harbour hearing")
    stakeholder_link_create(stakeholder=ama, purpose="feedback", meeting=meeting)
    client = login(world.users["facilitator"])
    note = "While the dialogue is archived, these links open nothing"
    page = client.get(ama.get_absolute_url()).content.decode()
    assert "Harbour hearing" in page and note not in page

    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"])
    page = client.get(ama.get_absolute_url()).content.decode()
    assert "Harbour hearing" in page and note in page
    assert "Close link" in page  # closing a link stays possible in the archive
