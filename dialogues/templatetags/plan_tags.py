"""Template helpers of the stages, meetings and commitments pages."""

from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from accounts.names import display_name
from toolkit_site.text import text_list

from ..links import url_for_each
from ..models import CommitmentStatus

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


def _truncated(text, length):
    """``text|truncatechars:length``, without its cost for the many texts short enough."""
    return text if len(text) <= length else Truncator(text).chars(length)


def short_dates():
    """``short_date(value)``: a date in the active language's short format, each date formatted
    once (a list's dates fall on far fewer days than it has rows); empty for none."""
    formatted = {None: ""}

    def short_date(value):
        if value not in formatted:
            formatted[value] = date_format(value, "SHORT_DATE_FORMAT")
        return formatted[value]

    return short_date


@register.simple_tag
def commitment_rows(commitments):
    """The commitments list's rows, for a page of them (`views.commitments`): a template costs
    microseconds per tag and cell, so the rows are written here, every text escaped (with the
    standard library's escape: Django's is lazy-aware and slower) and each label translated
    once. Each commitment comes with ``last_update_date`` and ``last_update_note``
    (`selectors.commitments.commitments_list`)."""
    statuses = {value: escape(str(label)) for value, label in CommitmentStatus.choices}
    comma = escape(gettext(", "))
    at_meeting = gettext("at <bdi>%(title)s</bdi>")
    overdue = (
        '<br><span class="overdue overdue-flag"><span aria-hidden="true">⚠ </span>'
        f"{escape(gettext('Overdue'))}</span>"
    )
    no_date = f'<span class="text-muted">{escape(gettext("no date"))}</span>'
    short_date = short_dates()
    url = None
    rows = []
    for commitment in commitments:
        if url is None:
            url = url_for_each("dialogues:commitment-detail", commitment.dialogue_id)
        is_overdue = commitment.is_overdue
        who = comma.join(f"<bdi>{escape(s.name)}</bdi>" for s in commitment.stakeholders.all())
        what = (
            f'<a href="{escape(url(commitment.pk))}" dir="auto">'
            f"{escape(_truncated(commitment.description, 140))}</a>"
        )
        if commitment.meeting:
            title = at_meeting % {"title": escape(commitment.meeting.title)}
            what += f'<br><span class="small text-muted">{title}</span>'
        if commitment.due_date:
            due = escape(short_date(commitment.due_date)) + (overdue if is_overdue else "")
        else:
            due = no_date
        status = escape(commitment.status)
        assignee = (
            f"<bdi>{escape(person(commitment.assignee))}</bdi>" if commitment.assignee else "—"
        )
        update = "—"
        if commitment.last_update_date:
            update = escape(short_date(commitment.last_update_date))
            if commitment.last_update_note:
                note = escape(_truncated(commitment.last_update_note, 80))
                update += f'<br><span dir="auto">{note}</span>'
        rows.append(
            ('<tr class="is-overdue">' if is_overdue else "<tr>") + f"<td>{who}</td>"
            f'<th scope="row" class="fw-normal">{what}</th>'
            f'<td class="text-nowrap">{due}</td>'
            f'<td><span class="status-badge status-{status}">'
            f"{statuses.get(commitment.status, status)}</span></td>"
            f'<td class="commitment-assignee">{assignee}</td>'
            f'<td class="small">{update}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every text escaped)
