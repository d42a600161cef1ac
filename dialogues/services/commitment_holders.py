"""Writes of commitments confirmed and reported on by their holders through a personal link."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Activity, Commitment, OutboundMessage, StakeholderLink
from .commitments import commitment_progress_add
from .dialogues import activity_record
from .outreach import link_url, stakeholder_email_queue, stakeholder_link_create


@transaction.atomic
def commitment_confirmation_request(*, commitment, user):
    """Email the holder (who consented) a link to confirm the wording and report progress."""
    holder = commitment.holder
    if holder is None:
        raise ValidationError(_("This commitment names no holder."), code="no_holder")
    _link, token = stakeholder_link_create(
        stakeholder=holder,
        purpose=StakeholderLink.Purpose.COMMITMENT,
        commitment=commitment,
        user=user,
    )
    return stakeholder_email_queue(
        stakeholder=holder,
        kind=OutboundMessage.Kind.COMMITMENT_CONFIRMATION,
        template="dialogues/email/commitment_confirmation",
        context={
            "commitment": commitment,
            "commitment_url": link_url(token=token, language=holder.language),
        },
        user=user,
        commitment=commitment,
    )


@transaction.atomic
def commitment_confirm(*, link):
    """The holder confirms the wording as it stands now."""
    commitment = Commitment.objects.select_for_update().get(pk=link.commitment_id)
    commitment.confirmed_at = timezone.now()
    commitment.confirmed_description = commitment.description
    commitment.save(update_fields=["confirmed_at", "confirmed_description"])
    StakeholderLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    activity_record(
        dialogue=commitment.dialogue,
        actor=None,
        verb=Activity.Verb.CONFIRMED,
        target=commitment,
        details={"stakeholder": link.stakeholder.name},
    )
    return commitment


def commitment_progress_report(*, link, status, note):
    """The holder's progress update, marked as theirs."""
    commitment = Commitment.objects.get(pk=link.commitment_id)
    return commitment_progress_add(
        commitment=commitment, user=None, status=status, note=note, stakeholder=link.stakeholder
    )
