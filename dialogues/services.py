"""Writes of the dialogues app: each in one transaction, with its activity recorded."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    Activity,
    ChecklistItem,
    ChecklistTemplateItem,
    Dialogue,
    DialogueMembership,
    Invitation,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Role,
)
from .rules import forget_roles


class ConflictError(Exception):
    """Someone else saved the object since the form was opened."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


def activity_record(*, dialogue, actor, verb, target=None, details=None):
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
