"""Reads of organisations, their members and invitations, and of the people invited."""

from django.db.models import OuterRef, Q, Subquery

from ..models import Dialogue, Invitation, Organisation, OutboundMessage


def user_organisations(user):
    """The organisations the user is a member of, by name."""
    return Organisation.objects.of_user(user).order_by("name")


def locked_organisations(user):
    """Organisations of the user's dialogues (deleted ones they could restore included) that
    require two-factor authentication, and whose dialogues stay hidden, titles included, until
    the session signs in with it."""
    shared = Dialogue.objects.visible_to(user).filter(organisation__require_two_factor=True)
    deleted = Dialogue.objects.deleted_visible_to(user).filter(
        organisation__require_two_factor=True
    )
    own = Organisation.objects.of_user(user).filter(require_two_factor=True)
    return Organisation.objects.filter(
        Q(pk__in=shared.values("organisation_id"))
        | Q(pk__in=deleted.values("organisation_id"))
        | Q(pk__in=own.values("pk"))
    ).order_by("name")


def organisation_memberships(organisation):
    return organisation.memberships.select_related("user").order_by("user__email")


def organisation_dialogues(organisation, user):
    """The organisation's dialogues that the user may open."""
    return organisation.dialogues.visible_to(user)


def pending_invitations(*, organisation=None, dialogue=None):
    """Invitations to the organisation or to the dialogue still waiting for an answer, each with
    the delivery status and error of its latest email (``delivery_status``, ``delivery_error``)."""
    if dialogue is not None:
        invitations = Invitation.objects.pending().filter(dialogue=dialogue)
    else:
        invitations = organisation.invitations.pending()
    latest = OutboundMessage.objects.filter(invitation=OuterRef("pk")).order_by("-created", "-pk")
    return invitations.annotate(
        delivery_status=Subquery(latest.values("status")[:1]),
        delivery_error=Subquery(latest.values("last_error")[:1]),
    )


def invitation_by_token(token):
    """The invitation this emailed link carries, with what its page shows, or None (also
    while its dialogue is deleted, which admits no one)."""
    return (
        Invitation.objects.select_related("dialogue", "organisation", "invited_by")
        .filter(token=token)
        .exclude(dialogue__deleted_at__isnull=False)
        .first()
    )


def user_emails(user):
    """Every address of the user, lower case: the account's and the verified ones."""
    emails = {user.email.lower()} if user.email else set()
    emails |= {e.lower() for e in user.emailaddress_set.values_list("email", flat=True)}
    return emails
