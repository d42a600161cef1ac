"""Writes of the stakeholder register: people, labels, the interaction log, imports, erasure."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Activity,
    Interaction,
    Label,
    Stakeholder,
)
from ..selectors.commitments import STAKEHOLDER_FIELDS_LISTED
from ..selectors.meetings import STAKEHOLDER_FIELDS_SHOWN
from ..selectors.stakeholders import CENSUS_FIELDS, MAPPED_FIELDS
from .dialogues import activity_record, save_versioned
from .outreach import stakeholder_outreach_erase

# Which parts of the dialogue (Dialogue.PARTS) show a stakeholder: the register and the plan
# every field; the map (the grid) who is there and MAPPED_FIELDS, and its census (the overview's
# sector counts and warnings) who is there and CENSUS_FIELDS; meetings (their people by name and
# organisation, attendance by sector) and commitments (names) once they are there.
REGISTER = ("stakeholders",)
REGISTER_AND_MAP = ("stakeholders", "stakeholder_map", "stakeholder_census")
EVERYWHERE = (*REGISTER_AND_MAP, "meetings", "commitments")


def labels_resolve(*, dialogue, kind, names):
    """The dialogue's labels of this kind with these names, created when new (any case)."""
    if not names:
        return []
    existing = {
        label.name.casefold(): label for label in Label.objects.filter(dialogue=dialogue, kind=kind)
    }
    missing = {}
    for name in names:
        if name.casefold() not in existing:
            missing.setdefault(name.casefold(), Label(dialogue=dialogue, kind=kind, name=name))
    if missing:
        Label.objects.bulk_create(missing.values())
        existing.update(
            (label.name.casefold(), label)
            for label in Label.objects.filter(dialogue=dialogue, kind=kind)
        )
    return [existing[name.casefold()] for name in names]


def _stakeholder_labels(*, dialogue, tag_names, inclusion_names):
    return labels_resolve(dialogue=dialogue, kind=Label.Kind.TAG, names=tag_names) + (
        labels_resolve(dialogue=dialogue, kind=Label.Kind.INCLUSION, names=inclusion_names)
    )


@transaction.atomic
def stakeholder_create(*, dialogue, user, fields, tag_names=(), inclusion_names=()):
    stakeholder = Stakeholder.objects.create(dialogue=dialogue, created_by=user, **fields)
    labels = _stakeholder_labels(
        dialogue=dialogue, tag_names=tag_names, inclusion_names=inclusion_names
    )
    if labels:  # someone new has none yet: nothing to read or remove
        stakeholder.labels.add(*labels)
    # A new stakeholder is in no meeting or commitment yet.
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.CREATED,
        target=stakeholder,
        parts=REGISTER_AND_MAP,
    )
    return stakeholder


def _parts_showing(fields):
    """The parts of the dialogue that show these fields of a stakeholder already there."""
    parts = REGISTER
    if set(fields) & set(MAPPED_FIELDS):
        parts += ("stakeholder_map",)
    if set(fields) & set(CENSUS_FIELDS):
        parts += ("stakeholder_census",)
    if set(fields) & set(STAKEHOLDER_FIELDS_LISTED):
        parts += ("commitments",)
    if set(fields) & set(STAKEHOLDER_FIELDS_SHOWN):
        parts += ("meetings",)
    return parts


@transaction.atomic
def stakeholder_update(*, stakeholder, user, version, fields, tag_names, inclusion_names):
    """Save the changed ``fields`` and the labels, unless someone saved since ``version``.

    Raises ConflictError (nothing saved) when the stakeholder changed in the meantime.
    """
    fields = list(fields)
    if "status" in fields:
        stakeholder.status_changed = timezone.now()
        fields.append("status_changed")
    save_versioned(instance=stakeholder, version=version, fields=fields)
    before = list(stakeholder.labels.all())  # as loaded for the form
    named = {Label.Kind.TAG: sorted(tag_names), Label.Kind.INCLUSION: sorted(inclusion_names)}
    kept = {kind: sorted(label.name for label in before if label.kind == kind) for kind in named}
    if named != kept:  # the same names are the same labels: nothing to look up
        labels = _stakeholder_labels(
            dialogue=stakeholder.dialogue, tag_names=tag_names, inclusion_names=inclusion_names
        )
        if {label.pk for label in before} != {label.pk for label in labels}:
            stakeholder.labels.set(labels)
            fields.append("labels")
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=stakeholder,
        details={"fields": sorted(set(fields) - {"status_changed"})},
        parts=_parts_showing(fields),
    )
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, stakeholder, user):
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.DELETED,
        target=stakeholder,
        parts=EVERYWHERE,
    )
    stakeholder.delete()


def stakeholder_contacts_viewed(*, stakeholder, user):
    """Contact details are sensitive: every time someone is shown them is recorded."""
    return activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.VIEWED_CONTACTS,
        target=stakeholder,
    )


def _log_changed(entry, user, **details):
    """Record a change to a stakeholder's log in the dialogue's activity."""
    stakeholder = entry.stakeholder
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=stakeholder,
        details={"fields": ["interactions"], **details},
        parts=REGISTER,
    )


@transaction.atomic
def interaction_update(*, interaction, user, version, fields):
    """Correct a log entry; ConflictError if someone saved it meanwhile."""
    save_versioned(instance=interaction, version=version, fields=fields)
    _log_changed(interaction, user, interaction=interaction.kind)
    return interaction


@transaction.atomic
def interaction_delete(*, interaction, user):
    _log_changed(interaction, user, removed=interaction.date.isoformat())
    interaction.delete()


@transaction.atomic
def interaction_create(*, stakeholder, user, date, kind, note):
    interaction = Interaction.objects.create(
        stakeholder=stakeholder, date=date, kind=kind, note=note, recorded_by=user
    )
    _log_changed(interaction, user, interaction=interaction.kind, date=interaction.date.isoformat())
    return interaction


def stakeholders_exported(*, dialogue, user, file_format, columns, count):
    return activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.EXPORTED,
        target=dialogue,
        details={"format": file_format, "columns": list(columns), "rows": count},
    )


@transaction.atomic
def stakeholders_import(*, dialogue, user, rows, filename=""):
    """Create one stakeholder per cleaned row, all or none; returns how many were created."""
    label_fields = ("tags", "inclusion")
    tag_names = [name for row in rows for name in row.get("tags", [])]
    inclusion_names = [name for row in rows for name in row.get("inclusion", [])]
    tags = {
        label.name.casefold(): label
        for label in labels_resolve(dialogue=dialogue, kind=Label.Kind.TAG, names=tag_names)
    }
    markers = {
        label.name.casefold(): label
        for label in labels_resolve(
            dialogue=dialogue, kind=Label.Kind.INCLUSION, names=inclusion_names
        )
    }
    now = timezone.now()
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            dialogue=dialogue,
            created_by=user,
            status_changed=now,
            **{key: value for key, value in row.items() if key not in label_fields},
        )
        for row in rows
    )
    Through = Stakeholder.labels.through  # noqa: N806
    links = {
        (stakeholder.pk, label.pk)
        for stakeholder, row in zip(stakeholders, rows, strict=True)
        for label in [tags[n.casefold()] for n in row.get("tags", [])]
        + [markers[n.casefold()] for n in row.get("inclusion", [])]
    }
    Through.objects.bulk_create(
        Through(stakeholder_id=stakeholder_id, label_id=label_id)
        for stakeholder_id, label_id in links
    )
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.IMPORTED,
        target=dialogue,
        details={"rows": len(stakeholders), "file": filename[:200]},
        parts=REGISTER_AND_MAP,
    )
    return len(stakeholders)


@transaction.atomic
def stakeholder_erase(*, stakeholder, user):
    """Erase one stakeholder's personal data for good, keeping what counts in statistics.

    Kept: type, sector, influence, interest, stance, engagement, participation level, status,
    attendance and commitments (now anonymous), and the dates and types of interactions.
    """
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.erased_at is not None:
        return stakeholder
    old_name = stakeholder.name
    stakeholder.name = _("Erased stakeholder #%(number)s") % {"number": stakeholder.pk}
    for name in Stakeholder.PERSONAL_FIELDS:
        if name != "name":
            field = Stakeholder._meta.get_field(name)
            setattr(stakeholder, name, None if field.null else "")
    stakeholder.erased_at = timezone.now()
    stakeholder.version += 1
    stakeholder.save(
        update_fields=[*Stakeholder.PERSONAL_FIELDS, "erased_at", "version", "updated"]
    )
    stakeholder.labels.clear()
    Interaction.objects.filter(stakeholder=stakeholder).update(note="")
    # The activity feed named the person too.
    Activity.objects.filter(
        dialogue_id=stakeholder.dialogue_id, target_type="stakeholder", target_label=old_name[:300]
    ).update(target_label=stakeholder.name)
    stakeholder_outreach_erase(stakeholder=stakeholder, old_name=old_name)
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.ERASED,
        target=stakeholder,
        parts=EVERYWHERE,
    )
    return stakeholder
