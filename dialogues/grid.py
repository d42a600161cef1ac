"""The power–interest grid: where each stakeholder's mark goes in the server-drawn SVG chart.

Pure geometry, no queries and no markup: the view hands in stakeholders, the template draws
what comes out. Interest runs along the horizontal axis, influence up the vertical one; in a
right-to-left language the horizontal axis is mirrored, so "more interest" points the way the
reader reads.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .models import Quadrant, Sector

SCORES = (1, 2, 3, 4, 5)
HIGH = 3  # Quadrant.of: 3 and above counts as high.

# Colour-blind-safe palette (Okabe–Ito) with a distinct shape per sector, so colour is never
# the only signal. Shapes are SVG paths centred on (0, 0).
SECTOR_STYLES = {
    Sector.CIVIL_SOCIETY: ("#009e73", "M -8 0 A 8 8 0 1 0 8 0 A 8 8 0 1 0 -8 0 Z"),
    Sector.GOVERNMENT: ("#0072b2", "M -7 -7 H 7 V 7 H -7 Z"),
    Sector.PRIVATE: ("#e69f00", "M 0 -9 L 8.5 6 L -8.5 6 Z"),
    Sector.ACADEMIA: ("#cc79a7", "M 0 -9.5 L 9.5 0 L 0 9.5 L -9.5 0 Z"),
    Sector.PUBLIC: (
        "#d55e00",
        "M 8.5 0 L 4.25 7.4 L -4.25 7.4 L -8.5 0 L -4.25 -7.4 L 4.25 -7.4 Z",
    ),
    Sector.MEDIA: ("#56b4e9", "M 0 9 L 8.5 -6 L -8.5 -6 Z"),
    Sector.DONORS: (
        "#f0e442",
        "M 0 -10 L 2.4 -3.3 L 9.5 -3.1 L 3.9 1.3 L 5.9 8.1 L 0 4.1 L -5.9 8.1 L -3.9 1.3 "
        "L -9.5 -3.1 L -2.4 -3.3 Z",
    ),
    Sector.OTHER: ("#a0a0a0", "M -3 -9 H 3 V -3 H 9 V 3 H 3 V 9 H -3 V 3 H -9 V -3 H -3 Z"),
}
QUADRANT_FILLS = {
    Quadrant.MANAGE_CLOSELY: "#fbe3d6",
    Quadrant.KEEP_SATISFIED: "#e4eef7",
    Quadrant.KEEP_INFORMED: "#e6f2e6",
    Quadrant.MONITOR: "#f3f3f3",
}

# Geometry of the viewBox, in SVG user units.
CELL_W, CELL_H = 128, 100
AXIS = 66  # the band for the influence axis, on the reading-start side
GAP = 12  # the margin on the other side
BAND = 28  # a band inside the top and bottom quadrants for their names
TOP = 8
BOTTOM = 58  # interest ticks and axis title
PLOT_W, PLOT_H = 5 * CELL_W, 5 * CELL_H + 2 * BAND
WIDTH = AXIS + PLOT_W + GAP
HEIGHT = TOP + PLOT_H + BOTTOM

# Marks in one cell: a small grid of up to COLUMNS x ROWS, the last slot turning into "+n".
COLUMNS, ROWS, STEP = 5, 3, 23
CAPACITY = COLUMNS * ROWS


@dataclass
class Mark:
    stakeholder: object
    x: int
    y: int
    sector: str  # the shape drawn: ``#mark-<sector>`` in the chart's definitions
    url: str = ""
    title: str = ""


@dataclass
class Cell:
    influence: int
    interest: int
    quadrant: str
    x: float
    y: float
    stakeholders: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    count: int = 0
    more: int = 0
    more_url: str = ""  # where the stakeholders not shown are listed (`describe`)
    more_x: float = 0
    more_y: float = 0

    @property
    def count_x(self):
        return self.x + CELL_W / 2

    @property
    def count_y(self):
        return self.y + 14

    @property
    def more_box_x(self):
        return self.more_x - 11

    @property
    def more_box_y(self):
        return self.more_y - 9


@dataclass
class Grid:
    rtl: bool
    cells: dict
    quadrants: list
    ticks: list
    lines: dict
    axes: dict
    total: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def shapes(self):
        """The sectors drawn, each with its colour and shape, defined once and used by each
        mark of that sector."""
        drawn = {mark.sector for cell in self.cells.values() for mark in cell.marks}
        return [
            {"sector": sector, "colour": colour, "path": path}
            for sector, (colour, path) in SECTOR_STYLES.items()
            if sector in drawn
        ]

    def quadrant_counts(self):
        """Each quadrant with how many stakeholders it holds and their share of all, in %."""
        counts = dict.fromkeys(Quadrant, 0)
        for cell in self.cells.values():
            counts[cell.quadrant] += cell.count
        return [
            {
                "quadrant": quadrant,
                "count": counts[quadrant],
                "share": round(100 * counts[quadrant] / self.total) if self.total else 0,
            }
            for quadrant in Quadrant
        ]

    def rows(self):
        """Cells as table rows: influence from high to low, interest from low to high."""
        return [
            (influence, [self.cells[(influence, interest)] for interest in SCORES])
            for influence in reversed(SCORES)
        ]


def _plot_left(rtl):
    return GAP if rtl else AXIS


def _column_x(interest, rtl):
    """Left edge of the column of this interest score; mirrored for right-to-left."""
    position = 5 - interest if rtl else interest - 1
    return _plot_left(rtl) + position * CELL_W


def _row_y(influence):
    """Top edge of the row of this influence score (5 at the top)."""
    return TOP + BAND + (5 - influence) * CELL_H


def _slots(count):
    """Centres of ``count`` marks in a cell, relative to the cell's centre, rows from the top."""
    rows = math.ceil(count / COLUMNS)
    slots = []
    for index in range(count):
        row, column = divmod(index, COLUMNS)
        in_row = min(COLUMNS, count - row * COLUMNS)
        dx = (column - (in_row - 1) / 2) * STEP
        dy = (row - (rows - 1) / 2) * STEP + 8  # below the count
        slots.append((dx, dy))
    return slots


def layout(stakeholders, *, rtl=False):
    """Place each stakeholder in its influence/interest cell; crowded cells end with "+n".

    A stakeholder may carry ``in_cell``, the number of stakeholders in its cell, when only the
    first ones of each cell are handed in (`selectors.stakeholders.stakeholders_for_grid`).
    """
    cells = {}
    for influence in SCORES:
        for interest in SCORES:
            cells[(influence, interest)] = Cell(
                influence=influence,
                interest=interest,
                quadrant=Quadrant.of(influence, interest),
                x=_column_x(interest, rtl),
                y=_row_y(influence),
            )
    for stakeholder in stakeholders:
        cell = cells[(stakeholder.influence, stakeholder.interest)]
        cell.stakeholders.append(stakeholder)
        cell.count = getattr(stakeholder, "in_cell", cell.count + 1)
    total = 0
    for cell in cells.values():
        total += cell.count
        shown = cell.stakeholders
        if cell.count > CAPACITY:
            shown = cell.stakeholders[: CAPACITY - 1]
            cell.more = cell.count - len(shown)
        centre_x, centre_y = cell.x + CELL_W / 2, cell.y + CELL_H / 2
        slots = _slots(len(shown) + (1 if cell.more else 0))
        for stakeholder, (dx, dy) in zip(shown, slots, strict=False):
            # Mirror the order inside a cell too, so it reads from the reader's start.
            sector = stakeholder.sector if stakeholder.sector in SECTOR_STYLES else Sector.OTHER
            x = centre_x - dx if rtl else centre_x + dx
            # Whole units: half a unit is invisible at any size the chart is shown.
            cell.marks.append(Mark(stakeholder, round(x), round(centre_y + dy), sector))
        if cell.more:
            dx, dy = slots[-1]
            cell.more_x = round(centre_x - dx if rtl else centre_x + dx)
            cell.more_y = round(centre_y + dy)
    return Grid(
        rtl=rtl,
        cells=cells,
        quadrants=_quadrants(rtl),
        ticks=_ticks(rtl),
        lines=_lines(rtl),
        axes=_axes(rtl),
        total=total,
    )


def describe(chart, url, more_url):
    """Give each mark its address, ``url(pk)``, and its tooltip in the active language; and
    each cell that shows fewer than it holds the address of the others, ``more_url(cell)``."""
    sectors = {value: str(label) for value, label in Sector.choices}
    scores = gettext("influence %(influence)s, interest %(interest)s")
    for cell in chart.cells.values():
        if cell.more:
            cell.more_url = more_url(cell)
        for mark in cell.marks:
            who = mark.stakeholder
            name = f"{who.name} — {who.organisation}" if who.organisation else who.name
            mark.url = url(who.pk)
            mark.title = " · ".join(
                (
                    name,
                    sectors.get(who.sector, who.sector),
                    scores % {"influence": who.influence, "interest": who.interest},
                )
            )
    return chart


def _quadrants(rtl):
    """The four quadrant areas with the place of their names (top band or bottom band)."""
    split_y = _row_y(HIGH) + CELL_H
    bottom = TOP + PLOT_H
    areas = []
    for quadrant, high_influence, interests in (
        (Quadrant.KEEP_SATISFIED, True, (1, 2)),
        (Quadrant.MANAGE_CLOSELY, True, (3, 4, 5)),
        (Quadrant.MONITOR, False, (1, 2)),
        (Quadrant.KEEP_INFORMED, False, (3, 4, 5)),
    ):
        xs = [_column_x(i, rtl) for i in interests]
        x, width = min(xs), len(interests) * CELL_W
        y, height = (TOP, split_y - TOP) if high_influence else (split_y, bottom - split_y)
        label_y = y + 19 if high_influence else y + height - 9
        areas.append(
            {
                "value": quadrant.value,
                "label": quadrant.label,
                "fill": QUADRANT_FILLS[quadrant],
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "label_x": x + width / 2,
                "label_y": label_y,
            }
        )
    return areas


def _axis_x(offset, rtl):
    """A position in the influence axis band, ``offset`` from the outer edge of the chart."""
    return WIDTH - offset if rtl else offset


def _ticks(rtl):
    interest = [
        {"value": score, "x": _column_x(score, rtl) + CELL_W / 2, "y": TOP + PLOT_H + 18}
        for score in SCORES
    ]
    influence = [
        {"value": score, "x": _axis_x(AXIS - 14, rtl), "y": _row_y(score) + CELL_H / 2 + 5}
        for score in SCORES
    ]
    return {"interest": interest, "influence": influence}


def _lines(rtl):
    """The two lines that split the quadrants, and the frame of the plot."""
    left = _plot_left(rtl)
    split_x = _column_x(HIGH, rtl) + (CELL_W if rtl else 0)
    split_y = _row_y(HIGH) + CELL_H
    top, bottom = TOP, TOP + PLOT_H
    cells_top, cells_bottom = _row_y(5), _row_y(1) + CELL_H
    columns = [f"M {left + i * CELL_W} {cells_top} V {cells_bottom}" for i in range(1, 5)]
    rows = [f"M {left} {y} H {left + PLOT_W}" for y in (*map(_row_y, SCORES), cells_bottom)]
    return {
        "left": left,
        "right": left + PLOT_W,
        "top": top,
        "bottom": bottom,
        "split_x": split_x,
        "split_y": split_y,
        # The white borders between the cells.
        "cells": " ".join(columns + rows),
    }


def _axes(rtl):
    """Axis titles, with arrows pointing towards higher scores."""
    left = _plot_left(rtl)
    arrow_y = TOP + PLOT_H + 34
    start, end = (left + PLOT_W - 10, left + 10) if rtl else (left + 10, left + PLOT_W - 10)
    head = -7 if rtl else 7
    interest_arrow = (
        f"M {start} {arrow_y} L {end} {arrow_y} "
        f"M {end - head} {arrow_y - 5} L {end} {arrow_y} L {end - head} {arrow_y + 5}"
    )
    axis_x = _axis_x(14, rtl)
    top, bottom = TOP + 10, TOP + PLOT_H - 10
    influence_arrow = (
        f"M {axis_x} {bottom} L {axis_x} {top} "
        f"M {axis_x - 5} {top + 7} L {axis_x} {top} L {axis_x + 5} {top + 7}"
    )
    return {
        "interest_x": left + PLOT_W / 2,
        "interest_y": arrow_y + 18,
        "interest_arrow": interest_arrow,
        # Rotated a quarter turn back, the title's letters rise from its baseline towards the
        # outer edge, so its baseline sits further in on the right-to-left side.
        "influence_x": _axis_x(28, rtl) if rtl else _axis_x(40, rtl),
        "influence_y": TOP + PLOT_H / 2,
        "influence_arrow": influence_arrow,
    }
