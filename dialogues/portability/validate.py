"""Reading an uploaded whole-dialogue file and checking every value before anything is stored.

Reading a file never trusts it: every value goes through the same validation as the forms, and
a bad file is refused with messages (the first few, and how many more), never half imported.
"""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    ChecklistItem,
    Commitment,
    CommitmentUpdate,
    Dialogue,
    Interaction,
    Label,
    Meeting,
    StageTransition,
    Stakeholder,
    timezone_names,
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
    CommitmentEntry,
    DialogueFile,
    Entry,
    LabelEntry,
    MeetingEntry,
    StakeholderEntry,
)
from .upload import megabytes

MAX_ERRORS = 20


def read_upload(upload):
    """The parsed JSON of an uploaded export file; ValidationError with a message otherwise."""
    if not upload.name.lower().endswith(".json"):
        raise ValidationError(
            _("Choose a .json file exported from a dialogue of Dialogue Toolkit."), code="type"
        )
    if upload.size > settings.DIALOGUE_FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; a dialogue file may be %(max)s MB at most.")
            % {
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "max": megabytes(settings.DIALOGUE_FILE_MAX_BYTES),
            },
            code="too_big",
        )
    return parse(upload.read())


def parse(raw):
    try:
        return json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError(
            _("This file is not a dialogue exported from Dialogue Toolkit (it is not valid JSON)."),
            code="not_json",
        ) from None


class _Errors:
    def __init__(self):
        self.messages = []
        self.count = 0

    def add(self, where, message):
        self.count += 1
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(f"{where}: {message}" if where else str(message))

    def raise_if_any(self):
        if not self.count:
            return
        messages = list(self.messages)
        if self.count > len(messages):
            messages.append(
                _("… and %(count)s more problems.") % {"count": self.count - len(messages)}
            )
        raise ValidationError(messages, code="invalid_file")


def _form_class(model, names, optional=()):
    fields = forms.fields_for_model(model, fields=names)
    for name in optional:
        fields[name].required = False
    return type(f"{model.__name__}ImportForm", (forms.Form,), fields)


def _contains_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


class _Reader:
    """Checks one file and turns each record into cleaned model field values."""

    def __init__(self):
        self.errors = _Errors()
        self.forms = {}

    def clean(self, model, names, record, where, *, extra=(), optional=()):
        """Model field values of ``record``: types, choices, lengths and validators checked
        (fields named in ``optional`` may be empty)."""
        if not isinstance(record, dict):
            self.errors.add(where, _("expected an object with fields."))
            return None
        data = {}
        for name in names:
            field = model._meta.get_field(name)
            if name not in record:
                if field.has_default():
                    default = field.get_default()
                    data[name] = default.isoformat() if hasattr(default, "isoformat") else default
                continue
            value = record[name]
            is_boolean = isinstance(field, models.BooleanField)
            if value is not None and (
                not isinstance(value, str | int | float | bool)
                or isinstance(value, bool) != is_boolean
            ):
                self.errors.add(where, f"{capfirst(field.verbose_name)}: {_('wrong type.')}")
                return None
            # Form fields read text, as from a browser; JSON numbers become their digits.
            data[name] = "" if value is None else value if is_boolean else str(value)
        key = (model, tuple(names), tuple(optional))
        if key not in self.forms:
            self.forms[key] = _form_class(model, names, optional)
        form = self.forms[key](data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = capfirst(model._meta.get_field(name).verbose_name)
                for message in messages:
                    self.errors.add(where, f"{label}: {message}")
            return None
        cleaned = form.cleaned_data
        ok = True
        for name in names:
            field = model._meta.get_field(name)
            try:
                field.run_validators(cleaned.get(name))
            except ValidationError as error:
                ok = False
                for message in error.messages:
                    self.errors.add(where, f"{capfirst(field.verbose_name)}: {message}")
            if cleaned.get(name) is None and not field.null:
                cleaned[name] = "" if field.blank else field.get_default()
        for name in extra:
            if name in record and record[name] is not None and not isinstance(record[name], str):
                ok = False
                self.errors.add(where, f"{name}: {_('wrong type.')}")
        return cleaned if ok else None

    def items(self, data, key, label):
        """The list under ``key`` with a label for each entry's error messages."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.errors.add(None, _("“%(key)s” must be a list.") % {"key": key})
            return []
        return [(label(number), entry) for number, entry in enumerate(value, start=1)]

    def refs(self, record, key, known, where):
        """The list of ids under ``key`` that must all point at ``known`` objects."""
        value = record.get(key, []) if isinstance(record, dict) else []
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(ref, int) and not isinstance(ref, bool) for ref in value
        ):
            self.errors.add(where, _("“%(key)s” must be a list of ids.") % {"key": key})
            return []
        missing = [ref for ref in value if ref not in known]
        if missing:
            self.errors.add(
                where,
                _("“%(key)s” refers to ids that are not in the file: %(ids)s.")
                % {"key": key, "ids": ", ".join(str(ref) for ref in missing[:5])},
            )
        return [ref for ref in dict.fromkeys(value) if ref in known]

    def record_id(self, record, seen, where):
        ref = record.get("id") if isinstance(record, dict) else None
        if not isinstance(ref, int) or isinstance(ref, bool):
            self.errors.add(where, _("every entry needs a whole-number “id”."))
            return None
        if ref in seen:
            self.errors.add(where, _("the id %(id)s is used twice.") % {"id": ref})
            return None
        seen.add(ref)
        return ref


def _check_header(data):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            _("This file is not a dialogue exported from Dialogue Toolkit."), code="format"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(
            _("This file is not a dialogue exported from Dialogue Toolkit."), code="format"
        )
    if version > SCHEMA_VERSION:
        raise ValidationError(
            _(
                "This file was made by a newer version of Dialogue Toolkit (format %(version)s). "
                "Update this site before importing it."
            )
            % {"version": version},
            code="version",
        )
    if _contains_nul(data):
        raise ValidationError(
            _("The file contains a null character, which cannot be stored. Remove it and retry."),
            code="null_character",
        )


def dialogue_file_read(data):
    """The whole file checked, as a DialogueFile; ValidationError with messages otherwise."""
    _check_header(data)
    reader = _Reader()

    dialogue = data.get("dialogue")
    values = reader.clean(Dialogue, DIALOGUE_FIELDS, dialogue, _("Dialogue"))
    languages = dialogue.get("languages", []) if isinstance(dialogue, dict) else []
    codes = {code for code, _name in settings.LANGUAGES}
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and code in codes for code in languages
    ):
        reader.errors.add(_("Dialogue"), _("unknown languages."))
        languages = []
    if values:
        values["languages"] = list(dict.fromkeys(languages))
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            reader.errors.add(_("Dialogue"), _("The end date cannot be before the start date."))
    out = DialogueFile(dialogue=values)

    label_ids, label_names = set(), set()
    for where, record in reader.items(data, "labels", lambda n: _("Label %(n)s") % {"n": n}):
        ref = reader.record_id(record, label_ids, where)
        cleaned = reader.clean(Label, LABEL_FIELDS, record, where)
        if ref is None or cleaned is None:
            continue
        name_key = (cleaned["kind"], cleaned["name"].casefold())
        if name_key in label_names:
            reader.errors.add(where, _("this label is in the file twice."))
            continue
        label_names.add(name_key)
        out.labels.append(LabelEntry(cleaned, record, ref=ref))

    stakeholder_ids = set()
    for where, record in reader.items(
        data, "stakeholders", lambda n: _("Stakeholder %(n)s") % {"n": n}
    ):
        ref = reader.record_id(record, stakeholder_ids, where)
        cleaned = reader.clean(
            Stakeholder, STAKEHOLDER_FIELDS, record, where, extra=("created_by",)
        )
        labels = reader.refs(record, "labels", label_ids, where)
        interactions = []
        # Erasing a stakeholder empties the notes of its log, and keeps their dates and types.
        erased = bool(cleaned and cleaned.get("erased_at"))
        for number, entry in enumerate(_list(reader, record, "interactions", where), start=1):
            inner = f"{where}, " + _("interaction %(n)s") % {"n": number}
            values = reader.clean(
                Interaction,
                INTERACTION_FIELDS,
                entry,
                inner,
                extra=("recorded_by",),
                optional=("note",) if erased else (),
            )
            if values is not None:
                interactions.append(Entry(values, entry))
        if ref is not None and cleaned is not None:
            out.stakeholders.append(
                StakeholderEntry(cleaned, record, ref=ref, labels=labels, interactions=interactions)
            )

    for where, record in reader.items(
        data, "checklist_items", lambda n: _("Checklist item %(n)s") % {"n": n}
    ):
        cleaned = reader.clean(
            ChecklistItem,
            CHECKLIST_FIELDS,
            record,
            where,
            extra=("template", "template_title", "chapter", "tool", "assignee", "done_by"),
        )
        if cleaned is not None:
            out.checklist_items.append(Entry(cleaned, record))

    for where, record in reader.items(
        data, "stage_transitions", lambda n: _("Stage change %(n)s") % {"n": n}
    ):
        cleaned = reader.clean(StageTransition, TRANSITION_FIELDS, record, where, extra=("user",))
        if cleaned is not None:
            out.stage_transitions.append(Entry(cleaned, record))

    meeting_ids = set()
    for where, record in reader.items(data, "meetings", lambda n: _("Meeting %(n)s") % {"n": n}):
        ref = reader.record_id(record, meeting_ids, where)
        cleaned = reader.clean(Meeting, MEETING_FIELDS, record, where, extra=("created_by",))
        if cleaned is not None and cleaned["timezone"] not in timezone_names():
            reader.errors.add(where, _("Choose a time zone from the list."))
            cleaned = None
        invited = reader.refs(record, "invited", stakeholder_ids, where)
        attended = reader.refs(record, "attended", stakeholder_ids, where)
        agenda = []
        for number, entry in enumerate(_list(reader, record, "agenda", where), start=1):
            inner = f"{where}, " + _("agenda item %(n)s") % {"n": number}
            values = reader.clean(AgendaItem, AGENDA_FIELDS, entry, inner, extra=("tool",))
            if values is not None:
                agenda.append(Entry(values, entry))
        if ref is not None and cleaned is not None:
            out.meetings.append(
                MeetingEntry(
                    cleaned, record, ref=ref, invited=invited, attended=attended, agenda=agenda
                )
            )

    for where, record in reader.items(
        data, "commitments", lambda n: _("Commitment %(n)s") % {"n": n}
    ):
        cleaned = reader.clean(
            Commitment, COMMITMENT_FIELDS, record, where, extra=("created_by", "assignee")
        )
        meeting = record.get("meeting") if isinstance(record, dict) else None
        if meeting is not None and (not isinstance(meeting, int) or meeting not in meeting_ids):
            reader.errors.add(where, _("it refers to a meeting that is not in the file."))
        who = reader.refs(record, "stakeholders", stakeholder_ids, where)
        updates = []
        for number, entry in enumerate(_list(reader, record, "updates", where), start=1):
            inner = f"{where}, " + _("progress update %(n)s") % {"n": number}
            values = reader.clean(CommitmentUpdate, UPDATE_FIELDS, entry, inner, extra=("author",))
            if values is not None:
                updates.append(Entry(values, entry))
        if cleaned is not None:
            out.commitments.append(
                CommitmentEntry(cleaned, record, meeting=meeting, stakeholders=who, updates=updates)
            )

    reader.errors.raise_if_any()
    return out


def _list(reader, record, key, where):
    value = record.get(key, []) if isinstance(record, dict) else []
    if value is None:
        return []
    if not isinstance(value, list):
        reader.errors.add(where, _("“%(key)s” must be a list.") % {"key": key})
        return []
    return value
