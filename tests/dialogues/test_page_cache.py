"""Workspace pages cached with {% cache %}: never stale after a change, never someone else's,
and no read ever writes to the dialogue's row."""

import pickle
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import dialogues
from dialogues.models import (
    Activity,
    CommitmentStatus,
    Dialogue,
    MeetingFeedback,
    Quadrant,
    Role,
    Stage,
    Stakeholder,
)
from dialogues.services.checklists import checklist_item_set_done
from dialogues.services.commitments import (
    commitment_create,
    commitment_progress_add,
    commitment_update,
)
from dialogues.services.dialogues import (
    dialogue_member_set_role,
    dialogue_stage_move,
    dialogue_update,
)
from dialogues.services.meetings import (
    meeting_attendance_record,
    meeting_delete,
    meeting_update,
)
from dialogues.services.stakeholders import (
    interaction_create,
    interaction_delete,
    interaction_update,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_update,
    stakeholders_import,
)
from tests.content.factories import ChapterFactory, ToolFactory

from . import factories
from .test_permissions import MATRIX

pytestmark = pytest.mark.django_db

STAKEHOLDER = "Lagoon fishers union"
ITEM = "Map who fishes the lagoon"
MEETING_TITLE = "Harbour listening session"
FOLLOWER = "Mariama"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    """A real cache of its own for each test, kept for ten minutes as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "workspace-page-cache-tests",
        },
        "forms": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "workspace-page-cache-tests-forms",
        },
    }
    settings.WORKSPACE_FRAGMENT_SECONDS = 600
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def team(world):
    """The world, with its stakeholder, overdue item, meeting and commitment tied together so
    that each shows on every page that lists it."""
    world.stakeholder.name = STAKEHOLDER
    world.stakeholder.save()
    world.checklist_item.title = ITEM
    world.checklist_item.due_date = timezone.localdate() - timedelta(days=1)
    world.checklist_item.save()
    world.meeting.title = MEETING_TITLE
    world.meeting.save()
    world.meeting.invited.add(world.stakeholder)
    world.commitment.stakeholders.add(world.stakeholder)
    world.commitment.due_date = timezone.localdate() + timedelta(days=3)
    world.commitment.meeting = world.meeting
    world.commitment.save()
    world.users["facilitator"].first_name = FOLLOWER
    world.users["facilitator"].save()
    return world


def _dialogue_url(name, **extra):
    return lambda w: reverse(f"dialogues:{name}", kwargs={"dialogue_pk": w.dialogue.pk, **extra})


PAGES = {
    "overview": _dialogue_url("dialogue-detail"),
    "register": _dialogue_url("stakeholder-list"),
    "stakeholder": lambda w: w.stakeholder.get_absolute_url(),
    "grid": _dialogue_url("stakeholder-grid"),
    # The grid filtered by what the register's filters read.
    "grid by name": lambda w: _dialogue_url("stakeholder-grid")(w) + "?q=harbour",
    "grid by status": lambda w: _dialogue_url("stakeholder-grid")(w) + "?status=participating",
    "grid by stance": lambda w: _dialogue_url("stakeholder-grid")(w) + "?stance=opposed",
    "grid by influence": lambda w: _dialogue_url("stakeholder-grid")(w) + "?influence=5",
    "checklist": _dialogue_url("checklist"),
    "meetings": _dialogue_url("meeting-list"),
    "meeting": lambda w: w.meeting.get_absolute_url(),
    "commitments": _dialogue_url("commitment-list"),
    # The commitments of the stakeholders in a sector, or whose name or organisation matches.
    "commitments by sector": lambda w: _dialogue_url("commitment-list")(w) + "?sector=media",
    "commitments by name": lambda w: _dialogue_url("commitment-list")(w) + "?stakeholder=harbour",
    "commitment": lambda w: w.commitment.get_absolute_url(),
    "activity": _dialogue_url("activity"),
    "plan": _dialogue_url("plan-print"),
    "members": _dialogue_url("members"),
    "my dialogues": lambda w: reverse("dialogues:home"),
    "organisation": lambda w: w.organisation.get_absolute_url(),
}


@dataclass
class Change:
    """A change, and what each page that displays it shows before and after it."""

    apply: object
    before: dict
    after: dict
    reader: str = "owner"
    setup: object = None  # what must be there before the pages are first read
    pages: list = field(init=False)

    def __post_init__(self):
        self.pages = sorted(set(self.before) | set(self.after))


def _add_stakeholder(w):
    stakeholder_create(
        dialogue=w.dialogue,
        user=w.users["owner"],
        fields={"name": "Sea-level newsroom", "sector": "private", "influence": 4, "interest": 2},
    )


def _import_stakeholder(w):
    stakeholders_import(
        dialogue=w.dialogue,
        user=w.users["owner"],
        rows=[{"name": "Sea-level newsroom", "sector": "private", "influence": 4, "interest": 2}],
    )


def _edit_stakeholder(w, *, tags=(), **values):
    fields = list(values)
    for name, value in values.items():
        setattr(w.stakeholder, name, value)
    stakeholder_update(
        stakeholder=w.stakeholder,
        user=w.users["owner"],
        version=w.stakeholder.version,
        fields=fields,
        tag_names=list(tags),
        inclusion_names=[],
    )


def _log_interaction(w):
    interaction_create(
        stakeholder=w.stakeholder,
        user=w.users["facilitator"],
        date=timezone.localdate(),
        kind="call",
        note=LOGGED,
    )


def _correct_interaction(w):
    entry = w.stakeholder.interactions.get(note=LOGGED)
    entry.note = "Called back: the union will come"
    interaction_update(
        interaction=entry, user=w.users["owner"], version=entry.version, fields=["note"]
    )


def _remove_interaction(w):
    interaction_delete(
        interaction=w.stakeholder.interactions.get(note=LOGGED), user=w.users["owner"]
    )


def _tick_item(w):
    checklist_item_set_done(item=w.checklist_item, user=w.users["owner"], done=True)


def _edit_meeting(w):
    w.meeting.title = "Budget hearing at the port"
    meeting_update(
        meeting=w.meeting,
        user=w.users["owner"],
        version=w.meeting.version,
        fields=["title"],
        invited=[w.stakeholder],
        attended=[],
    )


def _delete_meeting(w):
    meeting_delete(meeting=w.meeting, user=w.users["owner"])


def _record_attendance(w):
    meeting_attendance_record(meeting=w.meeting, present=[w.stakeholder], user=w.users["owner"])


def _add_commitment_at_meeting(w):
    commitment_create(
        dialogue=w.dialogue,
        user=w.users["owner"],
        fields={"description": "Open the harbour books", "meeting": w.meeting},
        stakeholders=[],
    )


def _report_progress(w):
    commitment_progress_add(
        commitment=w.commitment, user=w.users["owner"], status=CommitmentStatus.DONE
    )


def _note_progress(w):
    """A progress note that leaves the commitment's status as it was."""
    commitment_progress_add(
        commitment=w.commitment, user=w.users["owner"], status=w.commitment.status, note=NOTED
    )


def _move_due_date(w):
    w.commitment.due_date = timezone.localdate() + timedelta(days=60)
    commitment_update(
        commitment=w.commitment,
        user=w.users["owner"],
        version=w.commitment.version,
        fields=["due_date"],
        stakeholders=[w.stakeholder],
    )


def _identified_long_ago(w):
    Stakeholder.objects.filter(pk=w.stakeholder.pk).update(
        status="identified", status_changed=timezone.now() - timedelta(days=60)
    )


def _choose_follower(w):
    w.commitment.assignee = w.users["facilitator"]
    commitment_update(
        commitment=w.commitment,
        user=w.users["owner"],
        version=w.commitment.version,
        fields=["assignee"],
        stakeholders=[w.stakeholder],
    )


def _promote_viewer(w):
    membership = w.dialogue.memberships.get(user=w.users["viewer"])
    dialogue_member_set_role(membership=membership, role=Role.FACILITATOR, user=w.users["owner"])


def _rename_dialogue(w):
    w.dialogue.title = "Lagoon futures"
    dialogue_update(
        dialogue=w.dialogue, user=w.users["owner"], version=w.dialogue.version, fields=["title"]
    )


def _move_stage(w):
    dialogue_stage_move(dialogue=w.dialogue, user=w.users["owner"], to_stage=Stage.GET_SET)


NOTED = "Two data clerks hired"
UNCONTACTED = "1 stakeholder was identified a while ago"
RENAMED = "Harbour cooperative"
LOGGED = "Called the union secretary"
ADDED = "Sea-level newsroom"
MEETING = "Budget hearing at the port"
DONE_BADGE = 'status-badge status-done">Done'
MOVED = "from Ready! to Get Set!"
FROM_STAGE = 'name="from_stage" value="{}"'
TOTAL_ROW = 'Total</th><td class="text-end">{}</td>'
SECTOR_ROW = '{}</th><td class="text-end">{}</td>'
PLAN_SECTOR = '<h3 class="h5">{} <span'
MISSING_SECTORS = "No stakeholder yet from these {} sectors"
# The overview's attendance table: invited, replied yes, attended, for one sector.
ATTENDANCE_ROW = (
    '<th scope="row">{}</th><td class="text-end">{}</td><td class="text-end">0</td>'
    '<td class="text-end">{}</td>'
)
COMMITMENT = "Publish the landing data"
ATTENDED_BADGE = 'Attended <span class="badge text-bg-light border">{}</span>'
# The attendance form's box for the meeting's one invited stakeholder, ticked.
PRESENT_TICKED = re.compile(r'name="present" value="\d+" checked>')
AT_MEETING = f"at <bdi>{MEETING_TITLE}</bdi>"


def meeting_row(*, invited=r"\d+", attended=r"\d+", commitments=r"\d+"):
    """The meeting's row on the meetings page, with these counts."""
    cell = r'</td>\s*<td class="text-end">'
    agenda, place = r"\d+", r"</a></th>\s*<td[^>]*>.*?"
    counts = (agenda, *(str(count) for count in (invited, attended, commitments)))
    return re.compile(re.escape(MEETING_TITLE) + place + cell + cell.join(counts) + "</td>", re.S)


CHANGES = {
    "stakeholder added": Change(
        _add_stakeholder,
        before={"overview": (TOTAL_ROW.format(1), MISSING_SECTORS.format(4))},
        after=dict.fromkeys(["register", "grid", "plan", "activity"], ADDED)
        | {"overview": (TOTAL_ROW.format(2), MISSING_SECTORS.format(3))},
    ),
    "stakeholders imported": Change(
        _import_stakeholder,
        before={"overview": (TOTAL_ROW.format(1), MISSING_SECTORS.format(4))},
        after=dict.fromkeys(["register", "grid", "plan"], ADDED)
        | {"overview": (TOTAL_ROW.format(2), MISSING_SECTORS.format(3))},
    ),
    "stakeholder edited": Change(
        lambda w: _edit_stakeholder(w, name=RENAMED),
        before={},
        after=dict.fromkeys(
            ["register", "grid", "plan", "activity", "meeting", "commitments", "commitment"],
            RENAMED,
        )
        | {"commitments by name": COMMITMENT, "grid by name": RENAMED},
    ),
    "stakeholder's organisation edited": Change(
        lambda w: _edit_stakeholder(w, organisation="Harbour authority"),
        before={},
        after=dict.fromkeys(["register", "grid", "plan", "meeting"], "Harbour authority")
        | {"commitments by name": COMMITMENT, "grid by name": STAKEHOLDER},
    ),
    "stakeholder's status changed": Change(
        lambda w: _edit_stakeholder(w, status="participating"),
        before={},
        after={"grid by status": STAKEHOLDER},
    ),
    "stakeholder long identified contacted": Change(
        lambda w: _edit_stakeholder(w, status="contacted"),
        setup=_identified_long_ago,
        before={"overview": UNCONTACTED},
        after={},
    ),
    "stakeholder moved on the grid": Change(
        lambda w: _edit_stakeholder(w, influence=5),
        before={},
        after={"grid by influence": STAKEHOLDER},
    ),
    "stakeholder's stance changed": Change(
        lambda w: _edit_stakeholder(w, stance="opposed"),
        before={},
        after={"grid by stance": STAKEHOLDER},
    ),
    "stakeholder's role title edited": Change(
        lambda w: _edit_stakeholder(w, role_title="Harbour master"),
        before={},
        after=dict.fromkeys(["register", "plan"], "Harbour master"),
    ),
    "stakeholder moved to another sector": Change(
        lambda w: _edit_stakeholder(w, sector="media"),
        before={
            "overview": (
                SECTOR_ROW.format("Government", 1),
                MISSING_SECTORS.format(4),
                ATTENDANCE_ROW.format("Government", 1, 0),
            ),
            "plan": PLAN_SECTOR.format("Government"),
        },
        after={
            "commitments by sector": COMMITMENT,
            "plan": PLAN_SECTOR.format("Media"),
            "overview": (
                SECTOR_ROW.format("Media", 1),
                MISSING_SECTORS.format(5),
                ATTENDANCE_ROW.format("Media", 1, 0),
            ),
        },
    ),
    "stakeholder deleted": Change(
        lambda w: stakeholder_delete(stakeholder=w.stakeholder, user=w.users["owner"]),
        before=dict.fromkeys(
            ["register", "grid", "meeting", "commitments", "commitment"], STAKEHOLDER
        )
        | {
            "meetings": meeting_row(invited=1),
            "overview": (TOTAL_ROW.format(1), "Attendance by sector"),
            "plan": (STAKEHOLDER, "Invited: 1"),
        },
        after={
            "meetings": meeting_row(invited=0),
            "overview": TOTAL_ROW.format(0),
            "plan": "Invited: 0",
        },
    ),
    "interaction logged": Change(
        _log_interaction,
        before={},
        after={"stakeholder": (LOGGED, FOLLOWER)},
    ),
    "interaction corrected": Change(
        _correct_interaction,
        setup=_log_interaction,
        before={"stakeholder": LOGGED},
        after={"stakeholder": "Called back: the union will come"},
    ),
    "interaction removed": Change(
        _remove_interaction,
        setup=_log_interaction,
        before={"stakeholder": LOGGED},
        after={},
    ),
    "label renamed": Change(
        lambda w: _edit_stakeholder(w, tags=["artisanal boats"]),
        before={},
        after=dict.fromkeys(["register", "grid"], "artisanal boats"),
    ),
    "checklist item ticked": Change(
        _tick_item,
        before=dict.fromkeys(["overview", "my dialogues"], ITEM),
        after={"checklist": "done by", "plan": "☑", "activity": ITEM},
    ),
    "meeting edited": Change(
        _edit_meeting,
        before={},
        after=dict.fromkeys(["meetings", "meeting", "plan", "activity", "commitments"], MEETING),
    ),
    "meeting deleted": Change(
        _delete_meeting,
        before={
            "meetings": MEETING_TITLE,
            "commitments": AT_MEETING,
            "overview": "Attendance by sector",
            "plan": MEETING_TITLE,
        },
        after={},
    ),
    "attendance recorded": Change(
        _record_attendance,
        before={
            "meeting": ATTENDED_BADGE.format(0),
            "meetings": meeting_row(attended=0),
            "overview": ATTENDANCE_ROW.format("Government", 1, 0),
            "plan": "Attended: 0",
        },
        after={
            "meeting": (ATTENDED_BADGE.format(1), PRESENT_TICKED),
            "meetings": meeting_row(attended=1),
            "overview": ATTENDANCE_ROW.format("Government", 1, 1),
            "plan": "Attended: 1",
        },
    ),
    "commitment recorded at a meeting": Change(
        _add_commitment_at_meeting,
        before={"meetings": meeting_row(commitments=1)},
        after={"meetings": meeting_row(commitments=2)}
        | dict.fromkeys(["commitments", "plan", "meeting"], "Open the harbour books"),
    ),
    "commitment progress": Change(
        _report_progress,
        before={"overview": "Due soon:"},
        after=dict.fromkeys(["commitments", "commitment"], DONE_BADGE)
        | {"plan": "<td>Done<", "activity": "Publish the landing data", "meeting": "— Done</li>"},
    ),
    "commitment progress noted": Change(
        _note_progress,
        before={},
        after=dict.fromkeys(["commitments", "commitment"], NOTED),
    ),
    "commitment's due date moved": Change(
        _move_due_date,
        before={"overview": "Due soon:"},
        after={},
    ),
    "commitment follower chosen": Change(
        _choose_follower,
        before={},
        after=dict.fromkeys(["commitments", "commitment"], f"<bdi>{FOLLOWER}</bdi>")
        | {"plan": f"<td>{FOLLOWER}", "activity": f"followed up by {FOLLOWER}"},
    ),
    "member role changed": Change(
        _promote_viewer,
        before={},
        reader="viewer",
        after={
            "register": "/stakeholders/new/",
            "checklist": 'form="checklist-actions"',
            "meetings": "/meetings/new/",
            "commitments": "/commitments/new/",
        },
    ),
    "dialogue renamed": Change(
        _rename_dialogue,
        before={},
        reader="org_member",
        after=dict.fromkeys(
            ["overview", "register", "checklist", "plan", "activity", "my dialogues"],
            "Lagoon futures",
        )
        | {"organisation": "Lagoon futures"},
    ),
    "stage moved": Change(
        _move_stage,
        before={},
        reader="org_member",
        after=dict.fromkeys(["overview", "checklist", "plan"], MOVED)
        | dict.fromkeys(["my dialogues", "organisation"], "Get Set!"),
    ),
    # The form to move the dialogue on is kept for each stage it moves from.
    "stage moved, as an editor reads it": Change(
        _move_stage,
        before={"checklist": FROM_STAGE.format("ready")},
        after={"checklist": (FROM_STAGE.format("get_set"), '<option value="ready">', MOVED)},
    ),
}


@pytest.mark.parametrize("name", CHANGES)
def test_every_page_shows_a_change_at_once(team, login, name):
    change = CHANGES[name]
    if change.setup:
        change.setup(team)
    client = login(team.users[change.reader])
    urls = {page: PAGES[page](team) for page in change.pages}
    for page, url in urls.items():
        first, second = client.get(url), client.get(url)  # the second is served from the cache
        assert first.status_code == second.status_code == 200, page
        html = second.content.decode()
        for shown in _each(change.before.get(page)):
            assert _shows(html, shown), f"{page} does not show {shown} before the change"
        for shown in _each(change.after.get(page)):
            assert not _shows(html, shown), f"{page} shows {shown} before the change"
    change.apply(team)
    for page, url in urls.items():
        html = client.get(url).content.decode()
        for shown in _each(change.before.get(page)):
            assert not _shows(html, shown), f"{page} is stale after: {name} ({shown})"
        for shown in _each(change.after.get(page)):
            assert _shows(html, shown), f"{page} is stale after: {name} ({shown})"


def _each(expected):
    """What a page is expected to show: none, one text or pattern, or a tuple of them."""
    if expected is None:
        return ()
    return expected if isinstance(expected, tuple) else (expected,)


def _shows(html, expected):
    return bool(expected.search(html)) if isinstance(expected, re.Pattern) else expected in html


CACHED = [
    "overview",
    "register",
    "grid",
    "checklist",
    "meetings",
    "meeting",
    "commitments",
    "commitment",
    "stakeholder",
    "activity",
]


@pytest.mark.parametrize("page", [*CACHED, "plan", "my dialogues"])
def test_a_cached_page_is_served_from_the_cache(team, login, page):
    """Without a change, a second visit reads less: the cache is really in use, so the
    freshness above comes from the keys, not from a cache that keeps nothing."""
    _add_stakeholder(team)
    client = login(team.users["viewer"])
    url = PAGES[page](team)
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm.captured_queries) < len(cold.captured_queries)


# What a change leaves alone: pages that do not show what it changed keep their cached parts,
# so a commitment's progress does not make the register be rendered again.
KEPT = {
    "stakeholder added": ["checklist", "meetings", "commitments"],
    "stakeholder's role title edited": [
        "overview",
        "grid",
        "checklist",
        "meetings",
        "meeting",
        "commitments",
    ],
    "checklist item ticked": ["register", "grid", "meetings", "meeting", "commitments"],
    "stakeholder moved on the grid": ["overview", "checklist", "meetings", "commitments"],
    "commitment progress": ["register", "grid", "checklist", "meetings"],
    "commitment progress noted": ["overview", "register", "grid", "checklist", "meetings"],
    "attendance recorded": ["register", "grid", "checklist", "commitments"],
}


@pytest.mark.parametrize("name", KEPT)
def test_a_change_leaves_the_pages_that_do_not_show_it_cached(team, login, name):
    client = login(team.users["owner"])
    urls = {page: PAGES[page](team) for page in KEPT[name]}
    warm = {}
    for page, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        warm[page] = len(queries.captured_queries)
    CHANGES[name].apply(team)
    for page, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries.captured_queries) == warm[page], f"{page} rendered again after {name}"


def test_every_cached_part_is_keyed_on_revisions():
    """A {% cache %} tag without a revision in its key would keep a part whatever changes."""
    templates = Path(dialogues.__file__).parent / "templates"
    tags = [
        key
        for path in templates.rglob("*.html")
        for key in re.findall(r"{% cache (.*?) %}", path.read_text())
    ]
    assert len(tags) >= 13
    for key in tags:
        # "listing" holds the revision of each dialogue listed ("My dialogues"). A form shows
        # only what its key holds: the language and what it starts from (a stage, a status
        # and today's date); for filters, the address and, on the register, the tags and
        # markers offered.
        if '-filters" ' in key:
            assert key.endswith('LANGUAGE_CODE request.get_full_path using="forms"'), key
        elif '-form" ' in key:
            assert re.search(r'(stage|status today|today|") LANGUAGE_CODE using="forms"$', key), key
        elif '-frame" ' in key:
            # A chart's frame (its areas, lines and scales) is drawn from the language alone.
            assert key.endswith('-frame" LANGUAGE_CODE using="forms"'), key
        else:
            assert "revision" in key or " listing " in key, key


def test_the_grid_frame_is_kept_per_language(team, login):
    """The chart's frame is kept apart from its marks, once per language: the Arabic chart is
    mirrored and labelled in Arabic even after the English one was kept."""
    client = login(team.users["owner"])
    url = PAGES["grid"](team)
    frame = re.compile(r'<rect x="(\d+)" y="\d+" width="\d+" height="\d+" fill="#e4eef7"/>')
    english = client.get(url).content.decode()
    arabic = client.get(url.replace("/en/", "/ar/", 1)).content.decode()
    # "Keep satisfied" (low interest) starts the chart in English and ends it in Arabic.
    assert int(frame.search(english)[1]) < int(frame.search(arabic)[1])
    with translation.override("ar"):
        keep_satisfied = str(Quadrant.KEEP_SATISFIED.label)
    assert f'font-weight="700" fill="#1d2125">{keep_satisfied}</text>' in arabic
    assert keep_satisfied not in english
    chart = re.compile(r"<svg .*?</svg>", re.S)
    assert chart.search(client.get(url).content.decode())[0] == chart.search(english)[0]


@pytest.mark.parametrize("page", ["overview", "checklist"])
def test_the_timeline_is_kept_while_items_are_ticked(team, login, page):
    """A page's timeline of stage moves is kept under the stage's revision: ticking an item
    renders the progress again, not the timeline, and a stage move shows on it at once."""
    client = login(team.users["owner"])
    url = PAGES[page](team)
    client.get(url)
    _tick_item(team)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert not [q for q in queries.captured_queries if "dialogues_stagetransition" in q["sql"]]
    assert "Started on" in html
    _move_stage(team)
    html = client.get(url).content.decode()
    assert "from Ready! to Get Set!" in html and "Started on" not in html


def test_a_toolkit_edit_shows_at_once_on_the_kept_parts_that_link_to_it(team, login):
    """Checklist guides and agenda methods link to the toolkit: the parts showing them are kept
    under the toolkit's version too, so a retitled or unpublished guide shows at once."""
    chapter = ChapterFactory(title_en="Mapping the fishers")
    tool = ToolFactory(title_en="Fishbowl")
    team.checklist_item.chapter = chapter
    team.checklist_item.save()
    factories.AgendaItemFactory(meeting=team.meeting, title="Open round", tool=tool)
    client = login(team.users["owner"])
    pages = {name: PAGES[name](team) for name in ("checklist", "overview", "meeting", "plan")}
    for name in ("checklist", "overview", "plan"):
        assert "Mapping the fishers" in client.get(pages[name]).content.decode(), name
    assert f'href="{tool.get_absolute_url()}"' in client.get(pages["meeting"]).content.decode()

    chapter.title_en = "Mapping who fishes"
    chapter.save()
    tool.published = False
    tool.save()
    for name in ("checklist", "overview", "plan"):
        html = client.get(pages[name]).content.decode()
        assert "Mapping who fishes" in html and "Mapping the fishers" not in html, name
    assert tool.get_absolute_url() not in client.get(pages["meeting"]).content.decode()


@pytest.mark.parametrize("page", ["register", "grid"])
def test_the_filters_offer_a_new_tag_at_once(team, login, page):
    """The filters' form is kept apart from the stakeholders it filters, under the tags and
    markers it offers."""
    client = login(team.users["owner"])
    url = PAGES[page](team)
    client.get(url)
    _edit_stakeholder(team, tags=["artisanal boats"])
    label = team.dialogue.labels.get(name="artisanal boats")
    option = f'<option value="{label.pk}">artisanal boats</option>'
    assert option in client.get(url).content.decode()


KEPT_FILTERS = {
    "register": (lambda w: _edit_stakeholder(w, name=RENAMED, influence=1), RENAMED),
    "grid": (lambda w: _edit_stakeholder(w, name=RENAMED, influence=1), RENAMED),
    "commitments": (_report_progress, DONE_BADGE),
}


@pytest.mark.parametrize("page", KEPT_FILTERS)
def test_a_change_to_the_list_keeps_its_filters(team, login, page):
    """A form of filters is the costliest part of its page to render, and a change to what
    the page lists leaves it as it was: only the list is rendered again."""
    change, shown = KEPT_FILTERS[page]
    client = login(team.users["owner"])
    url = PAGES[page](team)
    client.get(url)
    rendered = []
    record = lambda sender, template, **kwargs: rendered.append(template.name)  # noqa: E731
    template_rendered.connect(record)
    try:
        change(team)
        html = client.get(url).content.decode()
    finally:
        template_rendered.disconnect(record)
    assert shown in html and 'method="get"' in html
    assert "dialogues/includes/stakeholder_filters.html" not in rendered
    assert "django/forms/widgets/select.html" not in rendered


def test_a_refused_new_item_shows_its_errors_and_the_kept_form_stays_clean(team, login):
    client = login(team.users["owner"])
    url = PAGES["checklist"](team)
    client.get(url)
    response = client.post(
        url,
        {
            "stage_prefix": "ready",
            "ready-stage": "ready",
            "ready-title": "Call the mayor",
            "ready-due_date": "next spring",
        },
    )
    assert response.status_code == 400
    assert 'value="next spring"' in response.content.decode()
    assert "Enter a valid date." in response.content.decode()
    html = client.get(url).content.decode()
    assert "Enter a valid date." not in html and "next spring" not in html


def test_a_change_without_a_new_revision_would_be_stale(team, login):
    """A row changed behind the services' back (no revision moved) still shows as it was."""
    client = login(team.users["viewer"])
    url = PAGES["register"](team)
    assert STAKEHOLDER in client.get(url).content.decode()
    type(team.stakeholder).objects.filter(pk=team.stakeholder.pk).update(name="Hidden rename")
    assert STAKEHOLDER in client.get(url).content.decode()


def test_each_dialogue_role_and_language_gets_its_own(team, login):
    owner = login(team.users["owner"])
    url = PAGES["register"](team)
    add = reverse("dialogues:stakeholder-create", args=[team.dialogue.pk])
    assert add in owner.get(url).content.decode()
    viewer = login(team.users["viewer"])
    assert add not in viewer.get(url).content.decode()
    french = viewer.get(url.replace("/en/", "/fr/", 1)).content.decode()
    assert 'lang="fr"' in french and "Stakeholder register" not in french
    filtered = viewer.get(url + "?sector=media").content.decode()
    assert STAKEHOLDER not in filtered


def test_followed_up_by_me_is_kept_for_each_reader(team, login):
    """The same address lists other commitments for each reader."""
    _choose_follower(team)
    url = PAGES["commitments"](team) + "?mine=on"
    mine = "Publish the landing data"
    assert mine not in login(team.users["owner"]).get(url).content.decode()
    assert mine in login(team.users["facilitator"]).get(url).content.decode()


def test_the_activity_list_shows_recorded_reads_at_once(team, login):
    client = login(team.users["facilitator"])
    url = PAGES["activity"](team)
    label = str(Activity.Verb.VIEWED_CONTACTS.label)
    assert label not in client.get(url).content.decode()
    client.get(team.stakeholder.get_absolute_url() + "?contacts=show")
    assert label in client.get(url).content.decode()


def test_no_cached_fragment_holds_a_csrf_token_or_contact_details(team, login):
    client = login(team.users["owner"])
    for url in [PAGES[page](team) for page in PAGES]:
        client.get(url)
    client.get(team.stakeholder.get_absolute_url() + "?contacts=show")
    fragments = [
        pickle.loads(value)  # noqa: S301 (written by this test's own caches)
        for alias in ("default", "forms")
        for key, value in caches[alias]._cache.items()  # noqa: SLF001 (LocMemCache's store)
        if "template.cache" in key
    ]
    assert len(fragments) >= len(CACHED) + 2
    for html in fragments:
        assert "csrfmiddlewaretoken" not in html
        assert "secret@example.org" not in html


# Every GET page of the workspace (the permission matrix lists them all), and the same with
# the query strings that make a page show more.
WRITE_TO_DIALOGUE = re.compile(r'\s*(UPDATE|INSERT INTO|DELETE FROM) "dialogues_dialogue"\s', re.I)
GET_PAGES = sorted(name for name, row in MATRIX.items() if row.get is not None)


def test_no_read_writes_to_the_dialogue_row(world, login):
    pk = world.dialogue.pk
    stored = Dialogue.objects.values("revision", "updated", "version")
    before = stored.get(pk=pk)
    client = login(world.users["owner"])
    urls = [reverse(name, kwargs=MATRIX[name].kwargs(world)) for name in GET_PAGES]
    urls += [world.stakeholder.get_absolute_url() + "?contacts=show"]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code < 500, url
    writes = [q["sql"] for q in queries.captured_queries if WRITE_TO_DIALOGUE.match(q["sql"])]
    assert writes == []
    assert stored.get(pk=pk) == before
    assert len(urls) > 30


def test_the_meeting_page_reads_anonymous_feedback_and_a_refused_attendance_at_once(team, login):
    """Feedback answers move no revision (so that none can be dated), and a submitted attendance
    form with an error must show what was sent: both are read on every visit."""
    client = login(team.users["owner"])
    url = PAGES["meeting"](team)
    client.get(url)
    assert "0 answers so far" in client.get(url).content.decode()
    for score in (3, 4, 5):
        MeetingFeedback.objects.create(meeting=team.meeting, heard=score, fair=score)
    html = client.get(url).content.decode()
    assert 'Answers</dt><dd class="col-sm-7">3</dd>' in html
    other = factories.StakeholderFactory(dialogue=team.dialogue)  # not invited
    attendance = reverse(
        "dialogues:meeting-attendance",
        kwargs={"dialogue_pk": team.dialogue.pk, "pk": team.meeting.pk},
    )
    response = client.post(attendance, {"present": [other.pk]})
    assert response.status_code == 400
    assert "is not one of the available choices" in response.content.decode()


def test_a_new_name_given_in_the_admin_shows_on_the_kept_pages_that_name_the_person(team, login):
    """Names are shown on kept parts (who follows a commitment up); the admin changes them
    outside the services, so every dialogue that may name the person moves its revisions."""
    _choose_follower(team)
    client = login(team.users["owner"])
    urls = [PAGES[page](team) for page in ("commitments", "commitment", "plan")]
    for url in urls:
        client.get(url)
        assert FOLLOWER in client.get(url).content.decode(), url  # from the kept parts
    follower = team.users["facilitator"]
    follower.first_name = "Aminata"
    follower.save()  # as the admin saves an account
    for url in urls:
        html = client.get(url).content.decode()
        assert "Aminata" in html and FOLLOWER not in html, url


def test_signing_in_moves_no_revision(team, login):
    """Only a change to the name pages show moves revisions; a sign-in saves the account too
    (the time of the last sign-in) and must leave every kept part alone."""
    before = Dialogue.objects.values_list("revision", "commitments_revision").get(
        pk=team.dialogue.pk
    )
    login(team.users["facilitator"])
    team.users["facilitator"].save()  # saved whole, the name unchanged
    after = Dialogue.objects.values_list("revision", "commitments_revision").get(
        pk=team.dialogue.pk
    )
    assert after == before


@pytest.mark.parametrize(
    ("reader", "role"),
    [
        ("owner", "Owner"),
        ("facilitator", "Facilitator"),
        ("viewer", "Viewer"),
        ("org_member", "Viewer"),
    ],
)
def test_a_kept_page_reads_the_dialogue_and_the_readers_roles_in_one_query(
    team, login, reader, role
):
    client = login(team.users[reader])
    url = PAGES["register"](team)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert f"Your role: {role}</span>" in html
    reads = [q["sql"] for q in queries.captured_queries if "membership" in q["sql"]]
    assert len(reads) == 1 and 'FROM "dialogues_dialogue"' in reads[0]
    add = reverse("dialogues:stakeholder-create", args=[team.dialogue.pk])
    assert (add in html) == (role != "Viewer")
