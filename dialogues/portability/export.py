"""Writing the whole-dialogue file: everything a team recorded, streamed a record at a time.

The dialogue's details, labels, stakeholders with their interaction logs, checklists, stage
history, meetings with agenda and attendance, commitments with their progress updates.
"""

import json

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    AgendaItem,
    ChecklistItem,
    Commitment,
    CommitmentUpdate,
    Interaction,
    Label,
    Meeting,
    StageTransition,
    Stakeholder,
)
from .schema import (
    AGENDA_FIELDS,
    CHECKLIST_FIELDS,
    COMMITMENT_FIELDS,
    DIALOGUE_FIELDS,
    FORMAT,
    INTERACTION_FIELDS,
    LABEL_FIELDS,
    MEETING_FIELDS,
    SCHEMA_VERSION,
    STAKEHOLDER_FIELDS,
    TRANSITION_FIELDS,
    UPDATE_FIELDS,
)


def _value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _values(instance, names):
    return {name: _value(getattr(instance, name)) for name in names}


def _email(user):
    return user.email.lower() if user is not None and user.email else None


# Rows are read this many at a time (with their related rows), so the file streams out in
# constant memory whatever the dialogue's size.
EXPORT_CHUNK = 500


def _header(dialogue):
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "dialogue": {
            **_values(dialogue, DIALOGUE_FIELDS),
            "languages": list(dialogue.languages or []),
        },
    }


def _labels(dialogue):
    for label in Label.objects.filter(dialogue=dialogue).order_by("pk"):
        yield {"id": label.pk, **_values(label, LABEL_FIELDS)}


def _stakeholders(dialogue):
    stakeholders = (
        Stakeholder.objects.filter(dialogue=dialogue)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("labels", queryset=Label.objects.only("pk")),
            Prefetch(
                "interactions",
                queryset=Interaction.objects.select_related("recorded_by").order_by("date", "pk"),
            ),
        )
        .order_by("pk")
    )
    for stakeholder in stakeholders.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            "id": stakeholder.pk,
            **_values(stakeholder, STAKEHOLDER_FIELDS),
            "created_by": _email(stakeholder.created_by),
            "labels": [label.pk for label in stakeholder.labels.all()],
            "interactions": [
                {
                    **_values(interaction, INTERACTION_FIELDS),
                    "recorded_by": _email(interaction.recorded_by),
                }
                for interaction in stakeholder.interactions.all()
            ],
        }


def _checklist_items(dialogue):
    items = (
        ChecklistItem.objects.filter(dialogue=dialogue)
        .select_related("template", "chapter", "tool", "assignee", "done_by")
        .order_by("stage", "order", "pk")
    )
    for item in items.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            **_values(item, CHECKLIST_FIELDS),
            "template": item.template.key if item.template_id else None,
            "template_title": item.template.title if item.template_id else None,
            "chapter": item.chapter.slug if item.chapter_id else None,
            "tool": item.tool.slug if item.tool_id else None,
            "assignee": _email(item.assignee),
            "done_by": _email(item.done_by),
        }


def _stage_transitions(dialogue):
    transitions = (
        StageTransition.objects.filter(dialogue=dialogue)
        .select_related("user")
        .order_by("created", "pk")
    )
    for move in transitions.iterator(chunk_size=EXPORT_CHUNK):
        yield {**_values(move, TRANSITION_FIELDS), "user": _email(move.user)}


def _meetings(dialogue):
    meetings = (
        Meeting.objects.filter(dialogue=dialogue)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("invited", queryset=Stakeholder.objects.only("pk")),
            Prefetch("attended", queryset=Stakeholder.objects.only("pk")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("tool")),
        )
        .order_by("starts_at", "pk")
    )
    for meeting in meetings.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            "id": meeting.pk,
            **_values(meeting, MEETING_FIELDS),
            "created_by": _email(meeting.created_by),
            "invited": [s.pk for s in meeting.invited.all()],
            "attended": [s.pk for s in meeting.attended.all()],
            "agenda": [
                {
                    **_values(agenda_item, AGENDA_FIELDS),
                    "tool": agenda_item.tool.slug if agenda_item.tool_id else None,
                }
                for agenda_item in meeting.agenda_items.all()
            ],
        }


def _commitments(dialogue):
    commitments = (
        Commitment.objects.filter(dialogue=dialogue)
        .select_related("created_by", "assignee")
        .prefetch_related(
            Prefetch("stakeholders", queryset=Stakeholder.objects.only("pk")),
            Prefetch(
                "updates",
                queryset=CommitmentUpdate.objects.select_related("author").order_by("date", "pk"),
            ),
        )
        .order_by("pk")
    )
    for commitment in commitments.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            **_values(commitment, COMMITMENT_FIELDS),
            "meeting": commitment.meeting_id,
            "created_by": _email(commitment.created_by),
            "assignee": _email(commitment.assignee),
            "stakeholders": [s.pk for s in commitment.stakeholders.all()],
            "updates": [
                {**_values(update, UPDATE_FIELDS), "author": _email(update.author)}
                for update in commitment.updates.all()
            ],
        }


# The file's lists, in order: each a generator of records.
EXPORT_SECTIONS = (
    ("labels", _labels),
    ("stakeholders", _stakeholders),
    ("checklist_items", _checklist_items),
    ("stage_transitions", _stage_transitions),
    ("meetings", _meetings),
    ("commitments", _commitments),
)


def export_dialogue(dialogue):
    """Everything recorded in the dialogue, as JSON-ready data; a fixed number of queries."""
    data = _header(dialogue)
    for name, records in EXPORT_SECTIONS:
        data[name] = list(records(dialogue))
    return data


def export_dialogue_stream(dialogue):
    """The same as `export_dialogue`, as JSON text in pieces: a record at a time, so a large
    dialogue streams out in constant memory."""

    def dump(value):
        return json.dumps(value, ensure_ascii=False)

    yield dump(_header(dialogue))[:-1]  # the header object, left open
    for name, records in EXPORT_SECTIONS:
        yield f", {dump(name)}: ["
        for index, record in enumerate(records(dialogue)):
            yield ("\n" if index == 0 else ",\n") + dump(record)
        yield "]"
    yield "}\n"


def export_filename(dialogue):
    stem = slugify(dialogue.title, allow_unicode=True)[:60] or "dialogue"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.json"
