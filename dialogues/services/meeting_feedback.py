"""Writes of the anonymous feedback after a meeting: asking the attendees, and storing an answer
with nothing that says whose it is."""

from django.db import transaction

from ..models import Activity, MeetingFeedback, OutboundMessage, StakeholderLink
from .dialogues import activity_record
from .outreach import link_url, stakeholder_email_queue, stakeholder_link_create


@transaction.atomic
def meeting_feedback_request(*, meeting, user):
    """Email every attendee who consented a personal link to the feedback form; returns
    ``(asked, not_asked)``, the latter having no email address or no consent."""
    attendees = list(meeting.attended.all())
    reachable = [person for person in attendees if person.can_be_emailed]
    for stakeholder in reachable:
        _link, token = stakeholder_link_create(
            stakeholder=stakeholder,
            purpose=StakeholderLink.Purpose.FEEDBACK,
            meeting=meeting,
            user=user,
        )
        stakeholder_email_queue(
            stakeholder=stakeholder,
            kind=OutboundMessage.Kind.FEEDBACK_REQUEST,
            template="dialogues/email/meeting_feedback",
            context={
                "minimum": MeetingFeedback.MIN_ANSWERS,
                "meeting": meeting,
                "feedback_url": link_url(token=token, language=stakeholder.language),
            },
            user=user,
            meeting=meeting,
        )
    activity_record(
        dialogue=meeting.dialogue,
        actor=user,
        verb=Activity.Verb.FEEDBACK_REQUESTED,
        target=meeting,
        details={"count": len(reachable)},
    )
    return len(reachable), len(attendees) - len(reachable)


@transaction.atomic
def meeting_feedback_record(*, link, heard, fair, change=""):
    """Store the answer and delete the link that brought it: one answer per link, and no trace
    of who gave which. The link is deleted first: of two answers sent with it at once, the one
    that finds it gone stores nothing and gets None (the row lock orders them)."""
    deleted, _rows = StakeholderLink.objects.filter(pk=link.pk).delete()
    if not deleted:
        return None
    return MeetingFeedback.objects.create(
        meeting_id=link.meeting_id, heard=heard, fair=fair, change=change
    )
