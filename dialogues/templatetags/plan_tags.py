"""Template helpers of the stages, meetings and commitments pages."""

from html import escape

from django import template
from django.utils.safestring import SafeData, mark_safe

from accounts.names import display_name
from toolkit_site.text import text_list

register = template.Library()


@register.filter
def person(user):
    """A workspace member as people know them: full name, else email; a dash if gone."""
    if user is None:
        return "—"
    return display_name(user)


# The items as a list in the reader's language.
register.filter("text_list", text_list)


def _cell(value):
    if isinstance(value, SafeData):
        return value
    return escape(str(value), quote=False)


@register.filter(is_safe=True)
def table_rows(rows, header=0):
    """Rows of cells as table rows, the cell at ``header`` as the row's header.

    For the plan's long tables (`dialogues/plan.py`): HTML ends a cell at the next one and a
    row at the next row, so neither end tag is written; text is escaped, markup kept.
    """
    written = []
    tags = None
    for row in rows:
        if tags is None:  # each row has as many cells as the first
            tags = ["<td>"] * len(row)
            tags[header] = "<th>"
        cells = [tag + _cell(value) for tag, value in zip(tags, row, strict=True)]
        written.append("<tr>" + "".join(cells))
    return mark_safe("".join(written))  # noqa: S308 (every cell escaped above)
