"""Reads of dialogues: the home list, the workspace's people, its activity, the printable plan."""

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When

from ..models import (
    Activity,
    ChecklistItem,
    Commitment,
    Dialogue,
    DialogueMembership,
    Meeting,
    OrganisationMembership,
    OrganisationRole,
    Stage,
    StageTransition,
)
from .checklists import assigned_open_items, current_stage_counts
from .commitments import assigned_open_commitments
from .meetings import agenda_items, through_count
from .stakeholders import stakeholders_in_sector_order


def visible_dialogues(user):
    """The dialogues the user may open, each with its organisation."""
    return Dialogue.objects.visible_to(user).select_related("organisation")


# Next due items on each card of "My dialogues".
DUE_ITEMS_SHOWN = 3


def dialogues_for_home(*, user, archived=False, two_factor=True):
    """The user's dialogues with the progress of their current stage and next due items.

    Without ``two_factor`` (this session did not sign in with it), the dialogues of
    organisations that require it are left out.
    """
    queryset = (
        Dialogue.objects.visible_to(user)
        .select_related("organisation")
        .annotate(**current_stage_counts())
        .prefetch_related(
            Prefetch(
                "checklist_items",
                # The card shows the first three (one windowed query for all the cards).
                queryset=ChecklistItem.objects.filter(done_at__isnull=True, due_date__isnull=False)
                .select_related("template")
                .order_by("due_date", "pk")[:DUE_ITEMS_SHOWN],
                to_attr="due_items",
            )
        )
        .order_by("-updated", "pk")
    )
    if not two_factor:
        queryset = queryset.exclude(organisation__require_two_factor=True)
    if archived:
        return queryset.filter(archived_at__isnull=False)
    return queryset.filter(archived_at__isnull=True)


def assigned_work(user, *, two_factor=True):
    """Everything given to the user across the dialogues they work in, as one list to page
    through: rows {"kind": 0 (a checklist item) or 1 (a commitment), "pk"}, soonest due first,
    undated last; on the same day items before commitments, then by dialogue and place in the
    checklist. Read the page's own objects with `assigned_work_page`."""

    def rows(queryset, kind, stage, order):
        return (
            queryset.order_by()
            .annotate(
                kind=Value(kind),
                dialogue_title=F("dialogue__title"),
                stage_rank=stage,
                position=order,
            )
            .values("kind", "pk", "due_date", "dialogue_title", "stage_rank", "position")
        )

    stage = Case(*(When(stage=value, then=rank) for rank, value in enumerate(Stage.values)))
    items = rows(assigned_open_items(user, two_factor=two_factor), 0, stage, F("order"))
    commitments = rows(
        assigned_open_commitments(user, two_factor=two_factor), 1, Value(0), Value(0)
    )
    return items.union(commitments, all=True).order_by(
        F("due_date").asc(nulls_last=True), "kind", "dialogue_title", "stage_rank", "position", "pk"
    )


def assigned_work_page(rows):
    """The checklist items and commitments of ``rows`` (a page of `assigned_work`), in its
    order, each with ``work_kind`` ("item" or "commitment"). Two queries."""
    wanted = {0: [], 1: []}
    for row in rows:
        wanted[row["kind"]].append(row["pk"])
    found = {
        (0, item.pk): item
        for item in ChecklistItem.objects.filter(pk__in=wanted[0]).select_related(
            "dialogue", "template"
        )
    } | {
        (1, commitment.pk): commitment
        for commitment in Commitment.objects.filter(pk__in=wanted[1]).select_related("dialogue")
    }
    tasks = []
    for row in rows:
        task = found.get((row["kind"], row["pk"]))
        if task is not None:  # done or gone since the page was counted
            task.work_kind = "commitment" if row["kind"] else "item"
            tasks.append(task)
    return tasks


def dialogue_revisions(dialogues):
    """(pk, revision) of the dialogues in their order, to page through: what their kept cards
    depend on."""
    return dialogues.order_by("-updated", "pk").values_list("pk", "revision")


def deleted_dialogues(user, *, two_factor=True):
    """Deleted dialogues that the user could restore, each with its organisation; without
    ``two_factor`` (this session did not sign in with it), not those of organisations that
    require it."""
    queryset = Dialogue.objects.deleted_visible_to(user).select_related("organisation")
    if not two_factor:
        queryset = queryset.exclude(organisation__require_two_factor=True)
    return queryset


def activity_feed(dialogue):
    """The dialogue's activity, latest first, with who did it."""
    return Activity.objects.filter(dialogue=dialogue).select_related("actor")


def dialogue_memberships(dialogue):
    """The workspace's members, each marked if an organisation administrator (so an owner)."""
    admins = OrganisationMembership.objects.filter(
        organisation_id=dialogue.organisation_id, role=OrganisationRole.ADMIN, user=OuterRef("user")
    )
    return (
        DialogueMembership.objects.filter(dialogue=dialogue)
        .select_related("user")
        .annotate(is_organisation_admin=Exists(admins))
    )


def dialogue_organisation_admins(dialogue):
    """The administrators of the dialogue's organisation without a membership of it: owners of
    the dialogue all the same (members are listed once, with their membership)."""
    return (
        OrganisationMembership.objects.filter(
            organisation_id=dialogue.organisation_id, role=OrganisationRole.ADMIN
        )
        .exclude(user__dialogue_memberships__dialogue=dialogue)
        .select_related("user")
    )


def workspace_people(dialogue):
    """Who may be given work: members of the workspace and of the organisation (all can see it)."""
    return (
        get_user_model()
        .objects.filter(
            Q(dialogue_memberships__dialogue=dialogue)
            | Q(organisation_memberships__organisation_id=dialogue.organisation_id)
        )
        .distinct()
        .order_by("email")
    )


def stage_transitions(dialogue):
    return StageTransition.objects.filter(dialogue=dialogue).select_related("user")


PLAN_STAKEHOLDER_FIELDS = (
    "name",
    "organisation",
    "role_title",
    "sector",
    "stance",
    "influence",
    "interest",
    "status",
)


def plan_stakeholders(dialogue):
    """The dialogue's stakeholders as the printable plan lists them, in sector order: rows of
    the fields it prints, no model instance (the plan lists them all; one query)."""
    return list(
        stakeholders_in_sector_order()
        .filter(dialogue=dialogue)
        .values_list(*PLAN_STAKEHOLDER_FIELDS, named=True)
    )


def plan_meetings(dialogue):
    """The dialogue's meetings in date order, with their agenda and how many people were
    invited and attended (two queries)."""
    return list(
        Meeting.objects.filter(dialogue=dialogue)
        .order_by("starts_at", "pk")
        .prefetch_related(Prefetch("agenda_items", queryset=agenda_items()))
        .annotate(invited_count=through_count("invited"), attended_count=through_count("attended"))
    )
