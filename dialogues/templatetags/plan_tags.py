"""Template helpers of the stages, meetings and commitments pages."""

from html import escape

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
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
    (`selectors.commitments.commitments_list`) and ``names``, its stakeholders'
    (`selectors.commitments.with_stakeholder_names`)."""
    statuses = {value: escape(str(label)) for value, label in CommitmentStatus.choices}
    comma = escape(gettext(", "))
    at_meeting = gettext("at <bdi>%(title)s</bdi>")
    # Messages taken outside f-strings, where makemessages would not find them.
    overdue, no_date = escape(gettext("Overdue")), escape(gettext("no date"))
    overdue = (
        f'<br><span class="overdue overdue-flag"><span aria-hidden="true">⚠ </span>{overdue}</span>'
    )
    no_date = f'<span class="text-muted">{no_date}</span>'
    short_date = short_dates()
    url = None
    rows = []
    for commitment in commitments:
        if url is None:
            url = url_for_each("dialogues:commitment-detail", commitment.dialogue_id)
        is_overdue = commitment.is_overdue
        who = comma.join(f"<bdi>{escape(name)}</bdi>" for name in commitment.names)
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


def checklist_row(item, *, labels, can_edit, is_first, is_last, short_date=None):
    """One checklist item as the checklist page lists it (`views.checklists`): its box to tick
    (a button for editors), title, guides in the toolkit, who and when, note and actions. The
    buttons post through the page's one form, #checklist-actions.
    ``labels`` are the words every row repeats (`views.checklists.item_labels`); each item
    comes with ``links`` and its published guides (`selectors.checklists`)."""
    short_date = short_date or short_dates()
    title = escape(item.display_title)
    done, overdue = item.is_done, item.is_overdue
    classes = "checklist-item" + (" is-done" if done else "") + (" is-overdue" if overdue else "")
    if can_edit:
        label = labels["reopen"] if done else labels["done"]
        box = (
            '<button type="submit" form="checklist-actions" '
            f'formaction="{escape(item.links["done"])}" name="done" '
            f'value="{0 if done else 1}" class="btn btn-sm done-toggle '
            f'{"btn-success" if done else "btn-outline-secondary"}" '
            f'aria-pressed="{"true" if done else "false"}">'
            f'<span aria-hidden="true" class="done-mark">{"✓" if done else ""}</span>'
            f'<span class="visually-hidden">{escape(label)} {title}</span></button>'
        )
    else:
        box = (
            f'<span class="done-toggle done-readonly{" is-done" if done else ""}" '
            f'aria-hidden="true">{"✓" if done else ""}</span>'
        )
    state = ""
    if done:
        state = f' <span class="badge text-bg-success ms-1">{escape(labels["is_done"])}</span>'
    elif not can_edit:
        state = f' <span class="visually-hidden">({escape(labels["is_open"])})</span>'
    text = f'<p class="checklist-title mb-1"><span dir="auto">{title}</span>{state}</p>'
    if item.description:
        text += f'<p class="small text-muted mb-1">{escape(item.description)}</p>'
    guides = []
    if item.guide_chapter:
        how = gettext("How to do this: %(title)s") % {"title": escape(item.guide_chapter.title)}
        guides.append(f'<a class="how-to-link" href="{escape(item.guide_chapter.url)}">{how}</a>')
    if item.guide_tool:
        tool = gettext("Tool: %(title)s") % {"title": escape(item.guide_tool.title)}
        spaced = " ms-2" if item.guide_chapter else ""
        guides.append(
            f'<a class="how-to-tool{spaced}" href="{escape(item.guide_tool.url)}">{tool}</a>'
        )
    if guides:
        text += f'<p class="how-to mb-1">{" ".join(guides)}</p>'
    meta = []
    if item.assignee:
        meta.append(
            f'<li class="list-inline-item">{escape(labels["assigned"])} '
            f"<bdi>{escape(person(item.assignee))}</bdi></li>"
        )
    if item.due_date:
        flag = f'<span class="overdue-flag">{escape(labels["overdue"])}</span> ' if overdue else ""
        due = gettext("due %(date)s") % {"date": escape(short_date(item.due_date))}
        meta.append(f'<li class="list-inline-item{" overdue" if overdue else ""}">{flag}{due}</li>')
    if done:
        by = gettext("done by <bdi>%(name)s</bdi> on %(date)s") % {
            "name": escape(person(item.done_by)),
            "date": escape(short_date(timezone.localtime(item.done_at).date())),
        }
        meta.append(f'<li class="list-inline-item">{by}</li>')
    if meta:
        text += f'<ul class="list-inline small item-meta mb-0">{"".join(meta)}</ul>'
    if item.note:
        text += f'<p class="small item-note mb-0" dir="auto">{linebreaksbr(item.note)}</p>'
    actions = ""
    if can_edit:
        links = {name: escape(url) for name, url in item.links.items()}
        moves = "".join(
            '<button type="submit" form="checklist-actions" '
            f'formaction="{links["move"]}" name="direction" value="{way}" '
            f'class="btn btn-sm btn-outline-secondary"{" disabled" if at_end else ""}>'
            f'<span aria-hidden="true">{arrow}</span>'
            f'<span class="visually-hidden">{escape(labels[way])} {title}</span></button>'
            for way, arrow, at_end in (("up", "↑", is_first), ("down", "↓", is_last))
        )
        actions = (
            '<div class="item-actions d-flex gap-1 flex-wrap justify-content-end">'
            f'<a class="btn btn-sm btn-outline-primary" href="{links["update"]}">'
            f'{escape(labels["edit"])}<span class="visually-hidden">: {title}</span></a>{moves}'
            f'<a class="btn btn-sm btn-outline-danger" href="{links["delete"]}">'
            f'{escape(labels["remove"])}<span class="visually-hidden">: {title}</span></a></div>'
        )
    return mark_safe(  # noqa: S308 (every text escaped)
        f'<li id="item-{item.pk:d}" class="{classes}"><div class="d-flex gap-3 '
        f'align-items-start">{box}<div class="flex-grow-1">{text}</div>{actions}</div></li>'
    )


@register.simple_tag(takes_context=True)
def checklist_rows(context, items):
    """The checklist page's items (a stage holds tens): a template costs microseconds per tag,
    so they are written by ``checklist_row``, with the page's ``labels`` and ``can_edit``."""
    short_date = short_dates()
    last = len(items) - 1
    return mark_safe(  # noqa: S308 (each row escaped)
        "\n".join(
            checklist_row(
                item,
                labels=context["labels"],
                can_edit=context["can_edit"],
                is_first=position == 0,
                is_last=position == last,
                short_date=short_date,
            )
            for position, item in enumerate(items)
        )
    )
