"""Kept parts of workspace pages: as fast as a cache, never stale, never someone else's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Activity, Dialogue, Role
from dialogues.services.checklists import checklist_item_create
from dialogues.services.commitments import commitment_create
from dialogues.services.dialogues import dialogue_update
from dialogues.services.meetings import meeting_create
from dialogues.services.stakeholders import stakeholder_create

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keeping(settings):
    settings.WORKSPACE_FRAGMENT_SECONDS = 600


def register_url(dialogue, query=""):
    return reverse("dialogues:stakeholder-list", args=[dialogue.pk]) + query


def test_a_change_in_the_dialogue_shows_at_once(world, login):
    client = login(world.users["viewer"])
    url = register_url(world.dialogue)
    assert "Harbour cooperative" not in client.get(url).content.decode()
    revision = Dialogue.objects.get(pk=world.dialogue.pk).revision
    stakeholder_create(
        dialogue=world.dialogue,
        user=world.users["owner"],
        fields={"name": "Harbour cooperative", "sector": "private", "influence": 3, "interest": 4},
    )
    assert Dialogue.objects.get(pk=world.dialogue.pk).revision == revision + 1
    assert "Harbour cooperative" in client.get(url).content.decode()


def test_a_kept_register_skips_its_rows(world, login):
    client = login(world.users["viewer"])
    url = register_url(world.dialogue)
    for n in range(5):
        factories.StakeholderFactory(dialogue=world.dialogue, name=f"Fisher {n}")
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cold:
        client.get(url + "?sort=-name")
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url + "?sort=-name").content.decode()
    # The rows and their labels are not read again (the counts around them still are).
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert not any("dialogues_label" in q["sql"] and "INNER JOIN" in q["sql"] for q in warm)
    assert again.index("Fisher 4") < again.index("Fisher 0")
    assert first.index("Fisher 0") < first.index("Fisher 4")


def test_each_dialogue_role_and_language_gets_its_own(world, login):
    other = factories.DialogueFactory(organisation=world.dialogue.organisation)
    factories.DialogueMembershipFactory(dialogue=other, user=world.users["owner"], role=Role.OWNER)
    factories.StakeholderFactory(dialogue=world.dialogue, name="Only in the first")
    factories.StakeholderFactory(dialogue=other, name="Only in the second")
    owner = login(world.users["owner"])
    first = owner.get(register_url(world.dialogue)).content.decode()
    second = owner.get(register_url(other)).content.decode()
    assert "Only in the first" in first and "Only in the second" not in first
    assert "Only in the second" in second and "Only in the first" not in second
    # The owner's page has the edit buttons; the viewer's, kept after it, does not.
    add = reverse("dialogues:stakeholder-create", args=[world.dialogue.pk])
    assert add in first
    viewer = login(world.users["viewer"])
    assert add not in viewer.get(register_url(world.dialogue)).content.decode()
    french = owner.get(register_url(world.dialogue).replace("/en/", "/fr/", 1)).content.decode()
    assert 'lang="fr"' in french and "Stakeholder register" not in french


def test_a_part_with_a_csrf_token_is_never_kept(rf):
    from django.template import engines

    engine = engines["django"]
    template = engine.from_string(
        '{% load workspace_cache %}{% kept "form" %}<form method="post">{% csrf_token %}'
        "</form>{% endkept %}"
    )
    first_request, second_request = rf.get("/"), rf.get("/")
    first = template.render({"fragment_key": "same"}, first_request)
    second = template.render({"fragment_key": "same"}, second_request)
    assert "csrfmiddlewaretoken" in first and "csrfmiddlewaretoken" in second
    token = lambda html: html.split('value="')[1].split('"')[0]  # noqa: E731
    assert token(first) != token(second)


def _add_stakeholder(world, name):
    return stakeholder_create(
        dialogue=world.dialogue,
        user=world.users["owner"],
        fields={"name": name, "sector": "media", "influence": 4, "interest": 2},
    )


def _add_checklist_item(world, name):
    checklist_item_create(
        dialogue=world.dialogue, user=world.users["owner"], stage=world.dialogue.stage, title=name
    )


def _add_meeting(world, name):
    meeting_create(
        dialogue=world.dialogue,
        user=world.users["owner"],
        fields={"title": name, "starts_at": timezone.now() + timedelta(days=3)},
    )


def _add_commitment(world, name):
    commitment_create(
        dialogue=world.dialogue,
        user=world.users["owner"],
        fields={"description": name, "due_date": timezone.localdate() + timedelta(days=2)},
        stakeholders=[world.stakeholder],
    )


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("dialogue-detail", _add_commitment),
        ("stakeholder-list", _add_stakeholder),
        ("stakeholder-grid", _add_stakeholder),
        ("checklist", _add_checklist_item),
        ("meeting-list", _add_meeting),
        ("commitment-list", _add_commitment),
        ("activity", _add_meeting),
        ("plan-print", _add_stakeholder),
    ],
)
def test_every_kept_page_shows_a_change_at_once(world, login, name, change):
    client = login(world.users["viewer"])
    url = reverse(f"dialogues:{name}", args=[world.dialogue.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        before = client.get(url).content.decode()
    assert "Sea-level newsroom" not in before
    change(world, "Sea-level newsroom")
    with CaptureQueriesContext(connection) as changed:
        after = client.get(url).content.decode()
    assert "Sea-level newsroom" in after
    # Kept: the second visit read less than the visit after the change.
    assert len(warm.captured_queries) < len(changed.captured_queries)


def test_my_dialogues_keeps_its_cards_until_a_dialogue_changes(world, login):
    client = login(world.users["viewer"])
    home = reverse("dialogues:home")
    assert world.dialogue.title in client.get(home).content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get(home)
    assert not any("dialogues_checklistitem" in q["sql"] for q in warm.captured_queries)
    world.dialogue.title = "Coastal fisheries, renamed"
    dialogue_update(
        dialogue=world.dialogue,
        user=world.users["owner"],
        version=world.dialogue.version,
        fields=["title"],
    )
    assert "Coastal fisheries, renamed" in client.get(home).content.decode()


def _show_contacts(client, world):
    page = client.get(world.stakeholder.get_absolute_url() + "?contacts=show")
    assert "secret@example.org" in page.content.decode()


def test_recorded_reads_leave_the_dialogue_row_alone(world, login):
    """Showing contact details and exporting are logged, but write nothing to the dialogue's
    row: its revision and last change stay, so its kept pages stay kept."""
    pk = world.dialogue.pk
    stored = Dialogue.objects.values("revision", "updated")
    before = stored.get(pk=pk)
    owner = login(world.users["owner"])
    _show_contacts(owner, world)
    exports = [
        owner.post(
            reverse("dialogues:stakeholder-export", args=[pk]),
            {"format": "csv", "columns": ["name", "email"]},
        ),
        owner.get(reverse("dialogues:commitment-export-csv", args=[pk])),
        owner.get(reverse("dialogues:dialogue-export-json", args=[pk])),
    ]
    for response in exports:
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body
    reads = Activity.objects.filter(dialogue_id=pk, verb__in=Activity.READ_VERBS)
    assert sorted(reads.values_list("verb", flat=True)) == [
        *[Activity.Verb.EXPORTED] * 3,
        Activity.Verb.VIEWED_CONTACTS,
    ]
    assert stored.get(pk=pk) == before
    # A change to the content still moves the revision.
    _add_stakeholder(world, "Harbour cooperative")
    assert stored.get(pk=pk)["revision"] == before["revision"] + 1


def test_the_kept_activity_list_shows_recorded_reads_at_once(world, login):
    client = login(world.users["facilitator"])
    url = reverse("dialogues:activity", args=[world.dialogue.pk])
    label = str(Activity.Verb.VIEWED_CONTACTS.label)
    assert label not in client.get(url).content.decode()
    _show_contacts(client, world)
    assert label in client.get(url).content.decode()
