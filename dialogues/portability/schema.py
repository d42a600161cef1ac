"""What the whole-dialogue file holds: its format name, version and the fields of each record.

Objects point at each other by the ``id`` they have in the file; people are named by email.
A file that passed validation is held as a ``DialogueFile`` of entries.
"""

from dataclasses import dataclass, field

from ..models import Dialogue, Meeting, Stakeholder

FORMAT = "dialogue-toolkit/dialogue"
# Raised only when a reader of the previous version would misread a file. A new optional key
# (such as a commitment's "assignee") keeps the version: older readers ignore it, and files
# without it still read.
SCHEMA_VERSION = 1

DIALOGUE_FIELDS = (*Dialogue.DESCRIPTION_FIELDS, "stage", "show_contacts_to_viewers", "archived_at")
LABEL_FIELDS = ("kind", "name")
STAKEHOLDER_FIELDS = (*Stakeholder.EDITABLE_FIELDS, "status_changed", "erased_at")
INTERACTION_FIELDS = ("date", "kind", "note")
CHECKLIST_FIELDS = ("stage", "order", "title", "note", "due_date", "done_at")
TRANSITION_FIELDS = ("from_stage", "to_stage", "note", "created")
MEETING_FIELDS = (*Meeting.SCHEDULE_FIELDS, "minutes", "decisions")
AGENDA_FIELDS = ("order", "title", "duration_minutes")
COMMITMENT_FIELDS = ("description", "due_date", "resources", "status")
UPDATE_FIELDS = ("date", "status", "note")

# The keys under which a record names a person by email.
PERSON_KEYS = ("created_by", "assignee", "done_by", "recorded_by", "author", "user")


@dataclass
class Entry:
    """One checked record of the file: its model field values, and the record as read (for the
    references to people, templates and toolkit items, resolved when the dialogue is created)."""

    values: dict
    record: dict


@dataclass
class LabelEntry(Entry):
    ref: int = 0  # the id other records of the file use for it


@dataclass
class StakeholderEntry(Entry):
    ref: int = 0
    labels: list = field(default_factory=list)  # ids of labels of the file
    interactions: list = field(default_factory=list)  # Entry per log entry


@dataclass
class MeetingEntry(Entry):
    ref: int = 0
    invited: list = field(default_factory=list)  # ids of stakeholders of the file
    attended: list = field(default_factory=list)
    agenda: list = field(default_factory=list)  # Entry per agenda item


@dataclass
class CommitmentEntry(Entry):
    meeting: int | None = None  # id of a meeting of the file
    stakeholders: list = field(default_factory=list)
    updates: list = field(default_factory=list)  # Entry per progress update


@dataclass
class DialogueFile:
    """A whole file, checked: what creating the dialogue needs, in the order it is created."""

    dialogue: dict
    labels: list = field(default_factory=list)
    stakeholders: list = field(default_factory=list)
    checklist_items: list = field(default_factory=list)
    stage_transitions: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
