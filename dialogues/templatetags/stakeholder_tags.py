"""The sector mark (colour and shape) used by the grid, for lists and legends, and the
grid's marks."""

from functools import cache
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..grid import SECTOR_STYLES
from ..models import Sector

register = template.Library()


@register.simple_tag
@cache  # one markup per sector and size: a register page writes fifty
def sector_mark(sector, size=16):
    """A small decorative SVG of the sector's shape; the sector's name is always written next."""
    colour, path = SECTOR_STYLES.get(sector, SECTOR_STYLES[Sector.OTHER])
    return format_html(
        '<svg class="sector-mark" width="{}" height="{}" viewBox="-11 -11 22 22" '
        'aria-hidden="true" focusable="false"><path d="{}" fill="{}" stroke="#1d2125" '
        'stroke-width="1.2"/></svg>',
        size,
        size,
        path,
        colour,
    )


# A grid holds hundreds of marks, each written twice (chart and table view): a template costs
# microseconds per tag and mark, so the two loops below write them in Python, escaping all text
# (with the standard library's escape, quotes included: Django's is lazy-aware and slower).


@register.simple_tag
def grid_mark_links(marks):
    """Each mark of a cell as a link to its stakeholder, with its tooltip: the sector's shape
    (defined once in the chart) at the mark's place."""
    return mark_safe(  # noqa: S308 (every text escaped)
        "".join(
            f'<a href="{escape(mark.url)}" class="grid-mark"><title>{escape(mark.title)}</title>'
            f'<use href="#mark-{escape(mark.sector)}" x="{mark.x:d}" y="{mark.y:d}"/></a>'
            for mark in marks
        )
    )


@register.simple_tag
def grid_mark_shapes(marks):
    """Each mark of a cell as the sector's shape alone, for a chart that is one picture."""
    return mark_safe(  # noqa: S308 (every text escaped)
        "".join(
            f'<use href="#mark-{escape(mark.sector)}" x="{mark.x:d}" y="{mark.y:d}"/>'
            for mark in marks
        )
    )


@register.simple_tag
def grid_mark_names(marks):
    """Each mark of a cell as a list item linking to its stakeholder by name."""
    return mark_safe(  # noqa: S308 (every text escaped)
        "".join(
            f'<li><a href="{escape(mark.url)}"><bdi>{escape(mark.stakeholder.name)}</bdi></a></li>'
            for mark in marks
        )
    )


@register.simple_tag
def stakeholder_boxes(name, boxes):
    """The checkboxes of one sector of a stakeholder field (`StakeholderBox`es), each inside
    its label: a meeting form of a large dialogue writes thousands of them."""
    return mark_safe(  # noqa: S308 (every text escaped)
        "\n".join(
            f'<label class="form-check"><input type="checkbox" class="form-check-input" '
            f'name="{escape(name)}" value="{box.value:d}"{" checked" if box.checked else ""}> '
            f"<bdi>{escape(box.label)}</bdi></label>"
            for box in boxes
        )
    )
