"""Reads of checklists: a stage's items with their toolkit guides, and progress per stage."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from content.models import Chapter, Tool
from content.selectors import bulky_columns, published_guides

from ..models import ChecklistItem, Dialogue, Stage


def count_per(queryset, key):
    """How many rows of ``queryset`` share the outer row's ``key``, as an expression to
    annotate with (0 when none): one subquery instead of a query per row."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(key).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def current_stage_counts():
    """Annotations of a dialogue queryset: its current stage's checklist items, all and done."""
    items = ChecklistItem.objects.filter(dialogue=OuterRef("pk"), stage=OuterRef("stage"))
    return {
        "stage_total": count_per(items, "dialogue"),
        "stage_done": count_per(items.filter(done_at__isnull=False), "dialogue"),
    }


# Agenda items link to toolkit tools.
TOOL_TEXTS = bulky_columns(Tool, "tool")


def _stages(dialogue, counts):
    """Each stage in order with its done and total items (``counts``: {stage: (done, total)})
    and its place in the process."""
    current = Stage.index(dialogue.stage)
    rows = []
    for index, stage in enumerate(Stage):
        done, total = counts.get(stage.value, (0, 0))
        rows.append(
            {
                "stage": stage,
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 0,
                "current": index == current,
                "passed": index < current,
            }
        )
    return rows


def stage_progress(dialogue):
    """Done and total checklist items per stage, in stage order (one query)."""
    rows = (
        ChecklistItem.objects.filter(dialogue=dialogue)
        .values("stage")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False)))
        .order_by()
    )
    return _stages(dialogue, {row["stage"]: (row["done"], row["total"]) for row in rows})


def next_items(dialogue, limit=5):
    """The first open items of the dialogue's current stage, with their toolkit guides."""
    return with_published_guides(
        list(
            ChecklistItem.objects.filter(
                dialogue=dialogue, stage=dialogue.stage, done_at__isnull=True
            ).select_related("template")[:limit]
        )
    )


def with_published_guides(items):
    """Set ``guide_chapter`` and ``guide_tool``, the item's toolkit links that readers can
    open (`content.selectors.Guide`: title and address), or None."""
    chapters, tools = published_guides()
    for item in items:
        item.guide_chapter = chapters.get(item.chapter_id)
        item.guide_tool = tools.get(item.tool_id)
    return items


def checklist_by_stage(dialogue):
    """Each stage in order with its items, progress and place in the process (one query)."""
    items = checklist_stage(dialogue, None)
    counts = {}
    for item in items:
        done, total = counts.get(item.stage, (0, 0))
        counts[item.stage] = (done + item.is_done, total + 1)
    stages = _stages(dialogue, counts)
    for row in stages:
        row["items"] = [item for item in items if item.stage == row["stage"]]
    return stages


def checklist_stage(dialogue, stage):
    """The checklist items of one stage (None: of all), in order, with their toolkit guides
    (one query)."""
    items = ChecklistItem.objects.filter(dialogue=dialogue)
    if stage is not None:
        items = items.filter(stage=stage)
    return with_published_guides(
        list(items.select_related("template", "assignee", "done_by").order_by("order", "pk"))
    )


def checklist_item_of(dialogue, pk):
    """One checklist item of the dialogue, with its template (which gives an item the team has
    not retitled its title) and the dialogue itself; or None. Its toolkit guide is left out: a
    chapter holds its whole text in four languages, which ticking an item does not need."""
    item = ChecklistItem.objects.filter(dialogue=dialogue, pk=pk).select_related("template").first()
    if item is not None:
        item.dialogue = dialogue
    return item


def open_items(dialogue, stage):
    return list(
        ChecklistItem.objects.filter(dialogue=dialogue, stage=stage, done_at__isnull=True)
        .select_related("template", "assignee")
        .order_by("order", "pk")
    )


def published_chapters():
    return Chapter.objects.filter(published=True, part__published=True).select_related("part")


def published_tools():
    return Tool.objects.filter(published=True)


def assigned_open_items(user, *, two_factor=True):
    """The open checklist items assigned to the user in the dialogues they may open (the
    ``view_dialogue`` rule), due first, then the ones without a date.

    Without ``two_factor``, the dialogues of organisations that require it are left out, as on
    the home page.
    """
    dialogues = Dialogue.objects.at_work_for(user, two_factor=two_factor)
    return (
        ChecklistItem.objects.filter(
            assignee=user, done_at__isnull=True, dialogue__in=dialogues.values("pk")
        )
        .select_related("dialogue", "template")
        .order_by(F("due_date").asc(nulls_last=True), "dialogue__title", "stage", "order", "pk")
    )
