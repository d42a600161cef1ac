"""The sector mark (colour and shape) used by the grid, for lists and legends."""

from django import template
from django.utils.html import format_html

from ..grid import SECTOR_STYLES
from ..models import Sector

register = template.Library()


@register.simple_tag
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
