"""Reads of the dialogues app, each a fixed number of queries whatever the data size."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from content.models import Chapter, Part, Tool

from . import grid
from .links import memoised_urls
from .models import (
    AgendaItem,
    ChecklistItem,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Dialogue,
    Interaction,
    Label,
    Meeting,
    Quadrant,
    Sector,
    Stage,
    StageTransition,
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
        .order_by("-updated", "pk")
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
        ChecklistItem.objects.filter(dialogue=dialogue, stage=dialogue.stage, done_at__isnull=True)
        .select_related("template", "chapter__part", "tool", "assignee")
        .defer(*GUIDE_TEXTS)[:limit]
    )


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


@dataclass
class Due:
    overdue: list
    soon: list
    overdue_total: int
    soon_total: int


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
    """What the grid draws, and no more: the first stakeholders of each influence–interest cell
    by name (as many as a cell shows), each with ``in_cell``, how many its cell holds in all
    (one query)."""
    cell = [F("influence"), F("interest")]
    return (
        stakeholders_register(dialogue, filters=filters)
        .prefetch_related(None)
        .only("pk", "dialogue_id", "name", "organisation", "sector", "influence", "interest")
        .annotate(
            place=Window(RowNumber(), partition_by=cell, order_by=[F("name"), F("pk")]),
            in_cell=Window(Count("pk"), partition_by=cell),
        )
        .filter(place__lte=grid.CAPACITY)
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


# --- Stages, checklists, meetings, commitments ----------------------------------------------


def _texts(relation, model):
    """The long texts (in every language) of a joined toolkit item: a link needs its title and
    address, not pages of Markdown, so these stay in the database."""
    return [
        f"{relation}__{field.name}"
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "TextField"
    ]


# Checklist items and agenda items link to toolkit chapters and tools.
GUIDE_TEXTS = [*_texts("chapter", Chapter), *_texts("chapter__part", Part), *_texts("tool", Tool)]
TOOL_TEXTS = _texts("tool", Tool)


def _agenda_items():
    return AgendaItem.objects.select_related("tool").defer(*TOOL_TEXTS)


def with_published_guides(items):
    """Set ``guide_chapter`` and ``guide_tool``, the item's toolkit links that readers can open,
    and their addresses ``guide_chapter_url`` and ``guide_tool_url``."""
    url = memoised_urls()
    for item in items:
        chapter, tool = item.chapter, item.tool
        item.guide_chapter = (
            chapter
            if chapter is not None and chapter.published and chapter.part.published
            else None
        )
        item.guide_tool = tool if tool is not None and tool.published else None
        item.guide_chapter_url = url(chapter) if item.guide_chapter else ""
        item.guide_tool_url = url(tool) if item.guide_tool else ""
    return items


def checklist_by_stage(dialogue):
    """Each stage in order with its items, progress and place in the process (one query)."""
    items = checklist_stage(dialogue, None)
    current = Stage.index(dialogue.stage)
    stages = []
    for index, stage in enumerate(Stage):
        stage_items = [item for item in items if item.stage == stage]
        done = sum(1 for item in stage_items if item.is_done)
        total = len(stage_items)
        stages.append(
            {
                "stage": stage,
                "items": stage_items,
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 0,
                "current": index == current,
                "passed": index < current,
            }
        )
    return stages


def checklist_stage(dialogue, stage):
    """The checklist items of one stage (None: of all), in order, with their toolkit guides
    (one query)."""
    items = ChecklistItem.objects.filter(dialogue=dialogue)
    if stage is not None:
        items = items.filter(stage=stage)
    return with_published_guides(
        list(
            items.select_related("template", "chapter__part", "tool", "assignee", "done_by")
            .defer(*GUIDE_TEXTS)
            .order_by("order", "pk")
        )
    )


def open_items(dialogue, stage):
    return list(
        ChecklistItem.objects.filter(dialogue=dialogue, stage=stage, done_at__isnull=True)
        .select_related("template", "assignee")
        .order_by("order", "pk")
    )


def stage_transitions(dialogue):
    return StageTransition.objects.filter(dialogue=dialogue).select_related("user")


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


def published_chapters():
    return Chapter.objects.filter(published=True, part__published=True).select_related("part")


def published_tools():
    return Tool.objects.filter(published=True)


def _through_count(model, field):
    through = getattr(model, field).through
    return _count_by(through.objects.filter(meeting_id=OuterRef("pk")), "meeting_id")


def _count_by(queryset, key):
    return Coalesce(
        Subquery(
            queryset.order_by().values(key).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def meetings_list(dialogue):
    """The dialogue's meetings, latest first, with how many agenda items and people (one query)."""
    return Meeting.objects.filter(dialogue=dialogue).annotate(
        agenda_count=_count_by(AgendaItem.objects.filter(meeting_id=OuterRef("pk")), "meeting_id"),
        invited_count=_through_count(Meeting, "invited"),
        attended_count=_through_count(Meeting, "attended"),
        commitment_count=_count(Commitment.objects.filter(meeting_id=OuterRef("pk"))),
    )


def meeting_full(dialogue, pk):
    """One meeting of the dialogue with its agenda, people and commitments, or None."""
    stakeholders = Stakeholder.objects.order_by(_in_order("sector", Sector), "name", "pk")
    return (
        Meeting.objects.filter(dialogue=dialogue, pk=pk)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("agenda_items", queryset=_agenda_items()),
            Prefetch("invited", queryset=stakeholders),
            Prefetch("attended", queryset=stakeholders),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related("stakeholders"),
            ),
        )
        .first()
    )


def by_sector(stakeholders):
    """[(sector, [stakeholder, ...]), ...] in sector order, empty sectors left out."""
    groups = {}
    for stakeholder in stakeholders:
        groups.setdefault(stakeholder.sector, []).append(stakeholder)
    return [(sector, groups[sector.value]) for sector in Sector if sector.value in groups]


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
    if filters.get("overdue"):
        queryset = queryset.overdue(today)
    latest = CommitmentUpdate.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-pk")
    return (
        queryset.select_related("meeting")
        .prefetch_related(
            Prefetch("stakeholders", queryset=Stakeholder.objects.order_by("name", "pk"))
        )
        .annotate(
            last_update_date=Subquery(latest.values("date")[:1]),
            last_update_note=Subquery(latest.values("note")[:1]),
        )
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def commitment_full(dialogue, pk):
    return (
        Commitment.objects.filter(dialogue=dialogue, pk=pk)
        .select_related("meeting", "created_by")
        .prefetch_related(
            Prefetch("stakeholders", queryset=Stakeholder.objects.order_by("name", "pk")),
            Prefetch("updates", queryset=CommitmentUpdate.objects.select_related("author")),
        )
        .first()
    )


def plan_for_print(dialogue):
    """Everything the printable plan shows, each part one query."""
    stakeholders = list(
        Stakeholder.objects.filter(dialogue=dialogue).order_by(
            _in_order("sector", Sector), "name", "pk"
        )
    )
    quadrants = [
        (quadrant, [s for s in stakeholders if s.quadrant == quadrant]) for quadrant in Quadrant
    ]
    meetings = list(
        Meeting.objects.filter(dialogue=dialogue)
        .order_by("starts_at", "pk")
        .prefetch_related(
            Prefetch("agenda_items", queryset=_agenda_items()),
            Prefetch("attended", queryset=Stakeholder.objects.order_by("name", "pk")),
        )
        .annotate(invited_count=_through_count(Meeting, "invited"))
    )
    return {
        "stakeholders_by_sector": by_sector(stakeholders),
        "stakeholder_total": len(stakeholders),
        "quadrants": quadrants,
        "stakeholders": stakeholders,
        "checklist": checklist_by_stage(dialogue),
        "meetings": meetings,
        "commitments": list(commitments_list(dialogue)),
        "transitions": list(stage_transitions(dialogue)),
    }


def stakeholder_mentions(stakeholder):
    """Meetings and commitments whose text still names the stakeholder (shown before erasing:
    free text is not changed automatically). Two queries."""
    name = stakeholder.name.strip()
    if len(name) < 3:
        return [], []
    meetings = Meeting.objects.filter(dialogue_id=stakeholder.dialogue_id).filter(
        Q(title__icontains=name) | Q(minutes__icontains=name) | Q(decisions__icontains=name)
    )
    commitments = Commitment.objects.filter(dialogue_id=stakeholder.dialogue_id).filter(
        Q(description__icontains=name) | Q(resources__icontains=name)
    )
    return list(meetings.only("pk", "title", "dialogue_id")), list(
        commitments.only("pk", "description", "dialogue_id")
    )
