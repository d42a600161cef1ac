"""The printable plan: the whole dialogue on paper, in the reader's language and direction."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from dialogues.models import Label, Quadrant, Sector, Stage, StakeholderStatus
from dialogues.services.checklists import checklist_item_set_done
from dialogues.services.stakeholders import stakeholder_update
from dialogues.templatetags.plan_tags import table_rows

from . import factories


def plan_url(dialogue, language="en"):
    with translation.override(language):
        return reverse("dialogues:plan-print", kwargs={"dialogue_pk": dialogue.pk})


@pytest.fixture
def planned(world):
    dialogue = world.dialogue
    dialogue.goals = "Agree on a shared plan for the bay"
    dialogue.save()
    ministry = factories.StakeholderFactory(
        dialogue=dialogue,
        name="Ministry of Fisheries",
        sector=Sector.GOVERNMENT,
        influence=5,
        interest=4,
        email="minister@example.org",
        phone="+221 33 000 00 00",
    )
    union = factories.StakeholderFactory(
        dialogue=dialogue, name="Women fish processors", sector=Sector.CIVIL_SOCIETY, influence=1
    )
    marker = factories.LabelFactory(dialogue=dialogue, kind=Label.Kind.INCLUSION, name="women-led")
    union.labels.add(marker)
    factories.ChecklistItemFactory(
        dialogue=dialogue,
        stage=Stage.GO,
        title="Agree the ground rules",
        assignee=world.users["owner"],
    )
    meeting = world.meeting
    meeting.decisions = "A monitoring committee of five"
    meeting.save()
    meeting.attended.add(union)
    factories.AgendaItemFactory(meeting=meeting, title="Tour de table")
    made = factories.CommitmentFactory(
        dialogue=dialogue,
        description="Share landing figures monthly",
        due_date=timezone.localdate() - timedelta(days=2),
    )
    made.stakeholders.add(ministry)
    return world


@pytest.mark.django_db
def test_the_plan_shows_every_part_of_the_dialogue_without_site_chrome(planned, login):
    response = login(planned.users["viewer"]).get(plan_url(planned.dialogue))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Agree on a shared plan for the bay",
        "Ministry of Fisheries",
        "Women fish processors",
        "Manage closely",
        "Agree the ground rules",
        planned.meeting.title,
        "Tour de table",
        "A monitoring committee of five",
        "Share landing figures monthly",
        "(overdue)",
    ):
        assert text in html, text
    # Ordered like the process: summary, stakeholders, grid, checklists, meetings, commitments.
    headings = ["plan-summary", "plan-stakeholders", "plan-grid", "plan-checklists"]
    positions = [html.index(f'id="{heading}"') for heading in headings]
    assert positions == sorted(positions)
    # The grid is drawn as one picture, a mark per stakeholder.
    grid = html[html.index('id="plan-grid"') : html.index('id="plan-checklists"')]
    assert "<svg" in grid and '<use href="#mark-government"' in grid
    assert html.count("<h1") == 1
    assert 'class="site-header' not in html and 'class="site-footer' not in html
    assert "workspace-nav" not in html
    # Paper travels: no contact details, no inclusion markers.
    assert "minister@example.org" not in html and "+221" not in html
    assert "women-led" not in html


@pytest.mark.django_db
def test_the_plan_is_printed_in_the_readers_language_and_direction(planned, login):
    html = login(planned.users["viewer"]).get(plan_url(planned.dialogue, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "خطة الحوار" in html  # "Dialogue plan"
    assert "Dialogue plan" not in html


@pytest.mark.django_db
def test_the_plan_needs_a_fixed_number_of_queries(planned, login, django_assert_max_num_queries):
    client = login(planned.users["owner"])
    with django_assert_max_num_queries(40) as few:
        client.get(plan_url(planned.dialogue))
    dialogue = planned.dialogue
    for n in range(30):
        stakeholder = factories.StakeholderFactory(dialogue=dialogue, sector=Sector.values[n % 8])
        meeting = factories.MeetingFactory(dialogue=dialogue)
        meeting.attended.add(stakeholder)
        factories.AgendaItemFactory(meeting=meeting)
        factories.ChecklistItemFactory(dialogue=dialogue, assignee=planned.users["owner"])
        factories.CommitmentFactory(dialogue=dialogue).stakeholders.add(stakeholder)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(plan_url(dialogue))
    assert response.status_code == 200


class _Tables(HTMLParser):
    """The tables of a page as the reader sees them: each with the heading before it, its rows
    of (tag, text) cells, and for each row the row-group heading above it."""

    def __init__(self):
        super().__init__()
        self.tables, self.heading, self.group = [], "", ""
        self._text = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"heading": self.heading, "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append({"group": self.group, "cells": []})
        elif tag in ("th", "td") and self.tables and self.tables[-1]["rows"]:
            cells = self.tables[-1]["rows"][-1]["cells"]
            cells.append([tag, "", dict(attrs).get("scope")])
            self._text = cells[-1]
        elif tag == "h3":
            self.heading, self._text = "", ["h3", ""]
        elif tag == "tbody":
            self.group = ""

    def handle_endtag(self, tag):
        if tag == "h3" and self._text and self._text[0] == "h3":
            self.heading = self._text[1].strip()
            self._text = None
        elif tag in ("th", "tr", "td"):
            if self._text and self._text[2] == "rowgroup":
                self.group = self._text[1].strip()
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text[1] += data


def _tables(html, start, end):
    reader = _Tables()
    reader.feed(html[html.index(f'id="{start}"') : html.index(f'id="{end}"')])
    return reader.tables


@pytest.mark.django_db
def test_the_plan_lists_each_stakeholder_once_by_sector_and_quadrant(planned, login):
    html = login(planned.users["viewer"]).get(plan_url(planned.dialogue)).content.decode()
    listed = {}
    for table in _tables(html, "plan-stakeholders", "plan-grid"):
        for row in table["rows"][1:]:  # the first row holds the column headings
            tags = [tag for tag, _text, _scope in row["cells"]]
            if tags == ["th"]:
                continue  # a quadrant's heading
            texts = [text for _tag, text, _scope in row["cells"]]
            listed.setdefault(texts[0], []).append((table["heading"], row["group"], texts[1:]))
    stakeholders = planned.dialogue.stakeholders.all()
    assert sorted(listed) == sorted(s.name for s in stakeholders)
    assert all(len(rows) == 1 for rows in listed.values())
    sector, quadrant, cells = listed["Ministry of Fisheries"][0]
    assert sector.startswith(str(Sector.GOVERNMENT.label))
    # Grouped by quadrant, then by status, each group headed by both and its count.
    assert quadrant == f"{Quadrant.MANAGE_CLOSELY.label} · {StakeholderStatus.IDENTIFIED.label} (2)"
    assert cells == ["Ministry of Fisheries", "", "—", "5", "4"]  # a stance not known: a dash
    sector, quadrant, _cells = listed["Women fish processors"][0]
    assert sector.startswith(str(Sector.CIVIL_SOCIETY.label))
    assert quadrant.startswith(str(Quadrant.KEEP_INFORMED.label))
    # The grid section counts them per quadrant; it names no one.
    grid = html[html.index('id="plan-grid"') : html.index('id="plan-checklists"')]
    assert "Women fish processors" not in grid
    (counts,) = _tables(html, "plan-grid", "plan-checklists")
    per_quadrant = {row["cells"][0][1]: row["cells"][1][1] for row in counts["rows"][1:]}
    assert per_quadrant[str(Quadrant.MANAGE_CLOSELY.label)] == str(
        sum(s.quadrant == Quadrant.MANAGE_CLOSELY for s in stakeholders)
    )
    assert per_quadrant[str(Quadrant.KEEP_INFORMED.label)] == "1"


@pytest.mark.django_db
def test_the_plans_chart_is_one_picture_and_the_tables_say_the_same(planned, login):
    html = login(planned.users["viewer"]).get(plan_url(planned.dialogue)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<a " not in svg
    assert svg.count("<title") == 1  # the chart's own; no tooltip per mark
    assert svg.count("<use ") == planned.dialogue.stakeholders.count()
    assert "Manage closely: 2." in svg  # the description counts each quadrant
    # The legend names each sector drawn, next to its shape.
    legend = html[html.index("</svg>") : html.index("</figure>")]
    assert str(Sector.GOVERNMENT.label) in legend and str(Sector.CIVIL_SOCIETY.label) in legend
    assert str(Sector.DONORS.label) not in legend


@pytest.mark.django_db
def test_the_plan_escapes_what_people_typed_and_keeps_their_line_breaks(planned, login):
    dialogue = planned.dialogue
    factories.StakeholderFactory(dialogue=dialogue, name='<img src=x onerror="alert(1)"> & Co')
    made = factories.CommitmentFactory(
        dialogue=dialogue, description="Open the books\n<script>monthly</script>"
    )
    made.stakeholders.add(*dialogue.stakeholders.filter(sector=Sector.GOVERNMENT))
    html = login(planned.users["viewer"]).get(plan_url(dialogue)).content.decode()
    assert "<img src=x" not in html and "<script>monthly" not in html
    assert '&lt;img src=x onerror="alert(1)"&gt; &amp; Co' in html
    assert "Open the books<br>&lt;script&gt;monthly&lt;/script&gt;" in html
    # Several holders of one commitment: each name isolated, in order of name.
    names = sorted(s.name for s in dialogue.stakeholders.filter(sector=Sector.GOVERNMENT))
    assert len(names) == 3
    assert "<td>" + ", ".join(f"<bdi>{escape(name)}</bdi>" for name in names) in html


def test_table_rows_writes_a_header_cell_and_escapes_text_only():
    rows = [("Fishers & co", 3, mark_safe("<em>kept</em>")), ("<b>", "", "x")]
    assert table_rows(rows, 1) == (
        "<tr><td>Fishers &amp; co<th>3<td><em>kept</em><tr><td>&lt;b&gt;<th><td>x"
    )
    assert table_rows([("a", "b")]) == "<tr><th>a<td>b"


@pytest.mark.django_db
def test_a_ticked_item_renders_the_plans_checklists_again_not_its_stakeholders(
    planned, login, settings
):
    """The plan's parts are kept on the revision of what each shows (test_page_cache proves
    none goes stale): a ticked item reads the checklists and the summary, not the register."""
    settings.WORKSPACE_FRAGMENT_SECONDS = 600
    cache.clear()
    client = login(planned.users["owner"])
    url = plan_url(planned.dialogue)
    client.get(url)
    item = planned.dialogue.checklist_items.first()
    checklist_item_set_done(item=item, user=planned.users["owner"], done=True)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    tables = {
        table for q in queries.captured_queries for table in re.findall(r'FROM "(\w+)"', q["sql"])
    }
    assert "dialogues_checklistitem" in tables
    assert "dialogues_stakeholder" not in tables and "dialogues_commitment" not in tables
    assert "☑" in html and "Women fish processors" in html and "Tour de table" in html
    cache.clear()


@pytest.mark.django_db
def test_a_stakeholders_edit_renders_the_plans_register_again_not_its_summary(
    planned, login, settings
):
    """The summary shows the dialogue's fields, its stage and its checklists' progress: a
    stakeholder's edit leaves it kept (test_page_cache proves it follows what it shows)."""
    settings.WORKSPACE_FRAGMENT_SECONDS = 600
    cache.clear()
    client = login(planned.users["owner"])
    url = plan_url(planned.dialogue)
    client.get(url)
    stakeholder = planned.dialogue.stakeholders.get(name="Women fish processors")
    stakeholder.name = "Women fish traders"
    stakeholder_update(
        stakeholder=stakeholder,
        user=planned.users["owner"],
        version=stakeholder.version,
        fields=["name"],
        tag_names=[],
        inclusion_names=[],
    )
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    tables = {
        table for q in queries.captured_queries for table in re.findall(r'FROM "(\w+)"', q["sql"])
    }
    assert "dialogues_stakeholder" in tables and "Women fish traders" in html
    assert "dialogues_checklistitem" not in tables and "dialogues_stagetransition" not in tables
    cache.clear()
