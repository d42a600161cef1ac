"""Writes of meeting invitations to stakeholders and of their replies."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ..calendar import invitation_ics
from ..models import Activity, MeetingReply, OutboundMessage, StakeholderLink
from .dialogues import activity_record
from .outreach import link_url, stakeholder_email_queue, stakeholder_link_create


@transaction.atomic
def meeting_invitations_send(*, meeting, stakeholders, user):
    """Email each stakeholder (all of whom consented) the meeting with its agenda, a calendar
    file and a personal reply link; they count as invited from now on."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    agenda = list(meeting.agenda_items.all())
    for stakeholder in stakeholders:
        language = stakeholder.language
        _link, token = stakeholder_link_create(
            stakeholder=stakeholder,
            purpose=StakeholderLink.Purpose.MEETING_REPLY,
            meeting=meeting,
            user=user,
        )
        reply_url = link_url(token=token, language=language)
        with translation.override(language):
            ics = invitation_ics(meeting, host=host, reply_url=reply_url).decode()
        stakeholder_email_queue(
            stakeholder=stakeholder,
            kind=OutboundMessage.Kind.MEETING_INVITATION,
            template="dialogues/email/meeting_invitation",
            context={"meeting": meeting, "agenda": agenda, "reply_url": reply_url},
            user=user,
            attachments=[(f"meeting-{meeting.pk}.ics", ics, "text/calendar")],
            meeting=meeting,
        )
    meeting.invited.add(*stakeholders)
    activity_record(
        dialogue=meeting.dialogue,
        actor=user,
        verb=Activity.Verb.INVITATIONS_SENT,
        target=meeting,
        details={"count": len(stakeholders)},
    )
    return len(stakeholders)


@transaction.atomic
def meeting_reply_record(*, link, answer, note="", needs=()):
    """Store (or change) the answer given through a reply link."""
    values = {"answer": answer, "note": note, "updated": timezone.now()}
    values.update({name: name in needs for name in MeetingReply.NEEDS})
    reply, _created = MeetingReply.objects.update_or_create(
        meeting=link.meeting, stakeholder=link.stakeholder, defaults=values
    )
    StakeholderLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    link.meeting.invited.add(link.stakeholder)
    activity_record(
        dialogue=link.meeting.dialogue,
        actor=None,
        verb=Activity.Verb.REPLIED,
        target=link.meeting,
        details={"stakeholder": link.stakeholder.name, "answer": answer},
    )
    return reply
