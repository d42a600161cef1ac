"""Reads of the dialogues app, each a fixed number of queries whatever the data size."""

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from content.models import Chapter

from .models import (
    ChecklistItem,
    Commitment,
    Dialogue,
    Interaction,
    Label,
    Quadrant,
    Sector,
    Stage,
    Stakeholder,
    StakeholderStatus,
)

STAKEHOLDERS_CHAPTER = "identifying-stakeholders"


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("dialogue").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def dialogues_for_home(*, user, archived=False):
    """The user's dialogues with the progress of their current stage and next due items."""
    items = ChecklistItem.objects.filter(dialogue=OuterRef("pk"), stage=OuterRef("stage"))
    queryset = (
        Dialogue.objects.visible_to(user)
        .select_related("organisation")
        .annotate(
            stage_total=_count(items),
            stage_done=_count(items.filter(done_at__isnull=False)),
        )
        .prefetch_related(
            Prefetch(
                "checklist_items",
                queryset=ChecklistItem.objects.filter(done_at__isnull=True, due_date__isnull=False)
                .select_related("template")
                .order_by("due_date", "pk"),
                to_attr="due_items",
            )
        )
        .order_by("-updated")
    )
    if archived:
        return queryset.filter(archived_at__isnull=False)
    return queryset.filter(archived_at__isnull=True)


def stage_progress(dialogue):
    """Done and total checklist items per stage, in stage order."""
    rows = (
        ChecklistItem.objects.filter(dialogue=dialogue)
        .values("stage")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False)))
    )
    by_stage = {row["stage"]: row for row in rows}
    progress = []
    for stage in Stage:
        row = by_stage.get(stage.value, {"total": 0, "done": 0})
        percent = round(100 * row["done"] / row["total"]) if row["total"] else 0
        progress.append(
            {
                "stage": stage,
                "total": row["total"],
                "done": row["done"],
                "percent": percent,
                "current": stage == dialogue.stage,
                "passed": Stage.index(stage) < Stage.index(dialogue.stage),
            }
        )
    return progress


def sector_counts(dialogue):
    rows = dict(
        Stakeholder.objects.filter(dialogue=dialogue)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(rows.values())
    return [
        {
            "sector": sector,
            "count": rows.get(sector.value, 0),
            "share": round(100 * rows.get(sector.value, 0) / total) if total else 0,
        }
        for sector in Sector
    ]


def status_counts(dialogue):
    rows = dict(
        Stakeholder.objects.filter(dialogue=dialogue)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(rows.values())
    return [
        {
            "status": status,
            "count": rows.get(status.value, 0),
            "share": round(100 * rows.get(status.value, 0) / total) if total else 0,
        }
        for status in StakeholderStatus
    ]


def missing_core_sectors(counts):
    core = set(Sector.core())
    return [row["sector"] for row in counts if row["sector"] in core and row["count"] == 0]


def uncontacted_stakeholders(dialogue, *, now=None):
    """Stakeholders still only "identified" after the configured number of days."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.STAKEHOLDER_CONTACT_WARNING_DAYS)
    return Stakeholder.objects.filter(
        dialogue=dialogue, status=StakeholderStatus.IDENTIFIED, status_changed__lt=limit
    )


def stakeholders_chapter():
    """The toolkit chapter on identifying stakeholders, if it is published."""
    return (
        Chapter.objects.filter(slug=STAKEHOLDERS_CHAPTER, published=True)
        .select_related("part")
        .first()
    )


def next_items(dialogue, limit=5):
    return list(
        ChecklistItem.objects.filter(
            dialogue=dialogue, stage=dialogue.stage, done_at__isnull=True
        ).select_related("template", "chapter__part", "tool", "assignee")[:limit]
    )


def commitments_due(dialogue, *, days=14):
    today = timezone.localdate()
    commitments = list(
        Commitment.objects.filter(dialogue=dialogue)
        .filter(
            Q(pk__in=Commitment.objects.overdue(today).values("pk"))
            | Q(pk__in=Commitment.objects.due_soon(days, today).values("pk"))
        )
        .prefetch_related("stakeholders")
        .order_by("due_date")
    )
    overdue = [c for c in commitments if c.is_overdue]
    soon = [c for c in commitments if not c.is_overdue]
    return overdue, soon


# --- Stakeholder register -------------------------------------------------------------------


def _in_order(field, choices):
    """Sort by the order of a choices class (the process order), not alphabetically by code."""
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values)],
        default=Value(len(choices.values)),
        output_field=IntegerField(),
    )


STAKEHOLDER_SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "sector": (_in_order("sector", Sector), "name", "pk"),
    "-influence": ("-influence", "-interest", "name", "pk"),
    "-interest": ("-interest", "-influence", "name", "pk"),
    "status": (_in_order("status", StakeholderStatus), "name", "pk"),
    "-updated": ("-updated", "-pk"),
}


def stakeholders_register(dialogue, *, filters=None, sort="name"):
    """The dialogue's stakeholders, filtered and sorted, their labels prefetched (one query)."""
    filters = filters or {}
    queryset = Stakeholder.objects.filter(dialogue=dialogue)
    if filters.get("q"):
        queryset = queryset.filter(
            Q(name__icontains=filters["q"]) | Q(organisation__icontains=filters["q"])
        )
    for name in ("sector", "status", "stance", "influence", "interest"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("quadrant"):
        queryset = queryset.filter(Quadrant.filter_for(filters["quadrant"]))
    if filters.get("label"):
        queryset = queryset.filter(labels__pk=filters["label"], labels__dialogue=dialogue)
    return queryset.order_by(
        *STAKEHOLDER_SORTS.get(sort, STAKEHOLDER_SORTS["name"])
    ).prefetch_related(Prefetch("labels", queryset=Label.objects.order_by("kind", "name")))


def stakeholders_for_grid(dialogue, *, filters=None):
    """Only what the grid draws: no labels, no notes."""
    return (
        stakeholders_register(dialogue, filters=filters)
        .prefetch_related(None)
        .only("pk", "dialogue_id", "name", "organisation", "sector", "influence", "interest")
    )


def dialogue_labels(dialogue):
    return list(Label.objects.filter(dialogue=dialogue).order_by("kind", "name"))


def stakeholder_with_log(dialogue, pk):
    """One stakeholder of the dialogue with its labels and its interaction log, or None."""
    return (
        Stakeholder.objects.filter(dialogue=dialogue, pk=pk)
        .prefetch_related(
            Prefetch("labels", queryset=Label.objects.order_by("kind", "name")),
            Prefetch("interactions", queryset=Interaction.objects.select_related("recorded_by")),
        )
        .first()
    )
