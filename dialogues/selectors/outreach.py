"""Reads of the links sent to stakeholders."""

from ..models import StakeholderLink, hash_token


def link_by_token(token):
    """The link this token opens, with what its page may show, or None (expired ones included,
    so that their page can say so)."""
    return (
        StakeholderLink.objects.select_related("stakeholder__dialogue", "meeting", "commitment")
        .filter(token_hash=hash_token(token))
        .first()
    )


def active_links(stakeholder):
    """The stakeholder's links that still open something, newest first."""
    return stakeholder.links.active().select_related("meeting", "commitment")
