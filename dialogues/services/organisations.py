"""Writes of organisations, their members and invitations."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import (
    Activity,
    Dialogue,
    DialogueMembership,
    Invitation,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    OutboundMessage,
    Role,
)
from ..selectors.organisations import user_emails
from .dialogues import activity_record, calendar_feeds_kept_from, follow_ups_kept_from
from .outbox import email_render, message_queue


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
    return organisation


@transaction.atomic
def organisation_update(*, organisation, fields):
    """Save the organisation's profile and settings given in ``fields`` ({name: value})."""
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=[*fields, "updated"])
    return organisation


@transaction.atomic
def organisation_member_set_role(*, membership, role, user=None):
    """Change a member's role; an organisation always keeps at least one admin. ``user``
    (who made the change) is named in the log of the dialogues whose feed address changes."""
    if membership.role == OrganisationRole.ADMIN and role != OrganisationRole.ADMIN:
        _ensure_other_admin(membership)
    membership.role = role
    dialogues = _organisation_dialogues(membership)
    with (
        calendar_feeds_kept_from(membership.user, dialogues=dialogues, user=user),
        follow_ups_kept_from(membership.user, dialogues=dialogues, user=user),
    ):
        membership.save(update_fields=["role", "updated"])
    return membership


@transaction.atomic
def organisation_member_remove(*, membership, user=None):
    if membership.role == OrganisationRole.ADMIN:
        _ensure_other_admin(membership)
    dialogues = _organisation_dialogues(membership)
    with (
        calendar_feeds_kept_from(membership.user, dialogues=dialogues, user=user),
        follow_ups_kept_from(membership.user, dialogues=dialogues, user=user),
    ):
        membership.delete()


def _organisation_dialogues(membership):
    return list(Dialogue.objects.alive().filter(organisation_id=membership.organisation_id))


def _ensure_other_admin(membership):
    admins = (
        OrganisationMembership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=OrganisationRole.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not admins.exists():
        raise ValidationError(_("An organisation must keep at least one administrator."))


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
            "role": invitation.role_label,
        }
        subject, body = email_render("dialogues/email/invitation", context)
    message_queue(
        kind=OutboundMessage.Kind.TEAM_INVITATION,
        to_email=invitation.email,
        subject=subject,
        body=body,
        dialogue=invitation.dialogue,
        invitation=invitation,
        sent_by=invitation.invited_by,
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


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
            verb=Activity.Verb.JOINED,
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
    return invitation
