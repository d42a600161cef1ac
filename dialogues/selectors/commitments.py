"""Reads of commitments: what is due, the filtered list, one in full, the overdue digest."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from ..models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Dialogue,
    DialogueMembership,
    Invitation,
    OrganisationMembership,
    OrganisationRole,
    Role,
    Stakeholder,
)
from . import with_rows


@dataclass
class Due:
    overdue: list
    soon: list
    overdue_total: int
    soon_total: int


# What the overview shows of a commitment (`commitments_due`): a change to one of these moves the
# revision of what is due (services.commitments).
DUE_FIELDS = ("description", "due_date", "status")


def commitments_due(dialogue, *, days=14, limit=8):
    """Open commitments overdue and due within `days`: the first `limit` of each, soonest
    first, and how many there are in all (one query)."""
    today = timezone.localdate()
    late = ExpressionWrapper(Q(due_date__lt=today), output_field=BooleanField())
    rows = list(
        Commitment.objects.filter(
            dialogue=dialogue,
            status__in=CommitmentStatus.open(),
            due_date__lte=today + timedelta(days=days),
        )
        .annotate(
            late=late,
            position=Window(RowNumber(), partition_by=[late], order_by=[F("due_date"), F("pk")]),
            of=Window(Count("pk"), partition_by=[late]),
        )
        .filter(position__lte=limit)
        .order_by("due_date", "pk")
    )
    overdue = [row for row in rows if row.late]
    soon = [row for row in rows if not row.late]
    return Due(
        overdue=overdue,
        soon=soon,
        overdue_total=overdue[0].of if overdue else 0,
        soon_total=soon[0].of if soon else 0,
    )


# What the commitment list shows of a commitment's stakeholders or filters them by: a change to
# one of these moves the commitments' revision too (services.stakeholders.stakeholder_update).
STAKEHOLDER_FIELDS_LISTED = ("name", "organisation", "sector")

# Soonest due first, undated last.
COMMITMENT_ORDER = (F("due_date").asc(nulls_last=True), "pk")


def commitments_list(dialogue, *, filters=None, today=None):
    """The dialogue's commitments, filtered, soonest due first, undated last (two queries)."""
    filters = filters or {}
    queryset = Commitment.objects.filter(dialogue=dialogue)
    if filters.get("stakeholder"):
        text = filters["stakeholder"]
        queryset = queryset.filter(
            pk__in=Commitment.objects.filter(dialogue=dialogue)
            .filter(
                Q(stakeholders__name__icontains=text)
                | Q(stakeholders__organisation__icontains=text)
            )
            .values("pk")
        )
    if filters.get("sector"):
        queryset = queryset.filter(
            pk__in=Commitment.objects.filter(
                dialogue=dialogue, stakeholders__sector=filters["sector"]
            ).values("pk")
        )
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("assignee"):
        queryset = queryset.filter(assignee=filters["assignee"])
    if filters.get("overdue"):
        queryset = queryset.overdue(today)
    latest = CommitmentUpdate.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-pk")
    return (
        queryset.select_related("meeting", "assignee")
        .prefetch_related(
            # What the list and its export show of each: a page holds a hundred or more.
            Prefetch(
                "stakeholders",
                queryset=Stakeholder.objects.order_by("name", "pk").only("name", "sector"),
            )
        )
        .annotate(
            last_update_date=Subquery(latest.values("date")[:1]),
            last_update_note=Subquery(latest.values("note")[:1]),
        )
        .order_by(*COMMITMENT_ORDER)
    )


def with_stakeholder_names(commitments):
    """The commitments as a list, each with ``names``, its stakeholders' names by name (one
    query, no stakeholder objects: a page or a plan lists hundreds)."""
    commitments = list(commitments)
    holders = (
        Commitment.stakeholders.through.objects.filter(commitment__in=commitments)
        .order_by("stakeholder__name", "stakeholder_id")
        .values_list("commitment_id", "stakeholder__name")
    )
    return with_rows(commitments, "names", holders)


def commitments_for_plan(dialogue):
    """The dialogue's commitments as the printable plan lists them, in the list's order, each
    with ``names`` (two queries)."""
    return with_stakeholder_names(
        Commitment.objects.filter(dialogue=dialogue)
        .select_related("assignee")
        .only("dialogue_id", "description", "due_date", "resources", "status", "assignee")
        .order_by(*COMMITMENT_ORDER)
    )


def commitment_of(dialogue, pk):
    """One commitment of the dialogue with its holder and the dialogue itself, or None: what
    its page shows outside the parts it keeps (``commitment_full`` reads the rest when they are
    rendered)."""
    commitment = (
        Commitment.objects.filter(dialogue=dialogue, pk=pk).select_related("holder").first()
    )
    if commitment is not None:
        commitment.dialogue = dialogue
    return commitment


def commitment_full(dialogue, pk):
    return (
        Commitment.objects.filter(dialogue=dialogue, pk=pk)
        .select_related("meeting", "created_by", "holder", "assignee")
        .prefetch_related(
            Prefetch("stakeholders", queryset=Stakeholder.objects.order_by("name", "pk")),
            Prefetch(
                "updates", queryset=CommitmentUpdate.objects.select_related("author", "stakeholder")
            ),
        )
        .first()
    )


def commitment_followers(dialogue):
    """Who may follow up the dialogue's commitments (rule ``follow_up_commitments``): its
    facilitators and owners, and its organisation's administrators; nobody once it is deleted."""
    users = get_user_model().objects.order_by("email")
    if dialogue.deleted_at is not None:
        return users.none()
    members = DialogueMembership.objects.filter(
        dialogue=dialogue, user=OuterRef("pk"), role__in=[Role.FACILITATOR, Role.OWNER]
    )
    admins = OrganisationMembership.objects.filter(
        organisation_id=dialogue.organisation_id, user=OuterRef("pk"), role=OrganisationRole.ADMIN
    )
    return users.filter(Exists(members) | Exists(admins))


def assigned_open_commitments(user, *, two_factor=True):
    """The open commitments the user follows up in the dialogues they may open and work in,
    due first, then the ones without a date (see ``Dialogue.objects.at_work_for``)."""
    dialogues = Dialogue.objects.at_work_for(user, two_factor=two_factor)
    return (
        Commitment.objects.filter(
            assignee=user,
            status__in=CommitmentStatus.open(),
            dialogue__in=dialogues.values("pk"),
        )
        .select_related("dialogue")
        .order_by(F("due_date").asc(nulls_last=True), "dialogue__title", "pk")
    )


def owner_language(user):
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
