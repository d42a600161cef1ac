"""Reads of meetings: the list with its counts, one meeting in full, the calendar feed."""

import secrets

from django.db.models import Exists, OuterRef, Prefetch

from ..models import AgendaItem, Commitment, Dialogue, Meeting, MeetingReply
from .checklists import TOOL_TEXTS, count_per
from .stakeholders import stakeholders_in_sector_order

# What the meetings' pages read of the stakeholders: the meeting page lists the invited, those
# who came and those who replied by name and organisation, and attendance is counted by sector
# there and on the overview. A change to one of these moves the meetings' revision too
# (services.stakeholders.stakeholder_update), which keys those pages' kept parts.
STAKEHOLDER_FIELDS_SHOWN = ("name", "organisation", "sector")


def agenda_items():
    """Agenda items with their toolkit tool, its long texts left in the database."""
    return AgendaItem.objects.select_related("tool").defer(*TOOL_TEXTS)


def through_count(field):
    """How many stakeholders a meeting's ``field`` ("invited" or "attended") holds."""
    through = getattr(Meeting, field).through
    return count_per(through.objects.filter(meeting_id=OuterRef("pk")), "meeting_id")


def meetings_list(dialogue):
    """The dialogue's meetings, latest first, with how many agenda items and people (one query)."""
    return Meeting.objects.filter(dialogue=dialogue).annotate(
        agenda_count=count_per(AgendaItem.objects.filter(meeting_id=OuterRef("pk")), "meeting_id"),
        invited_count=through_count("invited"),
        attended_count=through_count("attended"),
        commitment_count=count_per(
            Commitment.objects.filter(meeting_id=OuterRef("pk")), "meeting_id"
        ),
    )


def meeting_full(dialogue, pk):
    """One meeting of the dialogue with its agenda, people and commitments, or None."""
    stakeholders = stakeholders_in_sector_order()
    return (
        Meeting.objects.filter(dialogue=dialogue, pk=pk)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("agenda_items", queryset=agenda_items()),
            Prefetch("invited", queryset=stakeholders),
            Prefetch("attended", queryset=stakeholders),
            Prefetch("replies", queryset=MeetingReply.objects.select_related("stakeholder")),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related("stakeholders"),
            ),
        )
        .first()
    )


def meeting_of(dialogue, pk):
    """The dialogue's meeting with this key, or None."""
    return Meeting.objects.filter(dialogue=dialogue, pk=pk).first()


def meeting_people(meeting):
    """{"anyone_invited": bool, "anyone_came": bool} of the meeting (one query)."""

    def anyone(field):
        through = getattr(Meeting, field).through
        return Exists(through.objects.filter(meeting_id=OuterRef("pk")))

    return (
        Meeting.objects.filter(pk=meeting.pk)
        .values(anyone_invited=anyone("invited"), anyone_came=anyone("attended"))
        .get()
    )


def calendar_feed_dialogue(pk, token):
    """The live dialogue whose secret feed address this is, or None."""
    dialogue = Dialogue.objects.alive().filter(pk=pk).first()
    if dialogue is None or not secrets.compare_digest(
        dialogue.calendar_token.encode(), token.encode()
    ):
        return None
    return dialogue


def calendar_meetings(dialogue):
    """Every meeting of the dialogue with its agenda, in time order, for a calendar file."""
    return (
        Meeting.objects.filter(dialogue=dialogue)
        .prefetch_related("agenda_items")
        .order_by("starts_at", "pk")
    )


def meeting_public(dialogue, pk, *, invitee=None):
    """What an invited stakeholder may see of a meeting: the meeting with its agenda titles
    (never people, minutes or decisions), or None; with ``invitee``, None unless that
    stakeholder is (still) invited."""
    meetings = Meeting.objects.filter(dialogue=dialogue, pk=pk)
    if invitee is not None:
        meetings = meetings.filter(invited=invitee)
    return (
        meetings.only("pk", "dialogue", *Meeting.SCHEDULE_FIELDS, "version", "updated")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.only("meeting", "order", "title"))
        )
        .first()
    )
