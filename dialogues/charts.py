"""Geometry of the attendance chart: for each sector, bars of invitations, yes replies and
attendances across a dialogue's meetings, drawn server-side as SVG (a table carries the same
numbers for screen readers and print)."""

from django.utils.translation import gettext_lazy as _

# Each series: its key, its name, its colour (3:1 against white at least), in reading order.
SERIES = (
    ("invited", _("Invited"), "#56606b"),
    ("yes", _("Replied yes"), "#0072b2"),
    ("attended", _("Attended"), "#007a5a"),
)

WIDTH = 640
LABEL = 210  # the band for the sector names, on the reading-start side
NUMBER = 40  # room for the count after the longest bar
BAR = 11
ROW_GAP = 14
TOP = 34  # the legend


def attendance_chart(rows, *, rtl=False):
    """``rows`` from selectors.meeting_invitations.attendance_by_sector; the shapes to draw."""
    largest = max((row[key] for row in rows for key, _n, _c in SERIES), default=0) or 1
    span = WIDTH - LABEL - NUMBER

    def x_of(start, width=0):
        """A left edge in reading order, mirrored for right-to-left."""
        return WIDTH - start - width if rtl else start

    bars, labels = [], []
    y = TOP
    for row in rows:
        labels.append({"x": x_of(LABEL - 8), "y": y + BAR * 1.5 + 4, "text": row["sector"].label})
        for index, (key, name, colour) in enumerate(SERIES):
            width = round(span * row[key] / largest, 1)
            top = y + index * BAR
            bars.append(
                {
                    "x": x_of(LABEL, width),
                    "y": top,
                    "width": width,
                    "height": BAR - 2,
                    "fill": colour,
                    "value": row[key],
                    "value_x": x_of(LABEL + width + 4),
                    "value_y": top + BAR - 3,
                    "title": f"{row['sector'].label}, {name}: {row[key]}",
                }
            )
        y += BAR * len(SERIES) + ROW_GAP
    legend = [
        {
            "x": x_of(LABEL + index * 140, 12),
            "text_x": x_of(LABEL + index * 140 + 16),
            "fill": colour,
            "name": name,
        }
        for index, (_key, name, colour) in enumerate(SERIES)
    ]
    return {
        "width": WIDTH,
        "height": y,
        "axis_x": x_of(LABEL),
        "bars": bars,
        "labels": labels,
        "legend": legend,
        "rtl": rtl,
        "series": SERIES,
    }
