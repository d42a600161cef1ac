"""A commitment's holder confirms its wording and reports progress through a personal link."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from dialogues.models import (
    Activity,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    StakeholderLink,
)
from dialogues.services.outreach import stakeholder_link_create

from .factories import CommitmentFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ama(world):
    return StakeholderFactory(
        dialogue=world.dialogue,
        name="Ama Mensah",
        email="ama@example.org",
        consent_date=date(2026, 5, 3),
        preferred_language="es",
    )


@pytest.fixture
def commitment(world, ama):
    partner = StakeholderFactory(dialogue=world.dialogue, name="Kofi Partner")
    commitment = CommitmentFactory(
        dialogue=world.dialogue, description="Train 40 fishers", holder=ama
    )
    commitment.stakeholders.set([ama, partner])
    return commitment


def _detail(world, commitment):
    return f"/en/dialogues/{world.dialogue.pk}/commitments/{commitment.pk}/"


def _ask(client, world, commitment, capture):
    client.force_login(world.users["facilitator"])
    with capture(execute=True):
        return client.post(_detail(world, commitment) + "ask-holder/")


def _link():
    body = mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+/link/\S+/", body).group(0))


def test_the_holder_must_be_one_of_those_who_commit(client, world, ama):
    other = StakeholderFactory(dialogue=world.dialogue)
    client.force_login(world.users["facilitator"])
    response = client.post(
        f"/en/dialogues/{world.dialogue.pk}/commitments/new/",
        {"stakeholders": [other.pk], "holder": ama.pk, "description": "X", "status": "agreed"},
    )
    assert response.status_code == 400 and "Choose one of those who commit." in response.text
    assert not Commitment.objects.filter(description="X").exists()


def test_the_holder_confirms_the_wording_and_reports_progress(
    client, world, commitment, django_capture_on_commit_callbacks
):
    response = _ask(client, world, commitment, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ama@example.org"]
    assert "Train 40 fishers" in mail.outbox[-1].body
    link = _link()
    assert link.startswith("/es/")
    client.logout()

    page = client.get(link)
    assert page.status_code == 200 and "Train 40 fishers" in page.text
    assert "Kofi Partner" not in page.text  # nothing about the others who commit
    client.post(link, {"action": "confirm"})
    commitment.refresh_from_db()
    assert commitment.is_confirmed
    assert Activity.objects.get(verb=Activity.Verb.CONFIRMED).details["stakeholder"] == "Ama Mensah"

    refused = client.post(link, {"action": "report", "status": "nonsense"})
    assert refused.status_code == 400
    done = client.post(
        link, {"action": "report", "status": "in_progress", "note": "12 formados hasta ahora"}
    )
    assert done.status_code == 200 and 'role="status"' in done.text
    update = CommitmentUpdate.objects.get(commitment=commitment)
    assert update.stakeholder.name == "Ama Mensah" and update.author is None
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_PROGRESS
    assert Activity.objects.filter(verb=Activity.Verb.REPORTED).count() == 1

    client.force_login(world.users["viewer"])
    detail = client.get(_detail(world, commitment)).text
    assert "confirmed the wording on" in detail
    assert "reported by <bdi>Ama Mensah</bdi>, the holder" in detail
    assert "12 formados hasta ahora" in detail

    # A new wording needs a new confirmation.
    Commitment.objects.filter(pk=commitment.pk).update(description="Train 60 fishers")
    assert "has not confirmed" not in detail
    detail = client.get(_detail(world, commitment)).text
    assert "confirmed an earlier wording; ask again" in detail


def test_a_holder_without_consent_is_not_emailed(
    client, world, commitment, ama, django_capture_on_commit_callbacks
):
    ama.consent_date = None
    ama.save()
    response = _ask(client, world, commitment, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mail.outbox == []
    page = client.get(response["Location"]).text
    assert "no recorded consent to be contacted" in page


def test_the_holder_reads_the_terms_the_team_reads(
    client, world, commitment, django_capture_on_commit_callbacks
):
    commitment.due_date = date(2026, 9, 30)
    commitment.resources = "Two boats\nA trainer"
    commitment.save()
    _ask(client, world, commitment, django_capture_on_commit_callbacks)
    team = client.get(_detail(world, commitment)).text
    client.logout()
    holder = client.get(_link()).text  # in Spanish, the holder's language
    for page, by_when in ((team, "30 September 2026"), (holder, "30 de septiembre de 2026")):
        assert '<dd class="col-sm-9" dir="auto">Train 40 fishers</dd>' in page
        assert f'<dd class="col-sm-9">{by_when}</dd>' in page
        assert '<dd class="col-sm-9" dir="auto">Two boats<br>A trainer</dd>' in page


def test_a_former_holders_link_opens_nothing(client, world, ama, commitment):
    """When the team names another holder, the link sent to the first one no longer shows the
    commitment, confirms it or reports progress in their name."""
    _link, token = stakeholder_link_create(
        stakeholder=ama, purpose=StakeholderLink.Purpose.COMMITMENT, commitment=commitment
    )
    url = reverse("dialogues:stakeholder-link", kwargs={"token": token})
    assert client.get(url).status_code == 200
    Commitment.objects.filter(pk=commitment.pk).update(
        holder=commitment.stakeholders.exclude(pk=ama.pk).get()
    )

    page = client.get(url)
    assert page.status_code == 404 and "Train 40 fishers" not in page.text
    assert client.post(url, {"action": "confirm"}).status_code == 404
    assert client.post(url, {"status": CommitmentStatus.DONE, "note": "x"}).status_code == 404
    commitment.refresh_from_db()
    assert commitment.confirmed_at is None
    assert not CommitmentUpdate.objects.filter(commitment=commitment).exists()
