"""Reads of the stakeholder register: counts, filters and sorting, the grid, one person's log."""

from collections import Counter
from datetime import timedelta
from operator import attrgetter

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from content.models import Chapter

from .. import grid
from ..models import (
    Commitment,
    Interaction,
    Label,
    Meeting,
    Quadrant,
    Sector,
    Stakeholder,
    StakeholderStatus,
)
from . import in_order, with_rows

STAKEHOLDERS_CHAPTER = "identifying-stakeholders"


def _shares(counts, field, choices):
    """How many stakeholders have each value of ``field`` (``counts``: value -> number), and
    their share, in choice order."""
    total = sum(counts.values())
    return [
        {
            field: choice,
            "count": counts.get(choice.value, 0),
            "share": round(100 * counts.get(choice.value, 0) / total) if total else 0,
        }
        for choice in choices
    ]


def _counts(dialogue, *fields):
    """(*values, number) for each combination of ``fields`` the dialogue's stakeholders have."""
    return (
        Stakeholder.objects.filter(dialogue=dialogue)
        .values_list(*fields)
        .annotate(n=Count("pk"))
        .order_by()
    )


def sector_counts_and_uncontacted(dialogue, *, now=None):
    """What the overview counts of the register: ``sector_counts``, and how many stakeholders
    are still only "identified" after the configured number of days (one query)."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.STAKEHOLDER_CONTACT_WARNING_DAYS)
    uncontacted = Q(status=StakeholderStatus.IDENTIFIED, status_changed__lt=limit)
    rows = list(_counts(dialogue, "sector").annotate(late=Count("pk", filter=uncontacted)))
    counts = {sector: number for sector, number, _late in rows}
    return _shares(counts, "sector", Sector), sum(late for _s, _n, late in rows)


def sector_and_status_counts(dialogue):
    """The register's balance: ``sector_counts`` and the same by status, from one query."""
    by_sector, by_status = Counter(), Counter()
    for sector, status, number in _counts(dialogue, "sector", "status"):
        by_sector[sector] += number
        by_status[status] += number
    return (
        _shares(by_sector, "sector", Sector),
        _shares(by_status, "status", StakeholderStatus),
    )


def missing_core_sectors(counts):
    core = set(Sector.core())
    return [row["sector"] for row in counts if row["sector"] in core and row["count"] == 0]


def stakeholders_chapter():
    """The toolkit chapter on identifying stakeholders, if it is published."""
    return (
        Chapter.objects.filter(slug=STAKEHOLDERS_CHAPTER, published=True)
        .select_related("part")
        .first()
    )


STAKEHOLDER_SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "sector": (in_order("sector", Sector), "name", "pk"),
    "-influence": ("-influence", "-interest", "name", "pk"),
    "-interest": ("-interest", "-influence", "name", "pk"),
    "status": (in_order("status", StakeholderStatus), "name", "pk"),
    "-updated": ("-updated", "-pk"),
}


def stakeholders_in_sector_order():
    """Stakeholders in sector order, then by name."""
    return Stakeholder.objects.order_by(in_order("sector", Sector), "name", "pk")


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


def with_label_names(stakeholders):
    """The stakeholders (a page of the register) as a list, each with ``label_names``: its
    labels as (kind, name), by kind and name. One query for all of them, and no model instance
    or related manager per label as a prefetch makes them."""
    stakeholders = list(stakeholders)
    links = (
        Stakeholder.labels.through.objects.filter(stakeholder__in=stakeholders)
        .order_by("label__kind", "label__name")
        .values_list("stakeholder_id", "label__kind", "label__name")
    )
    return with_rows(stakeholders, "label_names", ((pk, (kind, name)) for pk, kind, name in links))


# What the stakeholder map (the grid) shows of a stakeholder or filters by, the register's
# filters included: a change to one of these moves the map's revision too
# (services.stakeholders.stakeholder_update). Adding or removing someone always does.
MAPPED_FIELDS = (
    "name",
    "organisation",
    "sector",
    "influence",
    "interest",
    "status",
    "stance",
    "labels",
)


# What the overview counts of the register (its census: stakeholders by sector, those identified
# long ago and not contacted): a change to one of these moves the census's revision too. Adding
# or removing someone always does.
CENSUS_FIELDS = ("sector", "status")


def stakeholders_for_grid(dialogue, *, filters=None):
    """What the grid draws, and no more: the first stakeholders of each influence–interest cell
    by name (as many as a cell shows), each with ``in_cell``, how many its cell holds in all.
    Rows of the fields the grid shows, not model instances: a large register fills every cell
    (one query)."""
    cell = [F("influence"), F("interest")]
    return (
        stakeholders_register(dialogue, filters=filters)
        .prefetch_related(None)
        .annotate(
            place=Window(RowNumber(), partition_by=cell, order_by=[F("name"), F("pk")]),
            in_cell=Window(Count("pk"), partition_by=cell),
        )
        .filter(place__lte=grid.CAPACITY)
        .values_list(
            "pk", "name", "organisation", "sector", "influence", "interest", "in_cell", named=True
        )
    )


def dialogue_labels(dialogue):
    return list(Label.objects.filter(dialogue=dialogue).order_by("kind", "name"))


def stakeholder_of(dialogue, pk, *, with_log=False):
    """One stakeholder of the dialogue with its labels and the dialogue itself, and its
    interaction log if asked; or None."""
    related = [Prefetch("labels", queryset=Label.objects.order_by("kind", "name"))]
    if with_log:
        related.append(
            Prefetch("interactions", queryset=Interaction.objects.select_related("recorded_by"))
        )
    stakeholder = (
        Stakeholder.objects.filter(dialogue=dialogue, pk=pk).prefetch_related(*related).first()
    )
    if stakeholder is not None:
        stakeholder.dialogue = dialogue
    return stakeholder


def stakeholder_log(stakeholder_pk):
    """A stakeholder's interaction log, latest first, with who recorded each entry."""
    return Interaction.objects.filter(stakeholder_id=stakeholder_pk).select_related("recorded_by")


def interactions(dialogue):
    """The log entries of the dialogue's stakeholders, each with its stakeholder, to pick one."""
    return Interaction.objects.select_related("stakeholder", "recorded_by").filter(
        stakeholder__dialogue=dialogue
    )


def by_sector(stakeholders, *, sector_of=attrgetter("sector")):
    """[(sector, [stakeholder, ...]), ...] in sector order, empty sectors left out.
    ``sector_of`` reads the sector of each item (a stakeholder's own by default)."""
    groups = {}
    for stakeholder in stakeholders:
        groups.setdefault(sector_of(stakeholder), []).append(stakeholder)
    return [(sector, groups[sector.value]) for sector in Sector if sector.value in groups]


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
