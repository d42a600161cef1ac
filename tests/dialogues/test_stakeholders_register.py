"""Finding people in the register, its balance, the power–interest grid, and page speed."""

import html
import re
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from dialogues import grid
from dialogues.models import Label, Quadrant, Sector, Stakeholder, StakeholderStatus, Stance

from .factories import LabelFactory, StakeholderFactory


def url(name, world, query=""):
    path = reverse(f"dialogues:{name}", kwargs={"dialogue_pk": world.dialogue.pk})
    return f"{path}?{query}" if query else path


def names(response):
    return [s.name for s in response.context["page"].object_list]


@pytest.fixture
def register(world):
    """A small register with one of everything the filters look at."""
    world.stakeholder.delete()
    youth = LabelFactory(dialogue=world.dialogue, kind=Label.Kind.INCLUSION, name="youth")
    port = LabelFactory(dialogue=world.dialogue, name="port")
    people = {
        "Ministry": StakeholderFactory(
            dialogue=world.dialogue,
            name="Ministry of Fisheries",
            sector=Sector.GOVERNMENT,
            influence=5,
            interest=4,
            stance=Stance.NEUTRAL,
            status=StakeholderStatus.CONFIRMED,
        ),
        "Youth": StakeholderFactory(
            dialogue=world.dialogue,
            name="Joal Youth Collective",
            organisation="",
            sector=Sector.CIVIL_SOCIETY,
            influence=1,
            interest=5,
            stance=Stance.SUPPORTIVE,
            status=StakeholderStatus.PARTICIPATING,
        ),
        "Trawler": StakeholderFactory(
            dialogue=world.dialogue,
            name="Atlantic Trawlers Ltd",
            organisation="Atlantic Group",
            sector=Sector.PRIVATE,
            influence=4,
            interest=1,
            stance=Stance.OPPOSED,
            status=StakeholderStatus.DECLINED,
        ),
        "Radio": StakeholderFactory(
            dialogue=world.dialogue,
            name="Radio Mbour",
            organisation="",
            sector=Sector.MEDIA,
            influence=2,
            interest=2,
        ),
    }
    people["Youth"].labels.add(youth, port)
    people["Trawler"].labels.add(port)
    return people


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "Atlantic Trawlers Ltd",
                "Joal Youth Collective",
                "Ministry of Fisheries",
                "Radio Mbour",
            ],
        ),
        ("sector=government", ["Ministry of Fisheries"]),
        ("status=declined", ["Atlantic Trawlers Ltd"]),
        ("stance=supportive", ["Joal Youth Collective"]),
        ("quadrant=manage_closely", ["Ministry of Fisheries"]),
        ("quadrant=keep_satisfied", ["Atlantic Trawlers Ltd"]),
        ("quadrant=keep_informed", ["Joal Youth Collective"]),
        ("quadrant=monitor", ["Radio Mbour"]),
        ("q=youth", ["Joal Youth Collective"]),
        ("q=atlantic+group", ["Atlantic Trawlers Ltd"]),  # the organisation is searched too
        ("sector=private&stance=supportive", []),
        ("influence=5&interest=4", ["Ministry of Fisheries"]),
        (
            "sort=-influence",
            [
                "Ministry of Fisheries",
                "Atlantic Trawlers Ltd",
                "Radio Mbour",
                "Joal Youth Collective",
            ],
        ),
        (
            "sort=status",
            [
                "Radio Mbour",
                "Ministry of Fisheries",
                "Joal Youth Collective",
                "Atlantic Trawlers Ltd",
            ],
        ),
        (
            "sector=not-a-sector",
            [
                "Atlantic Trawlers Ltd",
                "Joal Youth Collective",
                "Ministry of Fisheries",
                "Radio Mbour",
            ],
        ),
    ],
)
def test_the_list_filters_searches_and_sorts(world, login, register, query, expected):
    response = login(world.users["viewer"]).get(url("stakeholder-list", world, query))
    assert response.status_code == 200
    assert names(response) == expected


def test_the_list_filters_by_tag_or_inclusion_marker(world, login, register):
    client = login(world.users["viewer"])
    port = Label.objects.get(name="port")
    youth = Label.objects.get(name="youth")
    assert names(client.get(url("stakeholder-list", world, f"label={port.pk}"))) == [
        "Atlantic Trawlers Ltd",
        "Joal Youth Collective",
    ]
    assert names(client.get(url("stakeholder-list", world, f"label={youth.pk}"))) == [
        "Joal Youth Collective"
    ]
    # A label of another dialogue is not a valid choice: the filter is dropped, not an error.
    other = LabelFactory(name="port")
    assert len(names(client.get(url("stakeholder-list", world, f"label={other.pk}")))) == 4


def test_the_list_shows_counts_and_shares_per_sector_and_status(world, login, register):
    response = login(world.users["viewer"]).get(url("stakeholder-list", world, "sector=media"))
    rows = {row["sector"]: row for row in response.context["sector_counts"]}
    assert rows[Sector.GOVERNMENT]["count"] == 1
    assert rows[Sector.GOVERNMENT]["share"] == 25
    assert rows[Sector.ACADEMIA]["count"] == 0
    statuses = {row["status"]: row["count"] for row in response.context["status_counts"]}
    assert statuses[StakeholderStatus.IDENTIFIED] == 1
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "Sector balance" in page
    assert "Matching the filters: 1 of 4" in page
    assert 'Academia and science</a> <span class="text-nowrap"><strong>0</strong>' in page
    media = '>Media</a> <span class="text-nowrap"><strong>1</strong>'
    assert media + ' <span class="text-muted">(25 %)' in page


def test_the_list_is_paginated(world, login):
    Stakeholder.objects.bulk_create(
        Stakeholder(dialogue=world.dialogue, name=f"Fisher group {i:03}", sector=Sector.PUBLIC)
        for i in range(120)
    )
    client = login(world.users["viewer"])
    response = client.get(url("stakeholder-list", world, "sector=public&page=3"))
    assert names(response)[0] == "Fisher group 100"
    assert len(names(response)) == 20
    assert "sector=public&amp;page=2" in response.content.decode()


def _bulk_register(dialogue, count):
    labels = [
        Label.objects.get_or_create(dialogue=dialogue, kind=Label.Kind.TAG, name=f"tag {i}")[0]
        for i in range(3)
    ]
    sectors = list(Sector)
    created = Stakeholder.objects.bulk_create(
        Stakeholder(
            dialogue=dialogue,
            name=f"Stakeholder {i:05}",
            organisation=f"Organisation {i % 50}",
            sector=sectors[i % len(sectors)],
            influence=i % 5 + 1,
            interest=(i // 5) % 5 + 1,
        )
        for i in range(count)
    )
    through = Stakeholder.labels.through
    through.objects.bulk_create(
        through(stakeholder_id=s.pk, label_id=labels[i % 3].pk) for i, s in enumerate(created)
    )


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("page", "limit"), [("stakeholder-list", 13), ("stakeholder-grid", 9)])
def test_pages_make_as_many_queries_for_2000_stakeholders_as_for_20(
    world, login, django_assert_max_num_queries, page, limit
):
    small = world.dialogue
    client = login(world.users["owner"])
    _bulk_register(small, 20)
    few = _queries(client, url(page, world))

    Stakeholder.objects.filter(dialogue=small).delete()
    _bulk_register(small, 2000)
    many = _queries(client, url(page, world, "sort=-influence"))

    assert many == few
    with django_assert_max_num_queries(limit):
        client.get(url(page, world))


# --- The grid -------------------------------------------------------------------------------


def _cell_of(chart, stakeholder):
    return chart.cells[(stakeholder.influence, stakeholder.interest)]


def test_grid_places_each_stakeholder_in_its_quadrant_and_mirrors_for_arabic(register):
    people = list(register.values())
    ltr = grid.layout(people)
    rtl = grid.layout(people, rtl=True)
    ministry = register["Ministry"]  # influence 5, interest 4
    radio = register["Radio"]  # influence 2, interest 2

    assert _cell_of(ltr, ministry).quadrant == Quadrant.MANAGE_CLOSELY
    assert _cell_of(ltr, radio).quadrant == Quadrant.MONITOR
    # Higher influence is higher up; higher interest is further along the reading direction.
    assert _cell_of(ltr, ministry).y < _cell_of(ltr, radio).y
    assert _cell_of(ltr, ministry).x > _cell_of(ltr, radio).x
    assert _cell_of(rtl, ministry).x < _cell_of(rtl, radio).x
    assert _cell_of(rtl, ministry).y == _cell_of(ltr, ministry).y
    mark = _cell_of(ltr, ministry).marks[0]
    cell = _cell_of(ltr, ministry)
    assert cell.x < mark.x < cell.x + grid.CELL_W
    assert cell.y < mark.y < cell.y + grid.CELL_H
    # Quadrant areas: "manage closely" is on the right in English, on the left in Arabic.
    ltr_areas = {a["value"]: a for a in ltr.quadrants}
    rtl_areas = {a["value"]: a for a in rtl.quadrants}
    assert ltr_areas["manage_closely"]["x"] > ltr_areas["keep_satisfied"]["x"]
    assert rtl_areas["manage_closely"]["x"] < rtl_areas["keep_satisfied"]["x"]


def test_grid_spreads_a_crowded_cell_and_counts_what_does_not_fit():
    crowd = [
        Stakeholder(
            pk=i, dialogue_id=1, name=f"S{i}", sector=Sector.PUBLIC, influence=3, interest=3
        )
        for i in range(1, 21)
    ]
    chart = grid.layout(crowd)
    cell = chart.cells[(3, 3)]
    assert cell.count == 20
    assert len(cell.marks) == grid.CAPACITY - 1
    assert cell.more == 20 - (grid.CAPACITY - 1)
    positions = {(m.x, m.y) for m in cell.marks}
    assert len(positions) == len(cell.marks)  # no two marks on top of each other
    for x, y in positions:
        assert cell.x < x < cell.x + grid.CELL_W
        assert cell.y < y < cell.y + grid.CELL_H

    pair = grid.layout(crowd[:2]).cells[(3, 3)]
    assert pair.more == 0
    assert pair.marks[0].x != pair.marks[1].x


def test_the_grid_page_draws_linked_marks_a_legend_and_a_table(world, login, register):
    response = login(world.users["viewer"]).get(url("stakeholder-grid", world))
    page = response.content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    ministry = register["Ministry"]
    assert f'<a href="{ministry.get_absolute_url()}" class="grid-mark">' in svg
    title = "Ministry of Fisheries — Ministry of Fisheries · Government · influence 5, interest 4"
    assert f"<title>{title}</title>" in svg
    for quadrant in Quadrant:
        assert str(quadrant.label) in svg
    assert 'aria-describedby="grid-svg-desc"' in svg
    assert "Manage closely: 1." in svg
    # Colour is not the only signal: each sector has its own shape in the legend.
    legend = page[page.index('id="legend-heading"') :]
    assert str(Sector.DONORS.label) in legend
    assert len({path for _colour, path in grid.SECTOR_STYLES.values()}) == len(Sector)
    # The table view lists the same people by influence and interest.
    table = page[page.index('id="grid-table-heading"') :]
    assert "Influence 5" in table
    assert ministry.get_absolute_url() in table


def test_the_grid_page_in_arabic_is_mirrored_and_translated(world, login, register):
    client = login(world.users["viewer"])
    with translation.override("ar"):
        path = url("stakeholder-grid", world)
    response = client.get(path)
    assert response.context["grid"].rtl
    svg = response.content.decode()
    assert 'direction="rtl"' in svg
    with translation.override("ar"):
        assert str(Quadrant.MANAGE_CLOSELY.label) in svg
        assert str(Quadrant.MANAGE_CLOSELY.label) != "Manage closely"


def test_the_crowded_cell_links_to_the_list_of_that_cell(world, login):
    Stakeholder.objects.bulk_create(
        Stakeholder(
            dialogue=world.dialogue,
            name=f"Group {i:02}",
            sector=Sector.PUBLIC,
            influence=2,
            interest=5,
        )
        for i in range(30)
    )
    client = login(world.users["viewer"])
    page = client.get(url("stakeholder-grid", world, "sector=public")).content.decode()
    # The link keeps the page's filters and adds the cell's; the order of the parameters aside.
    list_path = url("stakeholder-list", world)
    more_links = re.findall(rf'href="{re.escape(list_path)}\?([^"]+)"', page)
    cell = {"influence": ["2"], "interest": ["5"], "sector": ["public"]}
    assert cell in [parse_qs(html.unescape(query)) for query in more_links]
    assert f">+{30 - grid.CAPACITY + 1}<" in page
    # Only the first of the cell by name are drawn; the cell and its quadrant count all 30.
    shown = grid.CAPACITY - 1
    assert f"Group {shown - 1:02}<" in page and f"Group {shown:02}<" not in page
    assert ">30</text>" in page
    assert "Keep informed: 30." in page
    listed = client.get(url("stakeholder-list", world, "influence=2&interest=5&sector=public"))
    assert listed.context["page"].paginator.count == 30
    # Both the chart's "+n" and the table view's last item link there, in the reader's language.
    with translation.override("fr"):
        page = client.get(url("stakeholder-grid", world, "sector=public")).content.decode()
        list_path = url("stakeholder-list", world)
    more = 30 - grid.CAPACITY + 1
    chart = page[page.index("<svg") : page.index("</svg>")]
    table = page[page.index('id="grid-table-heading"') :]
    for part, label in (
        (chart, f"<title>{more} autres avec une influence de 2 et un intérêt de 5 : "),
        (table, f">et {more} autres</a></li>"),
    ):
        links = re.findall(rf'href="{re.escape(list_path)}\?([^"]+)"', part)
        assert cell in [parse_qs(html.unescape(query)) for query in links]
        assert label in part


def test_the_grid_escapes_names_in_its_marks_and_table(world, login):
    typed = '<img src=x onerror="alert(1)"> & Co'
    Stakeholder.objects.create(
        dialogue=world.dialogue,
        name=typed,
        organisation="<b>Port</b>",
        sector=Sector.MEDIA,
        influence=2,
        interest=2,
    )
    page = login(world.users["viewer"]).get(url("stakeholder-grid", world)).content.decode()
    assert "<img src=x" not in page and "<b>Port" not in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert f"<title>{escape(typed)} — &lt;b&gt;Port&lt;/b&gt; · " in svg
    table = page[page.index('id="grid-table-heading"') :]
    assert f"<bdi>{escape(typed)}</bdi>" in table


def test_the_register_row_shows_each_field_escaped_in_the_readers_language(world, login):
    typed = '<img src=x onerror="alert(1)"> & Co'
    person = Stakeholder.objects.create(
        dialogue=world.dialogue,
        name=typed,
        organisation="<b>Port</b>",
        role_title="Chef d'équipe <i>",
        sector=Sector.MEDIA,
        influence=4,
        interest=2,
        stance=Stance.OPPOSED,
        status=StakeholderStatus.CONTACTED,
    )
    person.labels.add(
        LabelFactory(dialogue=world.dialogue, kind=Label.Kind.TAG, name="<u>coast</u>"),
        LabelFactory(dialogue=world.dialogue, kind=Label.Kind.INCLUSION, name="Youth"),
    )
    with translation.override("fr"):
        address = url("stakeholder-list", world, "sort=-influence")
        page = login(world.users["viewer"]).get(address).content.decode()
    assert "<img src=x" not in page and "<b>Port" not in page and "<u>coast" not in page
    row = page[page.index(f"/stakeholders/{person.pk}/") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + row, re.S)
    assert f"<bdi>{escape(typed)}</bdi>" in cells[0]
    about = "<bdi>Chef d&#x27;équipe &lt;i&gt;</bdi> · <bdi>&lt;b&gt;Port&lt;/b&gt;</bdi>"
    assert about in cells[0]
    assert cells[1].endswith(" Médias") and 'class="sector-mark"' in cells[1]
    assert cells[2:7] == ["4", "2", "Maintenir satisfait", "Opposé", "Contacté"]
    assert (
        '<span class="badge text-bg-light border me-1"><bdi>&lt;u&gt;coast&lt;/u&gt;</bdi></span>'
        in cells[7]
    )
    assert '<span class="badge text-bg-warning me-1"><bdi>Youth</bdi></span>' in cells[7]
