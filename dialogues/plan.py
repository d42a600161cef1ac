"""The printable plan's long tables as rows of cells, built in Python.

The plan prints the whole dialogue: on a large one, thousands of rows. A template tag costs
microseconds per cell and row, so these rows are built here once, with labels translated once
per render, and written by the ``table_rows`` filter (`templatetags/plan_tags.py`); the
template keeps the tables, their headings and everything else. Cells are text, escaped when
written, or markup made with ``format_html``.
"""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from .models import CommitmentStatus, Quadrant, StakeholderStatus, Stance
from .templatetags.plan_tags import person, short_dates


def _labels(choices):
    """The choices' labels in the active language, translated once."""
    return {value: str(label) for value, label in choices.choices}


def _overdue(cell, *, strong=False):
    text = gettext("overdue")
    return format_html("{} <strong>({})</strong>" if strong else "{} ({})", cell, text)


def stakeholder_groups(stakeholders_by_sector):
    """Each sector's stakeholders grouped by quadrant of the grid, in the grid's order, and in
    each quadrant by status, in the process's order: [(sector, count, [(quadrant, status,
    rows), ...]), ...], empty groups left out. A row holds the name, organisation, role,
    stance, influence and interest of one stakeholder (``Stakeholder`` objects or rows of those
    fields and ``status``); a group's status is its label, and a stance not known is a dash."""
    stances = {**_labels(Stance), Stance.UNKNOWN.value: "—"}  # as the introduction says
    statuses = _labels(StakeholderStatus)
    quadrant = Quadrant.of
    groups = []
    for sector, people in stakeholders_by_sector:
        by_group = {(q, status): [] for q in Quadrant for status in statuses}
        for s in people:
            by_group[quadrant(s.influence, s.interest), s.status].append(
                (
                    s.name,
                    s.organisation,
                    s.role_title,
                    stances.get(s.stance, s.stance),
                    s.influence,
                    s.interest,
                )
            )
        groups.append(
            (
                sector,
                len(people),
                [(q, statuses[status], rows) for (q, status), rows in by_group.items() if rows],
            )
        )
    return groups


def checklist_rows(items):
    """Done, item (with its note), assignee, due date, toolkit guides of each checklist item."""
    # A box to tick on paper, and the word for whoever cannot see it.
    done, not_done = f"☑ {gettext('yes')}", f"☐ {gettext('no')}"
    short_date = short_dates()
    rows = []
    for item in items:
        title = item.display_title
        if item.note:
            title = format_html('{}<br><span class="small text-muted">{}</span>', title, item.note)
        due = short_date(item.due_date)
        guides = [guide.title for guide in (item.guide_chapter, item.guide_tool) if guide]
        rows.append(
            (
                done if item.is_done else not_done,
                title,
                person(item.assignee),
                _overdue(due) if item.is_overdue else due,
                "; ".join(guides),
            )
        )
    return rows


def _text(value):
    """Text with its line breaks kept (most text has none, and stays plain)."""
    return linebreaksbr(value) if "\n" in value or "\r" in value else value


def commitment_rows(commitments):
    """Who, what, by when, with what resources, status and who follows it up, of each
    commitment; each comes with ``names``, its stakeholders' names
    (`selectors.commitments.commitments_for_plan`)."""
    statuses = _labels(CommitmentStatus)
    short_date = short_dates()
    rows = []
    for commitment in commitments:
        # Each name isolated, and the list in the page's direction (the column is the one
        # whose cells do not take the direction of their text).
        who = format_html_join(", ", "<bdi>{}</bdi>", ((name,) for name in commitment.names))
        due = short_date(commitment.due_date) or "—"
        rows.append(
            (
                who,
                _text(commitment.description),
                _overdue(due, strong=True) if commitment.is_overdue else due,
                _text(commitment.resources),
                statuses.get(commitment.status, commitment.status),
                person(commitment.assignee),
            )
        )
    return rows
