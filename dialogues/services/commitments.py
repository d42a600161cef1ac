"""Writes of commitments and their progress, and the daily overdue digest."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from accounts.names import display_name

from ..models import (
    Activity,
    Commitment,
    CommitmentUpdate,
    OutboundMessage,
    OverdueDigest,
)
from ..selectors.commitments import DUE_FIELDS, overdue_digest_recipients, owner_language
from .dialogues import activity_record, save_versioned
from .notifications import member_notify
from .outbox import email_render, message_queue

# The parts of the dialogue (Dialogue.PARTS) that show a commitment: the commitment list, the
# meeting list, which counts each meeting's commitments, and the overview, which lists the open
# ones due soon by DUE_FIELDS.
COMMITMENTS = ("commitments",)
WITH_MEETINGS = ("commitments", "meetings")
EVERYWHERE = (*WITH_MEETINGS, "commitments_due")


def _with_due(parts, fields):
    """``parts``, and what is due too when one of ``fields`` is shown there."""
    return (*parts, "commitments_due") if set(fields) & set(DUE_FIELDS) else parts


def _assignee_told(*, commitment, user):
    """Tell the team member now following the commitment up, as for a checklist item."""
    if commitment.assignee_id is None:
        return
    member_notify(
        user=commitment.assignee,
        dialogue=commitment.dialogue,
        actor=user,
        template="commitment_assigned",
        context={
            "commitment": commitment,
            "stakeholders": list(commitment.stakeholders.order_by("name", "pk")),
        },
    )


@transaction.atomic
def commitment_create(*, dialogue, user, fields, stakeholders):
    commitment = Commitment.objects.create(dialogue=dialogue, created_by=user, **fields)
    commitment.stakeholders.set(stakeholders)
    details = {}
    if commitment.assignee_id is not None:
        details["assigned_to"] = display_name(commitment.assignee)
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.CREATED,
        target=commitment,
        details=details,
        parts=EVERYWHERE,
    )
    _assignee_told(commitment=commitment, user=user)
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
    details = {"fields": sorted(fields)}
    if "assignee" in fields:
        details["assigned_to"] = display_name(commitment.assignee)
    activity_record(
        dialogue=commitment.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=commitment,
        details=details,
        parts=_with_due(WITH_MEETINGS, fields),
    )
    if "assignee" in fields:
        _assignee_told(commitment=commitment, user=user)
    return commitment


@transaction.atomic
def commitment_progress_add(*, commitment, user, status, note="", date=None, stakeholder=None):
    """A dated progress update; it also becomes the commitment's status. ``stakeholder`` is set
    when the commitment's holder reports it through their link (``user`` is then None)."""
    update = CommitmentUpdate.objects.create(
        commitment=commitment,
        status=status,
        note=note,
        date=date or timezone.localdate(),
        author=user,
        stakeholder=stakeholder,
    )
    changed = commitment.status != status
    if changed:
        # A new version, so that a form opened before this update reports a conflict.
        Commitment.objects.filter(pk=commitment.pk).update(
            status=status, version=F("version") + 1, updated=timezone.now()
        )
        commitment.refresh_from_db(fields=["status", "version", "updated"])
    details = {"progress": status}
    if stakeholder is not None:
        details["stakeholder"] = stakeholder.name
    activity_record(
        dialogue=commitment.dialogue,
        actor=user,
        verb=Activity.Verb.REPORTED if stakeholder is not None else Activity.Verb.UPDATED,
        target=commitment,
        details=details,
        parts=_with_due(COMMITMENTS, ["status"] if changed else []),
    )
    return update


@transaction.atomic
def commitment_delete(*, commitment, user):
    activity_record(
        dialogue=commitment.dialogue,
        actor=user,
        verb=Activity.Verb.DELETED,
        target=commitment,
        parts=EVERYWHERE,
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
            with translation.override(owner_language(user)):
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
                subject, body = email_render("dialogues/email/overdue_digest", context)
            message_queue(
                kind=OutboundMessage.Kind.OVERDUE_DIGEST,
                to_email=user.email,
                subject=subject,
                body=body,
            )
        sent += 1
    return sent
