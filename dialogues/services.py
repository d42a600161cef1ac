"""Writes of the dialogues app: each in one transaction, with its activity recorded."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
    Invitation,
    Label,
    Meeting,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    OverdueDigest,
    Role,
    Stage,
    StageTransition,
    Stakeholder,
    new_token,
)
from .rules import forget_roles


class ConflictError(Exception):
    """Someone else saved the object since the form was opened."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


def activity_record(*, dialogue, actor, verb, target=None, details=None):
    """Record a change in the dialogue's activity log and move the dialogue's revision.

    Every change to a dialogue's content comes through here, inside the change's transaction:
    the row lock orders concurrent changes, and the revision is committed with the change.
    """
    Dialogue.objects.filter(pk=dialogue.pk).update(revision=F("revision") + 1)
    return Activity.objects.create(
        dialogue=dialogue,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target._meta.model_name if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
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


# --- Organisations --------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, user, name, country, city="", description="", website="", timezone="UTC"
):
    organisation = Organisation.objects.create(
        name=name,
        country=country,
        city=city,
        description=description,
        website=website,
        timezone=timezone,
    )
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationRole.ADMIN
    )
    forget_roles(user)
    return organisation


@transaction.atomic
def organisation_member_set_role(*, membership, role):
    """Change a member's role; an organisation always keeps at least one admin."""
    if membership.role == OrganisationRole.ADMIN and role != OrganisationRole.ADMIN:
        _ensure_other_admin(membership)
    membership.role = role
    membership.save(update_fields=["role", "updated"])
    return membership


@transaction.atomic
def organisation_member_remove(*, membership):
    if membership.role == OrganisationRole.ADMIN:
        _ensure_other_admin(membership)
    membership.delete()


def _ensure_other_admin(membership):
    admins = (
        OrganisationMembership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=OrganisationRole.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not admins.exists():
        raise ValidationError(_("An organisation must keep at least one administrator."))


# --- Dialogues ------------------------------------------------------------------------------


@transaction.atomic
def dialogue_create(*, user, organisation, **fields):
    dialogue = Dialogue.objects.create(organisation=organisation, created_by=user, **fields)
    DialogueMembership.objects.create(dialogue=dialogue, user=user, role=Role.OWNER)
    checklist_create_defaults(dialogue=dialogue)
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.CREATED, target=dialogue)
    forget_roles(user)
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
    forget_roles(user)
    return dialogue


@transaction.atomic
def dialogue_restore(*, dialogue, user):
    dialogue.deleted_at = None
    dialogue.save(update_fields=["deleted_at", "updated"])
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.RESTORED, target=dialogue)
    forget_roles(user)
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


# --- Workspace members ----------------------------------------------------------------------


@transaction.atomic
def dialogue_member_set_role(*, membership, role, user):
    if membership.role == Role.OWNER and role != Role.OWNER:
        _ensure_other_owner(membership)
    membership.role = role
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


# --- Invitations ----------------------------------------------------------------------------


def _is_member_already(*, email, organisation=None, dialogue=None):
    if dialogue is not None:
        return (
            DialogueMembership.objects.filter(
                dialogue=dialogue, user__emailaddress__email__iexact=email
            ).exists()
            or DialogueMembership.objects.filter(
                dialogue=dialogue, user__email__iexact=email
            ).exists()
        )
    return (
        OrganisationMembership.objects.filter(
            organisation=organisation, user__email__iexact=email
        ).exists()
        or OrganisationMembership.objects.filter(
            organisation=organisation, user__emailaddress__email__iexact=email
        ).exists()
    )


@transaction.atomic
def invitation_create(*, inviter, email, role, language, organisation=None, dialogue=None):
    email = email.strip().lower()
    if _is_member_already(email=email, organisation=organisation, dialogue=dialogue):
        raise ValidationError(
            {"email": _("This person is already a member.")}, code="already_member"
        )
    pending = Invitation.objects.pending().filter(
        email__iexact=email, organisation=organisation, dialogue=dialogue
    )
    if pending.exists():
        raise ValidationError(
            {"email": _("An invitation to this address is already pending. Resend it instead.")},
            code="already_invited",
        )
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        language=language,
        organisation=organisation,
        dialogue=dialogue,
        invited_by=inviter,
        expires_at=timezone.now() + timedelta(days=Invitation.VALID_DAYS),
    )
    if dialogue is not None:
        activity_record(
            dialogue=dialogue,
            actor=inviter,
            verb=Activity.Verb.INVITED,
            target=invitation,
            details={"role": role},
        )
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return invitation


def invitation_send(*, invitation, base_url=None):
    """Email the invitation in the language the inviter was using."""
    base_url = base_url or getattr(settings, "SITE_URL", "")
    with translation.override(invitation.language):
        path = reverse("dialogues:invitation-accept", kwargs={"token": invitation.token})
        context = {
            "invitation": invitation,
            "url": f"{base_url}{path}",
            "inviter": invitation.invited_by,
            "target": invitation.target,
            "role": _role_label(invitation),
        }
        subject = render_to_string("dialogues/email/invitation_subject.txt", context).strip()
        body = render_to_string("dialogues/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def _role_label(invitation):
    choices = Role if invitation.dialogue_id else OrganisationRole
    return choices(invitation.role).label


@transaction.atomic
def invitation_resend(*, invitation):
    invitation.expires_at = timezone.now() + timedelta(days=Invitation.VALID_DAYS)
    invitation.save(update_fields=["expires_at", "updated"])
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, user):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated"])
    if invitation.dialogue_id:
        activity_record(
            dialogue=invitation.dialogue,
            actor=user,
            verb=Activity.Verb.INVITATION_REVOKED,
            target=invitation,
        )
    return invitation


def user_emails(user):
    emails = {user.email.lower()} if user.email else set()
    emails |= {e.lower() for e in user.emailaddress_set.values_list("email", flat=True)}
    return emails


@transaction.atomic
def invitation_accept(*, invitation, user):
    """Make the user a member with the invited role; the link then stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation is no longer valid."), code="invalid")
    if invitation.email.lower() not in user_emails(user):
        raise PermissionDenied(_("This invitation was sent to another email address."))
    if invitation.dialogue_id:
        membership, created = DialogueMembership.objects.get_or_create(
            dialogue=invitation.dialogue, user=user, defaults={"role": invitation.role}
        )
        if not created and Role.rank(invitation.role) > Role.rank(membership.role):
            membership.role = invitation.role
            membership.save(update_fields=["role", "updated"])
        activity_record(
            dialogue=invitation.dialogue,
            actor=user,
            verb=Activity.Verb.MEMBER_ADDED,
            target=user,
            details={"role": invitation.role},
        )
    else:
        OrganisationMembership.objects.get_or_create(
            organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated"])
    forget_roles(user)
    return invitation


# --- Stakeholder register -------------------------------------------------------------------


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
    stakeholder.labels.set(
        _stakeholder_labels(dialogue=dialogue, tag_names=tag_names, inclusion_names=inclusion_names)
    )
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.CREATED, target=stakeholder)
    return stakeholder


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
    labels = _stakeholder_labels(
        dialogue=stakeholder.dialogue, tag_names=tag_names, inclusion_names=inclusion_names
    )
    before = set(stakeholder.labels.values_list("pk", flat=True))
    if before != {label.pk for label in labels}:
        stakeholder.labels.set(labels)
        fields.append("labels")
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=stakeholder,
        details={"fields": sorted(set(fields) - {"status_changed"})},
    )
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, stakeholder, user):
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=user,
        verb=Activity.Verb.DELETED,
        target=stakeholder,
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
    )
    return len(stakeholders)


# --- Stages and checklists ------------------------------------------------------------------


def _next_order(dialogue, stage):
    last = ChecklistItem.objects.filter(dialogue=dialogue, stage=stage).aggregate(m=Max("order"))
    return (last["m"] or 0) + 10


@transaction.atomic
def checklist_item_create(
    *, dialogue, user, stage, title, assignee=None, due_date=None, note="", chapter=None, tool=None
):
    item = ChecklistItem.objects.create(
        dialogue=dialogue,
        stage=stage,
        order=_next_order(dialogue, stage),
        title=title,
        assignee=assignee,
        due_date=due_date,
        note=note,
        chapter=chapter,
        tool=tool,
    )
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.CREATED,
        target=item,
        details={"stage": stage},
    )
    return item


@transaction.atomic
def checklist_item_update(*, item, user, version, fields):
    """Save the edited fields unless someone saved the item meanwhile (ConflictError)."""
    if fields:
        save_versioned(instance=item, version=version, fields=fields)
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=item,
        details={"fields": sorted(fields)},
    )
    return item


@transaction.atomic
def checklist_item_set_done(*, item, user, done):
    """Mark an item done (remembering who and when) or open again; no-op if already so."""
    if done == item.is_done:
        return item
    item.done_at = timezone.now() if done else None
    item.done_by = user if done else None
    item.save(update_fields=["done_at", "done_by", "updated"])
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.COMPLETED if done else Activity.Verb.REOPENED,
        target=item,
    )
    return item


@transaction.atomic
def checklist_item_move(*, item, user, direction):
    """Swap the item with its neighbour in the stage ("up" or "down"); False at either end."""
    siblings = list(
        ChecklistItem.objects.select_for_update()
        .filter(dialogue_id=item.dialogue_id, stage=item.stage)
        .order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.order = position * 10
    ChecklistItem.objects.bulk_update(siblings, ["order"])
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=item,
        details={"moved": direction},
    )
    return True


@transaction.atomic
def checklist_item_delete(*, item, user):
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.DELETED,
        target=item,
        details={"stage": item.stage},
    )
    item.delete()


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


# --- Meetings -------------------------------------------------------------------------------


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
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.CREATED, target=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting, user, version, fields, invited, attended, agenda=()):
    """Save the meeting unless someone saved it meanwhile (ConflictError); then its lists."""
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
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting, user):
    activity_record(
        dialogue=meeting.dialogue, actor=user, verb=Activity.Verb.DELETED, target=meeting
    )
    meeting.delete()


@transaction.atomic
def dialogue_calendar_token_regenerate(*, dialogue, user):
    """A new secret feed address; the old one stops working at once."""
    dialogue.calendar_token = new_token()
    dialogue.save(update_fields=["calendar_token", "updated"])
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=dialogue,
        details={"calendar_feed": "regenerated"},
    )
    return dialogue


# --- Commitments ----------------------------------------------------------------------------


@transaction.atomic
def commitment_create(*, dialogue, user, fields, stakeholders):
    commitment = Commitment.objects.create(dialogue=dialogue, created_by=user, **fields)
    commitment.stakeholders.set(stakeholders)
    activity_record(dialogue=dialogue, actor=user, verb=Activity.Verb.CREATED, target=commitment)
    return commitment


@transaction.atomic
def commitment_update(*, commitment, user, version, fields, stakeholders):
    """Save the edit unless someone saved it meanwhile; a new status is dated in its history."""
    old_status = Commitment.objects.values_list("status", flat=True).get(pk=commitment.pk)
    save_versioned(instance=commitment, version=version, fields=fields)
    commitment.stakeholders.set(stakeholders)
    if commitment.status != old_status:
        CommitmentUpdate.objects.create(
            commitment=commitment, status=commitment.status, author=user
        )
    activity_record(
        dialogue=commitment.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=commitment,
        details={"fields": sorted(fields)},
    )
    return commitment


@transaction.atomic
def commitment_progress_add(*, commitment, user, status, note="", date=None):
    """A dated progress update; it also becomes the commitment's status."""
    update = CommitmentUpdate.objects.create(
        commitment=commitment,
        status=status,
        note=note,
        date=date or timezone.localdate(),
        author=user,
    )
    if commitment.status != status:
        # A new version, so that a form opened before this update reports a conflict.
        Commitment.objects.filter(pk=commitment.pk).update(
            status=status, version=F("version") + 1, updated=timezone.now()
        )
        commitment.refresh_from_db(fields=["status", "version", "updated"])
    activity_record(
        dialogue=commitment.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=commitment,
        details={"progress": status},
    )
    return update


@transaction.atomic
def commitment_delete(*, commitment, user):
    activity_record(
        dialogue=commitment.dialogue, actor=user, verb=Activity.Verb.DELETED, target=commitment
    )
    commitment.delete()


def commitments_exported(*, dialogue, user, file_format, count):
    return activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.EXPORTED,
        target=dialogue,
        details={"what": "commitments", "format": file_format, "rows": count},
    )


def _owner_language(user):
    """The language of the user's last accepted invitation, or English."""
    language = (
        Invitation.objects.filter(accepted_by=user)
        .order_by("-accepted_at")
        .values_list("language", flat=True)
        .first()
    )
    return language if language in dict(settings.LANGUAGES) else "en"


def overdue_digest_recipients(*, today):
    """{owner: [(dialogue, [overdue commitment, ...]), ...]} over live, unarchived dialogues."""
    overdue = (
        Commitment.objects.overdue(today)
        .filter(dialogue__deleted_at__isnull=True, dialogue__archived_at__isnull=True)
        .select_related("dialogue")
        .prefetch_related("stakeholders")
        .order_by("dialogue__title", "dialogue_id", "due_date", "pk")
    )
    dialogues, commitments = {}, {}
    for commitment in overdue:
        dialogues.setdefault(commitment.dialogue_id, commitment.dialogue)
        commitments.setdefault(commitment.dialogue_id, []).append(commitment)
    owners = {}
    memberships = DialogueMembership.objects.filter(
        dialogue_id__in=dialogues, role=Role.OWNER
    ).select_related("user")
    for membership in memberships:
        owners.setdefault(membership.user, set()).add(membership.dialogue_id)
    organisation_dialogues = {}
    for dialogue in dialogues.values():
        organisation_dialogues.setdefault(dialogue.organisation_id, set()).add(dialogue.pk)
    admins = OrganisationMembership.objects.filter(
        organisation_id__in=organisation_dialogues, role=OrganisationRole.ADMIN
    ).select_related("user")
    for membership in admins:
        owners.setdefault(membership.user, set()).update(
            organisation_dialogues[membership.organisation_id]
        )
    return {
        user: [(dialogues[pk], commitments[pk]) for pk in dialogues if pk in dialogue_ids]
        for user, dialogue_ids in owners.items()
        if user.is_active and user.email
    }


def overdue_digest_send(*, today=None, base_url=None):
    """Email each owner one list of their dialogues' overdue commitments, once a day.

    Returns the number of emails sent; owners already sent a digest today are skipped.
    """
    today = today or timezone.localdate()
    base_url = base_url if base_url is not None else getattr(settings, "SITE_URL", "")
    already = set(OverdueDigest.objects.filter(date=today).values_list("user_id", flat=True))
    sent = 0
    for user, dialogues in overdue_digest_recipients(today=today).items():
        if user.pk in already:
            continue
        count = sum(len(overdue) for _dialogue, overdue in dialogues)
        with transaction.atomic():
            # Claim the day first: a second run, even a concurrent one, sends nothing.
            _digest, created = OverdueDigest.objects.get_or_create(
                user=user, date=today, defaults={"commitments": count}
            )
            if not created:
                continue
            with translation.override(_owner_language(user)):
                context = {
                    "user": user,
                    "count": count,
                    "dialogues": [
                        {
                            "dialogue": dialogue,
                            "url": base_url
                            + reverse(
                                "dialogues:commitment-list", kwargs={"dialogue_pk": dialogue.pk}
                            )
                            + "?overdue=1",
                            "commitments": overdue,
                        }
                        for dialogue, overdue in dialogues
                    ],
                    "today": today,
                }
                subject = render_to_string(
                    "dialogues/email/overdue_digest_subject.txt", context
                ).strip()
                body = render_to_string("dialogues/email/overdue_digest_body.txt", context)
            send_mail(subject, body, None, [user.email])
        sent += 1
    return sent


# --- Personal data: the whole dialogue as a file, erasing one person ---------------------------


def dialogue_exported(*, dialogue, user, file_format="json"):
    """A full export holds everyone's personal data: each one is recorded."""
    return activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.EXPORTED,
        target=dialogue,
        details={"format": file_format, "whole_dialogue": True},
    )


ERASED_FIELDS = (
    "name",
    "organisation",
    "role_title",
    "email",
    "phone",
    "consent_date",
    "consent_method",
    "notes",
    "erased_at",
)


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
    for name in ERASED_FIELDS[1:]:
        field = Stakeholder._meta.get_field(name)
        setattr(stakeholder, name, None if field.null else "")
    stakeholder.erased_at = timezone.now()
    stakeholder.version += 1
    stakeholder.save(update_fields=[*ERASED_FIELDS, "version", "updated"])
    stakeholder.labels.clear()
    Interaction.objects.filter(stakeholder=stakeholder).update(note="")
    # The activity feed named the person too.
    Activity.objects.filter(
        dialogue_id=stakeholder.dialogue_id, target_type="stakeholder", target_label=old_name[:300]
    ).update(target_label=stakeholder.name)
    activity_record(
        dialogue=stakeholder.dialogue, actor=user, verb=Activity.Verb.ERASED, target=stakeholder
    )
    return stakeholder
