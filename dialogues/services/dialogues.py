"""Writes of dialogues: creating, editing, archiving, deleting, members, stages, activity."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.names import display_name

from ..models import (
    Activity,
    ChecklistItem,
    ChecklistTemplateItem,
    Commitment,
    Dialogue,
    DialogueMembership,
    OrganisationMembership,
    OrganisationRole,
    Role,
    Stage,
    StageTransition,
    new_token,
)
from ..rules import can


class ConflictError(Exception):
    """Someone else saved the object since the form was opened."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


def activity_record(*, dialogue, actor, verb, target=None, details=None, parts=Dialogue.PARTS):
    """Record a change in the dialogue's activity log and move the dialogue's revisions.

    Every change to a dialogue's content comes through here, inside the change's transaction:
    the row lock orders concurrent changes, and the revisions are committed with the change.
    ``parts`` names the parts of the content (Dialogue.PARTS) whose pages show what changed;
    their revisions move with the dialogue's, the others keep their pages' kept fragments. A
    caller that does not say moves them all. A recorded read (Activity.READ_VERBS) is logged
    without touching the dialogue's row.
    """
    if verb not in Activity.READ_VERBS:
        unknown = set(parts) - set(Dialogue.PARTS)
        if unknown:
            raise ValueError(f"not a part of a dialogue: {sorted(unknown)}")
        moved = {f"{part}_revision": F(f"{part}_revision") + 1 for part in parts}
        Dialogue.objects.filter(pk=dialogue.pk).update(revision=F("revision") + 1, **moved)
    label = display_name(target) if isinstance(target, get_user_model()) else str(target or "")
    return Activity.objects.create(
        dialogue=dialogue,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target._meta.model_name if target is not None else "",
        target_label=label[:300],
        details=details or {},
    )


def save_versioned(*, instance, version, fields, user=None):
    """Save ``fields`` of ``instance`` only if nobody saved it since ``version`` was read.

    Raises ConflictError with the stored object when the version moved on.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if "updated" in {f.name for f in model._meta.fields}:
        values["updated"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise ConflictError(model.objects.get(pk=instance.pk))
    instance.version = version + 1
    return instance


@transaction.atomic
def dialogue_create(*, user, organisation, **fields):
    dialogue = Dialogue.objects.create(organisation=organisation, created_by=user, **fields)
    DialogueMembership.objects.create(dialogue=dialogue, user=user, role=Role.OWNER)
    checklist_create_defaults(dialogue=dialogue)
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.CREATED, target=dialogue)
    return dialogue


def checklist_create_defaults(*, dialogue):
    """Give a new dialogue the default checklist of every stage from the admin's templates."""
    templates = ChecklistTemplateItem.objects.filter(active=True).order_by("stage", "order")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            dialogue=dialogue,
            stage=template.stage,
            order=template.order,
            template=template,
            chapter_id=template.chapter_id,
            tool_id=template.tool_id,
        )
        for template in templates
    )


@transaction.atomic
def dialogue_update(*, dialogue, user, version, fields):
    save_versioned(instance=dialogue, version=version, fields=fields)
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=dialogue,
        details={"fields": sorted(fields)},
    )
    return dialogue


@transaction.atomic
def dialogue_archive(*, dialogue, user, archived=True):
    dialogue.archived_at = timezone.now() if archived else None
    dialogue.save(update_fields=["archived_at", "updated"])
    verb = Activity.Verb.ARCHIVED if archived else Activity.Verb.UNARCHIVED
    activity_record(dialogue=dialogue, actor=user, verb=verb, target=dialogue)
    return dialogue


@transaction.atomic
def dialogue_delete(*, dialogue, user):
    """Soft delete: restorable for DIALOGUE_RESTORE_DAYS, then purged."""
    dialogue.deleted_at = timezone.now()
    dialogue.save(update_fields=["deleted_at", "updated"])
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.DELETED, target=dialogue)
    return dialogue


@transaction.atomic
def dialogue_restore(*, dialogue, user):
    """Bring a deleted dialogue back, with a new calendar feed address: while it was deleted,
    people may have left whose copy of the old address nothing else would have closed."""
    dialogue.deleted_at = None
    dialogue.save(update_fields=["deleted_at", "updated"])
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.RESTORED, target=dialogue)
    dialogue_calendar_feed_rotate(dialogue=dialogue, user=user, reason="restored")
    return dialogue


def dialogues_purge(*, now=None):
    """Delete for good the dialogues deleted more than DIALOGUE_RESTORE_DAYS ago."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.DIALOGUE_RESTORE_DAYS)
    purged = 0
    for dialogue in Dialogue.objects.filter(deleted_at__lt=limit):
        with transaction.atomic():
            dialogue.delete()
        purged += 1
    return purged


@transaction.atomic
def dialogue_calendar_feed_rotate(*, dialogue, user, reason):
    """A new secret feed address; the old one stops working at once. ``reason`` says why in
    the activity log: an owner asked ("regenerated"), or someone who had the address lost the
    right to it ("member_left")."""
    dialogue.calendar_token = new_token()
    dialogue.calendar_token_changed_at = timezone.now()
    dialogue.save(update_fields=["calendar_token", "calendar_token_changed_at", "updated"])
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=dialogue,
        details={"calendar_feed": reason},
    )
    return dialogue


# The member whose memberships a service is changing inside `calendar_feeds_kept_from`: the
# receivers of services.calendar_feeds leave that member to it, so the log names who acted.
_feeds_watched = ContextVar("calendar_feeds_watched", default=None)


def calendar_feeds_readable(member, dialogues):
    """{dialogue: feed token} of those of ``dialogues`` (live ones) whose feed address
    ``member`` may read (rule view_calendar_feed)."""
    return {
        dialogue: dialogue.calendar_token
        for dialogue in dialogues
        if not dialogue.is_deleted and can(member, "dialogues.view_calendar_feed", dialogue)
    }


def calendar_feeds_rotate_lost(member, readable, *, user):
    """Give a new feed address to each dialogue of ``readable`` (from `calendar_feeds_readable`)
    whose feed ``member`` may no longer read, unless its address already changed since."""
    for dialogue, token in readable.items():
        if can(member, "dialogues.view_calendar_feed", dialogue):
            continue
        if Dialogue.objects.alive().filter(pk=dialogue.pk, calendar_token=token).exists():
            dialogue_calendar_feed_rotate(dialogue=dialogue, user=user, reason="member_left")


@contextmanager
def calendar_feeds_kept_from(member, *, dialogues, user):
    """Around a change to ``member``'s memberships: each of ``dialogues`` whose feed address
    the member could read before (rule view_calendar_feed) and cannot after gets a new one,
    so an address copied while a member does not outlive the membership."""
    readable = calendar_feeds_readable(member, dialogues)
    watched = _feeds_watched.set(member.pk)
    try:
        yield
    finally:
        _feeds_watched.reset(watched)
    calendar_feeds_rotate_lost(member, readable, user=user)


def calendar_feeds_watched(member):
    """Whether a service is changing ``member``'s memberships in `calendar_feeds_kept_from`."""
    return _feeds_watched.get() == member.pk


@contextmanager
def follow_ups_kept_from(member, *, dialogues, user):
    """Around a change to ``member``'s memberships: the commitments they followed up in those
    of ``dialogues`` where they no longer may (rule follow_up_commitments) are left to nobody,
    each logged; a form opened before on one of them then reports the change."""
    following = set(
        Commitment.objects.filter(
            assignee=member, dialogue__in=[d.pk for d in dialogues]
        ).values_list("dialogue_id", flat=True)
    )
    yield
    for dialogue in dialogues:
        if dialogue.pk in following and not can(
            member, "dialogues.follow_up_commitments", dialogue
        ):
            _follow_ups_release(member=member, dialogue=dialogue, user=user)


def _follow_ups_release(*, member, dialogue, user):
    commitments = list(
        Commitment.objects.select_for_update().filter(dialogue=dialogue, assignee=member)
    )
    Commitment.objects.filter(pk__in=[c.pk for c in commitments]).update(
        assignee=None, version=F("version") + 1, updated=timezone.now()
    )
    for commitment in commitments:
        activity_record(
            dialogue=dialogue,
            actor=user,
            verb=Activity.Verb.UPDATED,
            target=commitment,
            details={"fields": ["assignee"], "assigned_to": ""},
            parts=("commitments",),
        )


@transaction.atomic
def dialogue_member_set_role(*, membership, role, user):
    if membership.role == Role.OWNER and role != Role.OWNER:
        _ensure_other_owner(membership)
    membership.role = role
    dialogues = [membership.dialogue]
    with (
        calendar_feeds_kept_from(membership.user, dialogues=dialogues, user=user),
        follow_ups_kept_from(membership.user, dialogues=dialogues, user=user),
    ):
        membership.save(update_fields=["role", "updated"])
    activity_record(
        dialogue=membership.dialogue,
        actor=user,
        verb=Activity.Verb.MEMBER_CHANGED,
        target=membership.user,
        details={"role": role},
    )
    return membership


@transaction.atomic
def dialogue_member_remove(*, membership, user):
    if membership.role == Role.OWNER:
        _ensure_other_owner(membership)
    dialogues = [membership.dialogue]
    with (
        calendar_feeds_kept_from(membership.user, dialogues=dialogues, user=user),
        follow_ups_kept_from(membership.user, dialogues=dialogues, user=user),
    ):
        membership.delete()
    activity_record(
        dialogue=membership.dialogue,
        actor=user,
        verb=Activity.Verb.MEMBER_REMOVED,
        target=membership.user,
    )


def _ensure_other_owner(membership):
    dialogue = membership.dialogue
    owners = (
        DialogueMembership.objects.filter(dialogue=dialogue, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )
    org_admins = OrganisationMembership.objects.filter(
        organisation_id=dialogue.organisation_id, role=OrganisationRole.ADMIN
    ).exists()
    if not (owners or org_admins):
        raise ValidationError(_("A dialogue must keep at least one owner."))


@transaction.atomic
def dialogue_stage_move(*, dialogue, user, to_stage, note="", from_stage=None):
    """Move the dialogue to another stage, forward or back, and record who, when and why.

    ``from_stage`` is the stage the user saw; if someone moved the dialogue meanwhile, nothing
    changes and a ValidationError says so.
    """
    current = Dialogue.objects.select_for_update().get(pk=dialogue.pk).stage
    if from_stage is not None and from_stage != current:
        raise ValidationError(
            _("Someone else moved this dialogue to %(stage)s meanwhile. Check and try again.")
            % {"stage": Stage(current).label},
            code="stale_stage",
        )
    if to_stage == current:
        raise ValidationError(_("The dialogue is already in this stage."), code="same_stage")
    now = timezone.now()
    Dialogue.objects.filter(pk=dialogue.pk).update(stage=to_stage, updated=now)
    dialogue.stage = to_stage
    transition = StageTransition.objects.create(
        dialogue=dialogue, from_stage=current, to_stage=to_stage, note=note, user=user, created=now
    )
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.STAGE_MOVED,
        target=dialogue,
        details={"from": current, "to": to_stage, "note": note},
    )
    return transition


def dialogue_exported(*, dialogue, user, file_format="json"):
    """A full export holds everyone's personal data: each one is recorded."""
    return activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.EXPORTED,
        target=dialogue,
        details={"format": file_format, "whole_dialogue": True},
    )
