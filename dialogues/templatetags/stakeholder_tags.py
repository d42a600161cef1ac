"""The sector mark (colour and shape) used by the grid, for lists and legends, and the
grid's marks."""

from functools import cache
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..grid import SECTOR_STYLES
from ..links import url_for_each
from ..models import Quadrant, Sector, StakeholderStatus, Stance

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
# microseconds per tag and mark, so the tags below write them in Python, escaping all text
# (with the standard library's escape, quotes included: Django's is lazy-aware and slower).
# A cell that holds more than it shows ends with a link to the register filtered to that cell,
# the page's other filters kept (`Cell.more_url`).


@register.simple_tag
def grid_cell_links(cell):
    """Each mark of a cell as a link to its stakeholder, with its tooltip: the sector's shape
    (defined once in the chart) at the mark's place; then "+n" for the ones not shown."""
    links = "".join(
        f'<a href="{escape(mark.url)}" class="grid-mark"><title>{escape(mark.title)}</title>'
        f'<use href="#mark-{escape(mark.sector)}" x="{mark.x:d}" y="{mark.y:d}"/></a>'
        for mark in cell.marks
    )
    if cell.more:
        title = gettext(
            "%(count)s more with influence %(influence)s and interest %(interest)s: "
            "open them in the list"
        ) % {"count": cell.more, "influence": cell.influence, "interest": cell.interest}
        links += (
            f'<a href="{escape(cell.more_url)}" class="grid-mark">'
            f"<title>{escape(title)}</title>"
            f'<rect x="{cell.more_box_x:d}" y="{cell.more_box_y:d}" width="22" height="18" '
            f'rx="4" fill="#ffffff"/><text x="{cell.more_x:d}" y="{cell.more_y:d}" dy="4" '
            'text-anchor="middle" direction="ltr" unicode-bidi="embed" font-size="10" '
            f'font-weight="700" fill="#1d2125" stroke="none">+{cell.more:d}</text></a>'
        )
    return mark_safe(links)  # noqa: S308 (every text escaped)


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
def grid_cell_names(cell):
    """Each mark of a cell as a list item linking to its stakeholder by name; then a link to
    the ones not shown."""
    names = "".join(
        f'<li><a href="{escape(mark.url)}"><bdi>{escape(mark.stakeholder.name)}</bdi></a></li>'
        for mark in cell.marks
    )
    if cell.more:
        more = gettext("and %(count)s more") % {"count": cell.more}
        names += f'<li><a href="{escape(cell.more_url)}">{escape(more)}</a></li>'
    return mark_safe(names)  # noqa: S308 (every text escaped)


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


def _labels(choices):
    """The choices' labels in the active language, translated once and escaped."""
    return {value: escape(str(label)) for value, label in choices.choices}


@register.simple_tag
def register_rows(stakeholders):
    """The register's rows, for a page of it (`views.stakeholders`), each stakeholder with its
    ``label_names`` (`selectors.stakeholders.with_label_names`): name (with role and
    organisation), sector, influence, interest, quadrant, stance, status, tags and markers."""
    sectors, quadrants = _labels(Sector), _labels(Quadrant)
    stances, statuses = _labels(Stance), _labels(StakeholderStatus)
    url = None
    rows = []
    for s in stakeholders:
        if url is None:
            url = url_for_each("dialogues:stakeholder-detail", s.dialogue_id)
        about = " · ".join(
            f"<bdi>{escape(text)}</bdi>" for text in (s.role_title, s.organisation) if text
        )
        if about:
            about = f'<div class="small text-muted">{about}</div>'
        labels = "".join(
            '<span class="badge '
            f"{'text-bg-warning' if kind == 'inclusion' else 'text-bg-light border'}"
            f' me-1"><bdi>{escape(name)}</bdi></span>'
            for kind, name in s.label_names
        )
        sector = sectors.get(s.sector) or escape(s.sector)
        rows.append(
            f'<tr><td><a class="fw-semibold" href="{escape(url(s.pk))}"><bdi>{escape(s.name)}'
            f"</bdi></a>{about}</td>"
            f'<td class="text-nowrap">{sector_mark(s.sector)} {sector}</td>'
            f'<td class="text-center">{s.influence:d}</td>'
            f'<td class="text-center">{s.interest:d}</td>'
            f"<td>{quadrants[Quadrant.of(s.influence, s.interest)]}</td>"
            f"<td>{stances.get(s.stance) or escape(s.stance)}</td>"
            f"<td>{statuses.get(s.status) or escape(s.status)}</td>"
            f"<td>{labels}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every text escaped)
