"""A whole dialogue as one JSON file: export it, and import it into another organisation.

The file holds everything a team recorded: the dialogue's details, labels, stakeholders with
their interaction logs, checklists, stage history, meetings with agenda and attendance,
commitments with their progress updates. Objects point at each other by the ``id`` they have in
the file; people are named by email and become the matching member of the receiving
organisation when there is one. Reading a file never trusts it: every value goes through the
same validation as the forms, and a bad file is refused with messages, never half imported.
"""

import io
import json

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import DatabaseError, models, transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from content.models import Chapter, Tool

from .models import (
    Activity,
    AgendaItem,
    ChecklistItem,
    ChecklistTemplateItem,
    Commitment,
    CommitmentUpdate,
    Dialogue,
    DialogueMembership,
    Interaction,
    Label,
    Meeting,
    Role,
    StageTransition,
    Stakeholder,
    timezone_names,
)
from .services.dialogues import activity_record

FORMAT = "dialogue-toolkit/dialogue"
SCHEMA_VERSION = 1
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ERRORS = 20

DIALOGUE_FIELDS = (
    "title",
    "challenge",
    "why_multi_stakeholder",
    "goals",
    "scope",
    "start_date",
    "end_date",
    "stage",
    "show_contacts_to_viewers",
    "archived_at",
)
LABEL_FIELDS = ("kind", "name")
STAKEHOLDER_FIELDS = (
    "kind",
    "name",
    "organisation",
    "role_title",
    "sector",
    "influence",
    "interest",
    "stance",
    "engagement_current",
    "engagement_desired",
    "participation_level",
    "status",
    "status_changed",
    "email",
    "phone",
    "consent_date",
    "consent_method",
    "notes",
    "erased_at",
)
INTERACTION_FIELDS = ("date", "kind", "note")
CHECKLIST_FIELDS = ("stage", "order", "title", "note", "due_date", "done_at")
TRANSITION_FIELDS = ("from_stage", "to_stage", "note", "created")
MEETING_FIELDS = (
    "title",
    "starts_at",
    "duration_minutes",
    "timezone",
    "place",
    "online_url",
    "minutes",
    "decisions",
)
AGENDA_FIELDS = ("order", "title", "duration_minutes")
COMMITMENT_FIELDS = ("description", "due_date", "resources", "status")
UPDATE_FIELDS = ("date", "status", "note")


# --- Export ---------------------------------------------------------------------------------


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
        .select_related("created_by")
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


# --- Reading an uploaded file ---------------------------------------------------------------


class JsonUploadHandler(FileUploadHandler):
    """Keeps the uploaded file in memory, never on disk, and stops keeping it past the limit
    (the form then reports the real size)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= MAX_UPLOAD_BYTES:
            self.buffer.write(raw_data)

    def file_complete(self, file_size):
        if file_size > MAX_UPLOAD_BYTES:
            self.buffer = io.BytesIO()
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def read_upload(upload):
    """The parsed JSON of an uploaded export file; ValidationError with a message otherwise."""
    if not upload.name.lower().endswith(".json"):
        raise ValidationError(
            _("Choose a .json file exported from a dialogue of Dialogue Toolkit."), code="type"
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; a dialogue file may be 10 MB at most.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"},
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


# --- Validation -----------------------------------------------------------------------------


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


def _read(data):
    """Validate the whole file; return the cleaned records or raise ValidationError."""
    _check_header(data)
    reader = _Reader()
    out = {}

    dialogue = data.get("dialogue")
    out["dialogue"] = reader.clean(Dialogue, DIALOGUE_FIELDS, dialogue, _("Dialogue"))
    languages = dialogue.get("languages", []) if isinstance(dialogue, dict) else []
    codes = {code for code, _name in settings.LANGUAGES}
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and code in codes for code in languages
    ):
        reader.errors.add(_("Dialogue"), _("unknown languages."))
        languages = []
    if out["dialogue"]:
        out["dialogue"]["languages"] = list(dict.fromkeys(languages))
        start, end = out["dialogue"].get("start_date"), out["dialogue"].get("end_date")
        if start and end and end < start:
            reader.errors.add(_("Dialogue"), _("The end date cannot be before the start date."))

    label_ids, label_names = set(), set()
    out["labels"] = []
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
        out["labels"].append((ref, cleaned))

    stakeholder_ids = set()
    out["stakeholders"] = []
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
                interactions.append((values, entry.get("recorded_by")))
        if ref is not None and cleaned is not None:
            out["stakeholders"].append((ref, cleaned, record, labels, interactions))

    out["checklist_items"] = []
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
            out["checklist_items"].append((cleaned, record))

    out["stage_transitions"] = []
    for where, record in reader.items(
        data, "stage_transitions", lambda n: _("Stage change %(n)s") % {"n": n}
    ):
        cleaned = reader.clean(StageTransition, TRANSITION_FIELDS, record, where, extra=("user",))
        if cleaned is not None:
            out["stage_transitions"].append((cleaned, record))

    meeting_ids = set()
    out["meetings"] = []
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
                agenda.append((values, entry.get("tool")))
        if ref is not None and cleaned is not None:
            out["meetings"].append((ref, cleaned, record, invited, attended, agenda))

    out["commitments"] = []
    for where, record in reader.items(
        data, "commitments", lambda n: _("Commitment %(n)s") % {"n": n}
    ):
        cleaned = reader.clean(Commitment, COMMITMENT_FIELDS, record, where, extra=("created_by",))
        meeting = record.get("meeting") if isinstance(record, dict) else None
        if meeting is not None and (not isinstance(meeting, int) or meeting not in meeting_ids):
            reader.errors.add(where, _("it refers to a meeting that is not in the file."))
        who = reader.refs(record, "stakeholders", stakeholder_ids, where)
        updates = []
        for number, entry in enumerate(_list(reader, record, "updates", where), start=1):
            inner = f"{where}, " + _("progress update %(n)s") % {"n": number}
            values = reader.clean(CommitmentUpdate, UPDATE_FIELDS, entry, inner, extra=("author",))
            if values is not None:
                updates.append((values, entry.get("author")))
        if cleaned is not None:
            out["commitments"].append((cleaned, record, meeting, who, updates))

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


# --- Import ---------------------------------------------------------------------------------


def _people(organisation, user, records):
    """Members of the receiving organisation named in the file, by lower-case email."""
    emails = set()
    keys = ("created_by", "assignee", "done_by", "recorded_by", "author", "user")
    stack = list(records)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in keys and isinstance(value, str):
                    emails.add(value.lower())
                elif isinstance(value, list | dict):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    people = {}
    if emails:
        members = (
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(organisation_memberships__organisation=organisation, email_lower__in=emails)
        )
        people = {member.email_lower: member for member in members}
    if user.email:
        people[user.email.lower()] = user
    return people


def import_dialogue(data, *, organisation, user):
    """Create a new dialogue in ``organisation`` from an exported file's data, all or nothing.

    The importing user becomes its owner. Raises ValidationError with messages for the user
    when the file is not valid; nothing is stored then.
    """
    cleaned = _read(data)
    people = _people(organisation, user, [data])

    def person(email):
        return people.get(email.lower()) if isinstance(email, str) else None

    try:
        with transaction.atomic():
            return _create(cleaned, organisation=organisation, user=user, person=person)
    except DatabaseError:
        raise ValidationError(
            _("The file could not be stored: some of its values are out of range."),
            code="database",
        ) from None


def _create(cleaned, *, organisation, user, person):
    dialogue = Dialogue.objects.create(
        organisation=organisation, created_by=user, **cleaned["dialogue"]
    )
    DialogueMembership.objects.create(dialogue=dialogue, user=user, role=Role.OWNER)

    labels = {}
    for ref, values in cleaned["labels"]:
        labels[ref] = Label(dialogue=dialogue, **values)
    Label.objects.bulk_create(labels.values())

    stakeholders = {}
    for ref, values, record, _labels, _interactions in cleaned["stakeholders"]:
        stakeholders[ref] = Stakeholder(
            dialogue=dialogue, created_by=person(record.get("created_by")), **values
        )
    Stakeholder.objects.bulk_create(stakeholders.values(), batch_size=500)
    Stakeholder.labels.through.objects.bulk_create(
        [
            Stakeholder.labels.through(stakeholder=stakeholders[ref], label=labels[label_ref])
            for ref, _values, _record, label_refs, _interactions in cleaned["stakeholders"]
            for label_ref in label_refs
        ],
        batch_size=1000,
    )
    Interaction.objects.bulk_create(
        [
            Interaction(stakeholder=stakeholders[ref], recorded_by=person(author), **values)
            for ref, _values, _record, _labels, interactions in cleaned["stakeholders"]
            for values, author in interactions
        ],
        batch_size=1000,
    )

    templates = ChecklistTemplateItem.objects.in_bulk(
        {record.get("template") for _v, record in cleaned["checklist_items"]} - {None},
        field_name="key",
    )
    chapters, tools = _toolkit_references(cleaned)
    items = []
    for values, record in cleaned["checklist_items"]:
        template = templates.get(record.get("template"))
        if template is None and not values["title"]:
            # The receiving site has no such default item: keep the words the team saw.
            values["title"] = (record.get("template_title") or "")[:300]
        items.append(
            ChecklistItem(
                dialogue=dialogue,
                template=template,
                chapter=chapters.get(record.get("chapter")),
                tool=tools.get(record.get("tool")),
                assignee=person(record.get("assignee")),
                done_by=person(record.get("done_by")),
                **values,
            )
        )
    ChecklistItem.objects.bulk_create(items, batch_size=500)

    StageTransition.objects.bulk_create(
        StageTransition(dialogue=dialogue, user=person(record.get("user")), **values)
        for values, record in cleaned["stage_transitions"]
    )

    meetings = {}
    for ref, values, record, _invited, _attended, _agenda in cleaned["meetings"]:
        meetings[ref] = Meeting(
            dialogue=dialogue, created_by=person(record.get("created_by")), **values
        )
    Meeting.objects.bulk_create(meetings.values(), batch_size=500)
    invited, attended, agenda = [], [], []
    for ref, _values, _record, invited_refs, attended_refs, agenda_rows in cleaned["meetings"]:
        meeting = meetings[ref]
        invited += [
            Meeting.invited.through(meeting=meeting, stakeholder=stakeholders[s])
            for s in invited_refs
        ]
        attended += [
            Meeting.attended.through(meeting=meeting, stakeholder=stakeholders[s])
            for s in attended_refs
        ]
        agenda += [
            AgendaItem(meeting=meeting, tool=tools.get(tool), **values)
            for values, tool in agenda_rows
        ]
    Meeting.invited.through.objects.bulk_create(invited, batch_size=1000)
    Meeting.attended.through.objects.bulk_create(attended, batch_size=1000)
    AgendaItem.objects.bulk_create(agenda, batch_size=1000)

    commitments = [
        Commitment(
            dialogue=dialogue,
            meeting=meetings.get(meeting_ref),
            created_by=person(record.get("created_by")),
            **values,
        )
        for values, record, meeting_ref, _who, _updates in cleaned["commitments"]
    ]
    Commitment.objects.bulk_create(commitments, batch_size=500)
    Commitment.stakeholders.through.objects.bulk_create(
        [
            Commitment.stakeholders.through(commitment=commitment, stakeholder=stakeholders[s])
            for commitment, (_v, _r, _m, who, _u) in zip(
                commitments, cleaned["commitments"], strict=True
            )
            for s in who
        ],
        batch_size=1000,
    )
    CommitmentUpdate.objects.bulk_create(
        [
            CommitmentUpdate(commitment=commitment, author=person(author), **values)
            for commitment, (_v, _r, _m, _w, updates) in zip(
                commitments, cleaned["commitments"], strict=True
            )
            for values, author in updates
        ],
        batch_size=1000,
    )

    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.IMPORTED,
        target=dialogue,
        details={
            "format": "json",
            "stakeholders": len(stakeholders),
            "checklist_items": len(items),
            "meetings": len(meetings),
            "commitments": len(commitments),
        },
    )
    return dialogue


def _toolkit_references(cleaned):
    chapter_slugs = {record.get("chapter") for _v, record in cleaned["checklist_items"]}
    tool_slugs = {record.get("tool") for _v, record in cleaned["checklist_items"]}
    tool_slugs |= {tool for meeting in cleaned["meetings"] for _values, tool in meeting[5] if tool}
    chapters = Chapter.objects.in_bulk(
        {slug for slug in chapter_slugs if isinstance(slug, str)}, field_name="slug"
    )
    tools = Tool.objects.in_bulk(
        {slug for slug in tool_slugs if isinstance(slug, str)}, field_name="slug"
    )
    return chapters, tools
