"""The mail queue: every email is stored, sent by a task, retried, and failures are shown."""

import pytest
from django.core import mail
from django.test import override_settings

from dialogues.models import OutboundMessage
from dialogues.services.outbox import message_deliver, message_queue


class BrokenBackend:
    """An email backend whose server always refuses the message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server refused the connection")


BROKEN = "tests.dialogues.test_outbox.BrokenBackend"


def _invite(client, world, email):
    return client.post(
        f"/en/dialogues/{world.dialogue.pk}/members/", {"email": email, "role": "viewer"}
    )


@pytest.mark.django_db
def test_a_queued_email_is_sent_after_the_commit_and_its_body_is_not_kept(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = message_queue(
            kind=OutboundMessage.Kind.OVERDUE_DIGEST,
            to_email="ama@example.org",
            subject="Hello",
            body="Your link: https://example.org/secret",
            attachments=[("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")],
        )
    assert mail.outbox == []  # nothing leaves before the change is committed
    for callback in callbacks:
        callback()
    (sent,) = mail.outbox
    assert sent.to == ["ama@example.org"] and "secret" in sent.body
    assert sent.attachments[0][0] == "meeting.ics"
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.attempts == 1
    assert message.body == "" and message.attachments == []


@pytest.mark.django_db
def test_a_failing_email_is_tried_three_times_then_recorded_as_failed(
    django_capture_on_commit_callbacks,
):
    with override_settings(EMAIL_BACKEND=BROKEN), django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            kind=OutboundMessage.Kind.OVERDUE_DIGEST,
            to_email="ama@example.org",
            subject="Hello",
            body="Body",
        )
    message.refresh_from_db()
    assert message.attempts == OutboundMessage.MAX_ATTEMPTS
    assert message.status == OutboundMessage.Status.FAILED
    assert "refused the connection" in message.last_error
    assert message.body == "Body"  # kept, so a later resend has it
    # A delivered or abandoned message is never sent twice.
    assert message_deliver(message_id=message.pk) is None


@pytest.mark.django_db
def test_a_retry_that_succeeds_marks_the_message_sent(django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND=BROKEN), django_capture_on_commit_callbacks(execute=False):
        message = message_queue(
            kind=OutboundMessage.Kind.OVERDUE_DIGEST,
            to_email="a@example.org",
            subject="S",
            body="B",
        )
        message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.RETRYING and message.attempts == 1
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.last_error == ""
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_inviter_sees_on_the_members_page_that_an_invitation_failed(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["owner"])
    with override_settings(EMAIL_BACKEND=BROKEN), django_capture_on_commit_callbacks(execute=True):
        assert _invite(client, world, "lost@example.org").status_code == 302
    message = OutboundMessage.objects.get(to_email="lost@example.org")
    assert message.kind == OutboundMessage.Kind.TEAM_INVITATION
    assert message.dialogue == world.dialogue and message.sent_by == world.users["owner"]
    page = client.get(f"/en/dialogues/{world.dialogue.pk}/members/").content.decode()
    assert "lost@example.org" in page
    assert "Could not be delivered" in page and "refused the connection" in page

    # Resent once the mail server works again, the warning goes away.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/dialogues/{world.dialogue.pk}/invitations/{message.invitation_id}/",
            {"action": "resend"},
        )
    page = client.get(f"/en/dialogues/{world.dialogue.pk}/members/").content.decode()
    assert "Could not be delivered" not in page
    assert mail.outbox[-1].to == ["lost@example.org"]
