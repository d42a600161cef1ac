"""Reads of the links sent to stakeholders."""

from django.db.models import Q

from ..models import OutboundMessage, StakeholderLink, hash_token


def link_by_token(token):
    """The link this token opens, with what its page may show, or None (expired ones included,
    so that their page can say so). None of a deleted dialogue, which is closed to everyone,
    and of an archived one but the link that withdraws consent to be contacted: an archived
    dialogue is read-only for the people on its list as for its team."""
    return (
        StakeholderLink.objects.select_related("stakeholder__dialogue", "meeting", "commitment")
        .filter(token_hash=hash_token(token), stakeholder__dialogue__deleted_at__isnull=True)
        .filter(
            Q(stakeholder__dialogue__archived_at__isnull=True)
            | Q(purpose=StakeholderLink.Purpose.UNSUBSCRIBE)
        )
        .first()
    )


def active_links(stakeholder):
    """The stakeholder's links that still open something, newest first."""
    return stakeholder.links.active().select_related("meeting", "commitment")


def undelivered_messages(*, meeting=None, commitment=None):
    """Emails sent from this meeting's or commitment's page that failed or wait for a retry,
    newest first (one query), for the page to show its sender."""
    filters = {"meeting": meeting} if meeting is not None else {"commitment": commitment}
    return list(
        OutboundMessage.objects.filter(status__in=OutboundMessage.UNDELIVERED, **filters)
        .select_related("stakeholder")
        .only(
            "status",
            "last_error",
            "kind",
            "created",
            "stakeholder__name",
            "stakeholder__dialogue_id",
        )
    )
