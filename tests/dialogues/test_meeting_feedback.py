"""Anonymous feedback after a meeting: asked of attendees, shown only from three answers."""

import re
from datetime import date

import pytest
from django.core import mail

from dialogues.models import Activity, MeetingFeedback, StakeholderLink
from dialogues.services.meeting_feedback import meeting_feedback_record
from dialogues.services.outreach import stakeholder_link_create

from .factories import MeetingFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(dialogue=world.dialogue, title="Round one")
    consent = {"consent_date": date(2026, 5, 3)}
    people = [
        StakeholderFactory(
            dialogue=world.dialogue, name=f"Person {n}", email=f"p{n}@example.org", **consent
        )
        for n in range(4)
    ]
    people.append(StakeholderFactory(dialogue=world.dialogue, name="Silent", email="s@x.org"))
    meeting.attended.set(people)
    return meeting


def _ask(client, world, meeting, capture):
    client.force_login(world.users["facilitator"])
    with capture(execute=True):
        return client.post(f"/en/dialogues/{world.dialogue.pk}/meetings/{meeting.pk}/feedback/")


def _links():
    return {
        message.to[0]: re.sub(
            r"^https?://[^/]+", "", re.search(r"https?://\S+/link/\S+/", message.body).group(0)
        )
        for message in mail.outbox
    }


def test_attendees_who_consented_are_asked_and_the_others_are_counted(
    client, world, meeting, django_capture_on_commit_callbacks
):
    response = _ask(client, world, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert sorted(_links()) == [f"p{n}@example.org" for n in range(4)]
    assert "3 people have answered" in mail.outbox[0].body
    page = client.get(response["Location"]).text
    assert "Feedback asked of 4 attendees." in page
    assert "1 attendee has no email address or no consent and was not asked." in page
    assert Activity.objects.get(verb=Activity.Verb.FEEDBACK_REQUESTED).details == {"count": 4}


def test_answers_are_anonymous_single_use_and_shown_only_from_three(
    client, world, meeting, django_capture_on_commit_callbacks
):
    _ask(client, world, meeting, django_capture_on_commit_callbacks)
    links = list(_links().values())
    client.logout()
    detail = f"/en/dialogues/{world.dialogue.pk}/meetings/{meeting.pk}/"

    refused = client.post(links[0], {"fair": 3})
    assert refused.status_code == 400 and "This field is required" in refused.text

    answers = [(5, 4, "More time for questions"), (3, 2, ""), (4, 3, "Plus de traduction")]
    for link, (heard, fair, change) in zip(links[:2], answers[:2], strict=True):
        assert (
            client.post(link, {"heard": heard, "fair": fair, "change": change}).status_code == 200
        )
        assert client.get(link).status_code == 404  # one answer per link
    # Nothing ties an answer to a person: no such field, and the link is gone.
    assert {field.name for field in MeetingFeedback._meta.get_fields()} == {
        "id",
        "meeting",
        "heard",
        "fair",
        "change",
    }
    assert StakeholderLink.objects.filter(purpose="feedback").count() == 2

    client.force_login(world.users["viewer"])
    page = client.get(detail).text
    assert "2 answers so far. Results show from 3 answers" in page
    assert "More time for questions" not in page and "feedback-results" not in page

    client.logout()
    heard, fair, change = answers[2]
    client.post(links[2], {"heard": heard, "fair": fair, "change": change})
    client.force_login(world.users["viewer"])
    page = client.get(detail).text
    results = re.search(r'<dl class="row feedback-results">(.*?)</dl>', page, re.S).group(1)
    assert re.search(r"Answers</dt><dd[^>]*>3<", results)
    assert re.search(r"Felt heard[^<]*</dt><dd[^>]*>4.0<", results)
    assert re.search(r"Process fair[^<]*</dt><dd[^>]*>3.0<", results)
    assert "More time for questions" in page and "Plus de traduction" in page


def test_two_answers_sent_at_once_with_one_link_store_one(world, meeting):
    """The second of two submissions that both found the link (sent at the same moment, or a
    form sent twice) stores nothing: the link is spent by the answer that took it."""
    link, _token = stakeholder_link_create(
        stakeholder=meeting.attended.first(),
        purpose=StakeholderLink.Purpose.FEEDBACK,
        meeting=meeting,
    )
    stale = StakeholderLink.objects.get(pk=link.pk)
    assert meeting_feedback_record(link=link, heard=5, fair=5) is not None
    assert meeting_feedback_record(link=stale, heard=1, fair=1) is None
    assert list(MeetingFeedback.objects.values_list("heard", flat=True)) == [5]
