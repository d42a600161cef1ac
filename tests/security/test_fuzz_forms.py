"""Property-based tests: whatever is typed into any form of the workspace, the site answers
with a clear error or a clean save, never a server error, and a refused submission changes
nothing that was stored.

The forms are found, not listed: every page of the permission matrix is opened as an
organisation admin (who owns every dialogue of the organisation), and each POST form on it is
filled with arbitrary text, numbers, dates and Unicode — Arabic, right-to-left overrides,
emoji, NUL characters, 10,000-character strings — and with choices both offered and not, and
sent.
"""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogues.models import Dialogue, OrganisationRole
from dialogues.portability.create import import_dialogue
from dialogues.portability.export import export_dialogue
from tests.dialogues.factories import OrganisationMembershipFactory
from tests.dialogues.test_permissions import MATRIX
from tests.fuzzing import (
    ERROR_MARKS,
    FUZZ,
    NASTY,
    TEXT,
    draw_submission,
    forms_on,
    rolled_back,
)


def snapshot():
    """Every stored row of the workspace, to prove a refused submission changed nothing."""
    models = [*apps.get_app_config("dialogues").get_models()]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def org_admin(world):
    """An organisation admin: owner of every dialogue of the organisation, and its manager."""
    return OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    ).user


_HOSTS = {}


def host_pages(client, world):
    """{url name a form posts to: url name of the page showing it}, for every POST form with
    something to fill in (text, a choice, a box, a file). Crawled once per test process: names
    do not change between tests."""
    if not _HOSTS:
        for name, row in MATRIX.items():
            if row.get is None or row.setup is not None:
                continue
            page = reverse(name, kwargs=row.kwargs(world)) + row.query
            for form in forms_on(client, page):
                fillable = [f for f in form["fields"].values() if f["type"] != "hidden"]
                if fillable and "/dialogues/" in form["action"]:
                    _HOSTS.setdefault(resolve(form["action"]).view_name, name)
    return _HOSTS


def page_url(name, world):
    return reverse(name, kwargs=MATRIX[name].kwargs(world)) + MATRIX[name].query


POSTED = [name for name, row in MATRIX.items() if row.post is not None and row.setup is None]


@pytest.mark.django_db
def test_the_crawl_finds_the_main_forms(world, org_admin, client):
    client.force_login(org_admin)
    hosts = host_pages(client, world)
    for name in (
        "dialogues:dialogue-update",
        "dialogues:organisation-update",
        "dialogues:members",
        "dialogues:dialogue-import-json",
    ):
        assert name in hosts, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", POSTED)
def test_any_input_to_any_form_gives_a_clear_answer_never_a_crash(world, org_admin, client, name):
    client.force_login(org_admin)
    hosts = host_pages(client, world)
    if name not in hosts:
        pytest.skip("no form with fields to fill in posts to this address")
    action = reverse(name, kwargs=MATRIX[name].kwargs(world))
    page = page_url(hosts[name], world)
    forms = [f for f in forms_on(client, page) if f["action"] == action]
    assert forms, f"the form posting to {action} left {page}"
    form = forms[0]

    @FUZZ
    @given(data=st.data())
    def submit_anything(data):
        # Every example starts from the world as built, so the form read above (and its hidden
        # version field) stays true, and Hypothesis can replay and shrink any example.
        with rolled_back():
            submission = draw_submission(data, form)
            before = snapshot()
            response = client.post(action, submission)
            assert response.status_code in (200, 302, 400, 409), response.status_code
            # A refusal answers 400 (409 for a stale version); a save redirects, or, on a page
            # reached by a link without signing in, says so with a 200.
            if response.status_code in (400, 409):
                html = response.content.decode()
                assert any(mark in html for mark in ERROR_MARKS), "refused without saying why"
                assert snapshot() == before, "a refused submission changed stored data"

    submit_anything()


# --- The dialogue file import, fed broken versions of a real export -------------------------

JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(NASTY),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=50),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


@pytest.mark.django_db
def test_a_damaged_dialogue_file_is_imported_whole_or_refused_with_messages(world):
    exported = export_dialogue(world.dialogue)
    world.meeting.invited.add(world.stakeholder)
    paths = [path for path in _paths(exported) if path]

    @FUZZ
    @given(path=st.sampled_from(paths), value=JSON_VALUES)
    def import_damaged(path, value):
        data = json.loads(json.dumps(exported))
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with rolled_back():
            before = Dialogue.objects.count()
            try:
                dialogue = import_dialogue(
                    data, organisation=world.organisation, user=world.users["owner"]
                )
            except ValidationError as error:
                assert error.messages and all(isinstance(m, str) and m for m in error.messages)
                assert Dialogue.objects.count() == before
            else:
                assert Dialogue.objects.count() == before + 1
                assert dialogue.memberships.get().user == world.users["owner"]

    import_damaged()


# --- The spreadsheet import's column mapping, reached only with a file uploaded --------------


@pytest.mark.django_db
def test_any_column_mapping_gives_a_clear_answer_never_a_crash(world, client):
    from dialogues.portability.spreadsheet_import import IMPORT_FIELDS

    client.force_login(world.users["facilitator"])
    kwargs = {"dialogue_pk": world.dialogue.pk}
    upload = SimpleUploadedFile("people.csv", b"Name,Organisation,Sector,Notes\nA,B,media,C\n")
    client.post(reverse("dialogues:stakeholder-import", kwargs=kwargs), {"file": upload})
    mapping = reverse("dialogues:stakeholder-import-map", kwargs=kwargs)
    # Often the same few fields, so that two columns fill one field.
    choice = st.one_of(
        st.sampled_from(["", "name", "sector"]), st.sampled_from(IMPORT_FIELDS), TEXT
    )

    @FUZZ
    @given(columns=st.lists(choice, min_size=0, max_size=5))
    def map_anything(columns):
        with rolled_back():
            data = {f"column_{index}": value for index, value in enumerate(columns)}
            response = client.post(mapping, data)
            assert response.status_code in (302, 400), response.status_code
            if response.status_code == 400:
                html = response.content.decode()
                assert any(mark in html for mark in ERROR_MARKS), "refused without saying why"

    map_anything()


@pytest.mark.django_db
def test_any_answer_to_the_import_preview_imports_all_or_nothing(world, client):
    from dialogues.models import Stakeholder

    client.force_login(world.users["facilitator"])
    kwargs = {"dialogue_pk": world.dialogue.pk}
    rows = b"Name,Sector\nAminata,media\nAminata,media\nBad sector,aliens\nOusmane,government\n"

    @FUZZ
    @given(
        fix_the_bad_row=st.booleans(),
        duplicates=st.one_of(st.sampled_from(["", "skip", "import"]), TEXT),
        action=st.one_of(st.sampled_from(["", "confirm", "cancel"]), TEXT),
    )
    def answer_anything(fix_the_bad_row, duplicates, action):
        with rolled_back():
            content = rows.replace(b"aliens", b"academia") if fix_the_bad_row else rows
            upload = SimpleUploadedFile("people.csv", content)
            client.post(reverse("dialogues:stakeholder-import", kwargs=kwargs), {"file": upload})
            client.post(
                reverse("dialogues:stakeholder-import-map", kwargs=kwargs),
                {"column_0": "name", "column_1": "sector"},
            )
            before = Stakeholder.objects.filter(dialogue=world.dialogue).count()
            response = client.post(
                reverse("dialogues:stakeholder-import-preview", kwargs=kwargs),
                {"duplicates": duplicates, "action": action},
            )
            added = Stakeholder.objects.filter(dialogue=world.dialogue).count() - before
            assert response.status_code in (302, 400), response.status_code
            if response.status_code == 400:
                html = response.content.decode()
                assert any(mark in html for mark in ERROR_MARKS), "refused without saying why"
                assert added == 0
            elif action == "cancel":
                assert added == 0
            else:
                # Saved: every good row, the second Aminata only when asked for.
                assert fix_the_bad_row
                assert added == (4 if duplicates == "import" else 3)

    answer_anything()


# --- The pages stakeholders reach by a link, without an account -------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", ["meeting_reply", "feedback", "commitment"])
def test_any_answer_through_a_stakeholders_link_gives_a_clear_answer_never_a_crash(
    world, client, purpose
):
    from dialogues.models import StakeholderLink
    from dialogues.services.outreach import stakeholder_link_create

    stakeholder, meeting, commitment = world.stakeholder, world.meeting, world.commitment
    meeting.invited.add(stakeholder)
    meeting.attended.add(stakeholder)
    commitment.stakeholders.add(stakeholder)
    commitment.holder = stakeholder
    commitment.save()
    _link, token = stakeholder_link_create(
        stakeholder=stakeholder,
        purpose=StakeholderLink.Purpose(purpose),
        meeting=meeting if purpose in ("meeting_reply", "feedback") else None,
        commitment=commitment if purpose == "commitment" else None,
    )
    page = reverse("dialogues:stakeholder-link", kwargs={"token": token})
    forms = [form for form in forms_on(client, page) if form["fields"]]
    assert forms, f"no form on the {purpose} page"

    @FUZZ
    @given(data=st.data())
    def answer_anything(data):
        with rolled_back():
            form = data.draw(st.sampled_from(forms), label="form")
            submission = draw_submission(data, form)
            before = snapshot()
            response = client.post(form["action"], submission)
            assert response.status_code in (200, 302, 400, 404, 410), response.status_code
            if response.status_code == 400:
                html = response.content.decode()
                assert any(mark in html for mark in ERROR_MARKS), "refused without saying why"
                assert snapshot() == before, "a refused answer changed stored data"

    answer_anything()


# --- Addresses: whatever a link or a hand-edited address puts in the query string ------------

QUERY_KEYS = (
    # The register's and the grid's filters, the commitments' filters, paging and the rest.
    *("q", "sector", "status", "stance", "quadrant", "label", "influence", "interest", "sort"),
    *("stakeholder", "overdue", "mine", "page", "stage", "to", "meeting", "archived", "contacts"),
)
QUERIED = [
    name
    for name, row in MATRIX.items()
    if row.get is not None and row.setup is None and "<" not in name
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", QUERIED)
def test_any_query_string_gives_a_page_never_a_crash(world, org_admin, client, name):
    client.force_login(org_admin)
    path = reverse(name, kwargs=MATRIX[name].kwargs(world))

    # Fewer examples per page than for a form: a page reads a few of these keys at most.
    @settings(FUZZ, max_examples=10)
    @given(query=st.dictionaries(st.sampled_from(QUERY_KEYS), TEXT, max_size=4))
    def open_with(query):
        with rolled_back():
            response = client.get(path, query)
            assert response.status_code < 500, response.status_code

    open_with()
