"""Writes of meetings and their agenda, and of the dialogue's calendar feed address."""

from django.db import transaction
from django.db.models import F

from ..models import (
    Activity,
    AgendaItem,
    Meeting,
)
from .dialogues import activity_record, dialogue_calendar_feed_rotate, save_versioned
from .notifications import members_notify

# The parts of the dialogue (Dialogue.PARTS) that show a meeting: the meeting list and the
# overview (attendance), and the commitment list, which names the meeting of each commitment.
MEETINGS = ("meetings",)
WITH_COMMITMENTS = ("meetings", "commitments")


def _agenda_sync(meeting, agenda):
    """Apply agenda rows ({"id", "order", "title", "duration_minutes", "tool", "delete"})."""
    existing = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    fields = ("order", "title", "duration_minutes", "tool")
    for row in agenda:
        item = existing.get(row.get("id"))
        if row.get("delete"):
            if item is not None:
                item.delete()
            continue
        if item is None:
            AgendaItem.objects.create(meeting=meeting, **{name: row.get(name) for name in fields})
        else:
            for name in fields:
                setattr(item, name, row.get(name))
            item.save()


@transaction.atomic
def meeting_create(*, dialogue, user, fields, invited=(), attended=(), agenda=()):
    meeting = Meeting.objects.create(dialogue=dialogue, created_by=user, **fields)
    meeting.invited.set(invited)
    meeting.attended.set(attended)
    _agenda_sync(meeting, agenda)
    # A new meeting holds no commitment yet.
    activity_record(
        dialogue=dialogue, actor=user, verb=Activity.Verb.CREATED, target=meeting, parts=MEETINGS
    )
    members_notify(
        dialogue=dialogue, actor=user, template="meeting_scheduled", context={"meeting": meeting}
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting, user, version, fields, invited, attended, agenda=()):
    """Save the meeting unless someone saved it meanwhile (ConflictError); then its lists.

    The workspace's members hear about it when it moves to another time."""
    was_at = Meeting.objects.filter(pk=meeting.pk).values_list("starts_at", flat=True).first()
    save_versioned(instance=meeting, version=version, fields=fields)
    meeting.invited.set(invited)
    meeting.attended.set(attended)
    _agenda_sync(meeting, agenda)
    activity_record(
        dialogue=meeting.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=meeting,
        details={"fields": sorted(fields)},
        parts=WITH_COMMITMENTS,
    )
    if meeting.starts_at != was_at:
        members_notify(
            dialogue=meeting.dialogue,
            actor=user,
            template="meeting_moved",
            context={"meeting": meeting, "was_at": was_at},
        )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting, user):
    activity_record(
        dialogue=meeting.dialogue,
        actor=user,
        verb=Activity.Verb.DELETED,
        target=meeting,
        parts=WITH_COMMITMENTS,
    )
    meeting.delete()


def dialogue_calendar_token_regenerate(*, dialogue, user):
    """An owner asks for a new secret feed address; the old one stops working at once."""
    return dialogue_calendar_feed_rotate(dialogue=dialogue, user=user, reason="regenerated")


@transaction.atomic
def meeting_attendance_record(*, meeting, present, user):
    """Who of the invited came: ticks replace the attendance of the invited; people recorded as
    attending without an invitation stay."""
    invited = set(meeting.invited.values_list("pk", flat=True))
    others = set(meeting.attended.exclude(pk__in=invited).values_list("pk", flat=True))
    meeting.attended.set(others | {person.pk for person in present if person.pk in invited})
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    activity_record(
        dialogue=meeting.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=meeting,
        details={"fields": ["attended"]},
        parts=MEETINGS,
    )
    return meeting
