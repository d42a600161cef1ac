"""Reads for the documents that fill themselves: the register and the meeting they are written
from, fetched at once so that writing a document costs a fixed number of queries."""

from django.db.models import Prefetch
from django.utils import timezone

from ..models import Meeting
from .meetings import agenda_items, meeting_full
from .stakeholders import stakeholders_in_sector_order


def document_stakeholders(dialogue):
    """The register in sector order, erased people left out."""
    return tuple(stakeholders_in_sector_order().filter(dialogue=dialogue, erased_at__isnull=True))


def document_meeting(dialogue, meeting):
    """The chosen meeting in full (agenda, attendance, commitments), or None."""
    return meeting_full(dialogue, meeting.pk) if meeting is not None else None


def next_meeting(dialogue, *, now=None):
    """The dialogue's next meeting with its agenda, or None."""
    return (
        Meeting.objects.filter(dialogue=dialogue, starts_at__gte=now or timezone.now())
        .order_by("starts_at", "pk")
        .prefetch_related(Prefetch("agenda_items", queryset=agenda_items()))
        .first()
    )
