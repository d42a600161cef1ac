"""An owner takes a whole dialogue to another organisation as a file, and erases one person."""

import json
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.models import (
    Activity,
    AgendaItem,
    ChecklistTemplateItem,
    CommitmentStatus,
    CommitmentUpdate,
    Dialogue,
    DialogueMembership,
    Interaction,
    Label,
    OrganisationRole,
    Role,
    Stage,
    StageTransition,
    Stakeholder,
)
from dialogues.portability.create import import_dialogue
from dialogues.portability.export import export_dialogue
from dialogues.portability.validate import MAX_ERRORS
from dialogues.services.dialogues import dialogue_archive
from dialogues.services.stakeholders import stakeholder_contacts_viewed, stakeholder_erase
from tests.content.factories import ChapterFactory, ToolFactory

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(world):
    """The world's dialogue with something in every part of the workspace."""
    dialogue, facilitator = world.dialogue, world.users["facilitator"]
    dialogue.goals = "Agree on a shared fishing calendar.\nوقف الصيد الجائر"
    dialogue.start_date = date(2026, 3, 1)
    dialogue.languages = ["fr", "ar"]
    dialogue.stage = Stage.GO
    dialogue.save()
    tag = Label.objects.create(dialogue=dialogue, kind=Label.Kind.TAG, name="fishers")
    women = Label.objects.create(dialogue=dialogue, kind=Label.Kind.INCLUSION, name="women-led")
    amina = factories.StakeholderFactory(
        dialogue=dialogue,
        name="Amina Diallo",
        kind=Stakeholder.Kind.PERSON,
        organisation="Women fish processors of Joal",
        email="amina@example.org",
        phone="+221 77 000 00 00",
        consent_date=date(2026, 2, 2),
        consent_method="verbally, first meeting",
        notes="Prefers WhatsApp.",
        status="confirmed",
        created_by=facilitator,
    )
    amina.labels.set([tag, women])
    Interaction.objects.create(
        stakeholder=amina,
        date=date(2026, 2, 3),
        kind="call",
        note="Agreed to come.",
        recorded_by=facilitator,
    )
    ministry = world.stakeholder
    ministry.labels.set([tag])
    template = ChecklistTemplateItem.objects.create(
        stage=Stage.READY, key="state-the-challenge", title="State the challenge"
    )
    chapter, tool = ChapterFactory(slug="stakeholders"), ToolFactory(slug="world-cafe")
    factories.ChecklistItemFactory(
        dialogue=dialogue, stage=Stage.READY, title="", template=template, order=1
    )
    factories.ChecklistItemFactory(
        dialogue=dialogue,
        stage=Stage.GET_SET,
        title="Book an accessible venue",
        note="Ground floor",
        assignee=facilitator,
        due_date=date(2026, 4, 1),
        done_at=timezone.now(),
        done_by=facilitator,
        chapter=chapter,
        tool=tool,
    )
    StageTransition.objects.create(
        dialogue=dialogue,
        from_stage=Stage.READY,
        to_stage=Stage.GET_SET,
        note="ready",
        user=facilitator,
    )
    StageTransition.objects.create(
        dialogue=dialogue, from_stage=Stage.GET_SET, to_stage=Stage.GO, user=facilitator
    )
    meeting = world.meeting
    meeting.place, meeting.timezone, meeting.minutes = "Joal town hall", "Africa/Dakar", "Notes"
    meeting.save()
    meeting.invited.set([amina, ministry])
    meeting.attended.set([amina])
    AgendaItem.objects.create(meeting=meeting, order=1, title="Ground rules", duration_minutes=15)
    AgendaItem.objects.create(meeting=meeting, order=2, title="World café", tool=tool)
    commitment = world.commitment
    commitment.meeting, commitment.due_date = meeting, date(2026, 6, 30)
    commitment.resources, commitment.status = "Two boats", CommitmentStatus.IN_PROGRESS
    commitment.save()
    commitment.stakeholders.set([amina, ministry])
    CommitmentUpdate.objects.create(
        commitment=commitment, status=CommitmentStatus.AGREED, note="Signed", author=facilitator
    )
    return world


@pytest.fixture
def elsewhere(world):
    """Another organisation where the owner is admin and the facilitator a member."""
    organisation = factories.OrganisationFactory(name="Réseau des femmes de la côte")
    factories.OrganisationMembershipFactory(
        organisation=organisation, user=world.users["owner"], role=OrganisationRole.ADMIN
    )
    factories.OrganisationMembershipFactory(
        organisation=organisation, user=world.users["facilitator"]
    )
    return organisation


def _by_position(data):
    """The export with ids replaced by positions, so two exports can be compared."""
    data = json.loads(json.dumps(data))
    data.pop("exported_at")
    maps = {}
    for key in ("labels", "stakeholders", "meetings"):
        maps[key] = {entry["id"]: n for n, entry in enumerate(data[key])}
        for entry in data[key]:
            entry["id"] = maps[key][entry["id"]]
    for stakeholder in data["stakeholders"]:
        stakeholder["labels"] = sorted(maps["labels"][ref] for ref in stakeholder["labels"])
    for meeting in data["meetings"]:
        for key in ("invited", "attended"):
            meeting[key] = sorted(maps["stakeholders"][ref] for ref in meeting[key])
    for commitment in data["commitments"]:
        commitment["stakeholders"] = sorted(
            maps["stakeholders"][ref] for ref in commitment["stakeholders"]
        )
        if commitment["meeting"] is not None:
            commitment["meeting"] = maps["meetings"][commitment["meeting"]]
    return data


def test_owner_exports_and_imports_the_dialogue_elsewhere_with_everything_in_it(
    rich, elsewhere, login
):
    owner = rich.users["owner"]
    client = login(owner)
    response = client.get(
        reverse("dialogues:dialogue-export-json", kwargs={"dialogue_pk": rich.dialogue.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="fisheries-dialogue')
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    exported = json.loads(content)
    # The streamed file holds exactly what export_dialogue reads.
    assert {k: v for k, v in exported.items() if k != "exported_at"} == {
        k: v for k, v in export_dialogue(rich.dialogue).items() if k != "exported_at"
    }
    assert exported["format"] == "dialogue-toolkit/dialogue"
    assert exported["version"] == 1
    assert Activity.objects.filter(dialogue=rich.dialogue, verb=Activity.Verb.EXPORTED).exists()

    upload = SimpleUploadedFile("dialogue.json", content, "application/json")
    response = client.post(
        reverse("dialogues:dialogue-import-json", kwargs={"organisation_pk": elsewhere.pk}),
        {"file": upload},
    )
    assert response.status_code == 302
    copy = Dialogue.objects.exclude(pk=rich.dialogue.pk).get(organisation=elsewhere)
    assert response["Location"] == copy.get_absolute_url()
    assert DialogueMembership.objects.get(dialogue=copy).user == owner
    assert DialogueMembership.objects.get(dialogue=copy).role == Role.OWNER

    again = export_dialogue(copy)
    assert _by_position(again) == _by_position(exported)
    # Spot checks of what the comparison covers, read straight from the database.
    amina = copy.stakeholders.get(name="Amina Diallo")
    assert amina.email == "amina@example.org"
    assert sorted(amina.labels.values_list("name", flat=True)) == ["fishers", "women-led"]
    assert amina.interactions.get().recorded_by == rich.users["facilitator"]
    done = copy.checklist_items.get(title="Book an accessible venue")
    assert done.assignee == rich.users["facilitator"] and done.is_done
    assert done.chapter.slug == "stakeholders" and done.tool.slug == "world-cafe"
    assert copy.checklist_items.get(template__key="state-the-challenge").display_title
    assert copy.transitions.count() == 2
    meeting = copy.meetings.get()
    assert list(meeting.attended.all()) == [amina]
    assert meeting.invited.count() == 2
    assert [a.title for a in meeting.agenda_items.all()] == ["Ground rules", "World café"]
    commitment = copy.commitments.get()
    assert commitment.meeting == meeting
    assert commitment.updates.get().note == "Signed"
    assert copy.activities.filter(verb=Activity.Verb.IMPORTED).exists()


def test_people_who_are_not_members_of_the_receiving_organisation_are_not_linked(rich, login):
    organisation = factories.OrganisationFactory()
    importer = factories.OrganisationMembershipFactory(organisation=organisation).user
    copy = import_dialogue(export_dialogue(rich.dialogue), organisation=organisation, user=importer)
    item = copy.checklist_items.get(title="Book an accessible venue")
    assert item.assignee is None and item.done_by is None and item.is_done
    assert copy.transitions.filter(user__isnull=False).count() == 0


def test_a_template_unknown_here_keeps_the_words_the_team_saw(rich):
    data = export_dialogue(rich.dialogue)
    ChecklistTemplateItem.objects.all().delete()
    copy = import_dialogue(data, organisation=rich.organisation, user=rich.users["owner"])
    assert copy.checklist_items.filter(title="State the challenge").exists()


def test_export_needs_a_fixed_number_of_queries(rich, django_assert_max_num_queries):
    for n in range(30):
        stakeholder = factories.StakeholderFactory(dialogue=rich.dialogue)
        Interaction.objects.create(stakeholder=stakeholder, note=f"n{n}")
        meeting = factories.MeetingFactory(dialogue=rich.dialogue)
        meeting.invited.add(stakeholder)
        factories.CommitmentFactory(dialogue=rich.dialogue).stakeholders.add(stakeholder)
    with django_assert_max_num_queries(16):
        data = export_dialogue(rich.dialogue)
    assert len(data["stakeholders"]) == 32


def _import(client, organisation, content, name="dialogue.json"):
    upload = SimpleUploadedFile(name, content, "application/json")
    return client.post(
        reverse("dialogues:dialogue-import-json", kwargs={"organisation_pk": organisation.pk}),
        {"file": upload},
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not json at all", "dialogue.json", "it is not valid JSON"),
        (b"\xff\xfe\x00garbage", "dialogue.json", "it is not valid JSON"),
        (b"[" * 100_000, "dialogue.json", "it is not valid JSON"),
        (b'{"format": "something else"}', "dialogue.json", "is not a dialogue exported"),
        (b"name,sector\nA,government\n", "stakeholders.csv", "Choose a .json file"),
        (
            b'{"format": "dialogue-toolkit/dialogue", "version": 99}',
            "dialogue.json",
            "newer version of Dialogue Toolkit",
        ),
    ],
)
def test_files_that_are_not_dialogue_exports_are_refused_clearly(
    world, login, content, name, message
):
    before = Dialogue.objects.count()
    response = _import(login(world.users["org_member"]), world.organisation, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert Dialogue.objects.count() == before


def test_bad_values_are_listed_with_where_they_are_and_nothing_is_stored(rich, login):
    data = export_dialogue(rich.dialogue)
    data["dialogue"]["title"] = "x" * 201
    data["stakeholders"][0]["sector"] = "aliens"
    data["stakeholders"][1]["influence"] = 9
    data["stakeholders"][1]["notes"] = "NUL\x00here"
    data["meetings"][0]["timezone"] = "Mars/Olympus"
    data["commitments"][0]["stakeholders"] = [123456]
    before = (Dialogue.objects.count(), Stakeholder.objects.count())
    response = _import(
        login(rich.users["org_member"]), rich.organisation, json.dumps(data).encode()
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "null character" in html  # the NUL is refused before anything else
    data["stakeholders"][1]["notes"] = ""
    response = _import(
        login(rich.users["org_member"]), rich.organisation, json.dumps(data).encode()
    )
    html = response.content.decode()
    assert "Dialogue: Title: Ensure this value has at most 200 characters" in html
    assert "Stakeholder 1: Sector: Select a valid choice." in html
    assert "Stakeholder 2: Influence: Ensure this value is less than or equal to 5." in html
    assert "Meeting 1: Choose a time zone from the list." in html
    assert "Commitment 1: “stakeholders” refers to ids that are not in the file: 123456." in html
    assert (Dialogue.objects.count(), Stakeholder.objects.count()) == before


def _wrong_shape(data, change):
    first, second = data["stakeholders"][0], data["stakeholders"][1]
    if change == "entry":
        data["stakeholders"][0] = "Amina Diallo"
    elif change == "type":
        first["name"] = {"first": "Amina"}
    elif change == "list":
        data["meetings"] = {"1": data["meetings"][0]}
    elif change == "ids":
        data["meetings"][0]["invited"] = "everyone"
    elif change == "no id":
        del first["id"]
    elif change == "same id":
        second["id"] = first["id"]
    elif change == "many":
        for stakeholder in data["stakeholders"]:
            stakeholder["sector"] = "aliens"
        data["stakeholders"] += [
            {**first, "id": 10_000 + number, "sector": "aliens"} for number in range(MAX_ERRORS)
        ]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("entry", "Stakeholder 1: expected an object with fields."),
        ("type", "Stakeholder 1: Name: wrong type."),
        ("list", "“meetings” must be a list."),
        ("ids", "Meeting 1: “invited” must be a list of ids."),
        ("no id", "Stakeholder 1: every entry needs a whole-number “id”."),
        ("same id", "Stakeholder 2: the id {id} is used twice."),
        ("many", "more problems."),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_where_and_nothing_is_stored(
    rich, login, change, message
):
    data = export_dialogue(rich.dialogue)
    message = message.format(id=data["stakeholders"][0]["id"])
    data = _wrong_shape(data, change)
    before = (Dialogue.objects.count(), Stakeholder.objects.count())
    response = _import(
        login(rich.users["org_member"]), rich.organisation, json.dumps(data).encode()
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert message in html
    assert (Dialogue.objects.count(), Stakeholder.objects.count()) == before


def test_messages_are_in_the_users_language(world, login):
    client = login(world.users["org_member"])
    response = client.post(
        f"/fr/dialogues/organisations/{world.organisation.pk}/import/",
        {"file": SimpleUploadedFile("d.json", b"{", "application/json")},
    )
    assert response.status_code == 400
    assert "JSON valide" in response.content.decode()


def test_files_over_ten_megabytes_are_refused(world, login):
    big = b'{"format": "dialogue-toolkit/dialogue", "pad": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = _import(login(world.users["org_member"]), world.organisation, big)
    assert response.status_code == 400
    assert "a dialogue file may be 10 MB at most" in response.content.decode()


def test_the_size_limit_is_the_one_configured(rich, login, settings):
    """One limit, from settings, for the upload handler and the message in every language."""
    settings.DIALOGUE_FILE_MAX_BYTES = 1024 * 1024
    content = json.dumps(export_dialogue(rich.dialogue)).encode() + b" " * (1024 * 1024)
    before = Dialogue.objects.count()
    client = login(rich.users["org_member"])
    response = _import(client, rich.organisation, content)
    assert response.status_code == 400
    assert "a dialogue file may be 1 MB at most" in response.content.decode()
    assert "“Export the whole dialogue”, 1 MB at most." in response.content.decode()
    with translation.override("fr"):
        response = _import(client, rich.organisation, content)
    assert "ne peut pas dépasser 1 Mo" in response.content.decode()
    assert Dialogue.objects.count() == before

    settings.DIALOGUE_FILE_MAX_BYTES = 2 * 1024 * 1024
    assert _import(client, rich.organisation, content).status_code == 302
    assert Dialogue.objects.count() == before + 1


@pytest.mark.parametrize("role", ["viewer", "facilitator", "org_member"])
def test_only_owners_export_the_whole_dialogue(world, login, role):
    response = login(world.users[role]).get(
        reverse("dialogues:dialogue-export-json", kwargs={"dialogue_pk": world.dialogue.pk})
    )
    assert response.status_code == 403


def test_owners_can_export_an_archived_dialogue(world, login):
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"])
    response = login(world.users["owner"]).get(
        reverse("dialogues:dialogue-export-json", kwargs={"dialogue_pk": world.dialogue.pk})
    )
    assert response.status_code == 200


# --- Erasing one stakeholder ----------------------------------------------------------------


def test_owner_erases_a_stakeholders_personal_data_and_statistics_stay(rich, login):
    amina = rich.dialogue.stakeholders.get(name="Amina Diallo")
    stakeholder_contacts_viewed(stakeholder=amina, user=rich.users["facilitator"])
    client = login(rich.users["owner"])
    url = reverse(
        "dialogues:stakeholder-erase", kwargs={"dialogue_pk": rich.dialogue.pk, "pk": amina.pk}
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Amina Diallo" in page.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    amina.refresh_from_db()
    assert amina.name == f"Erased stakeholder #{amina.pk}"
    assert (amina.organisation, amina.role_title, amina.email, amina.phone) == ("", "", "", "")
    assert (amina.consent_date, amina.consent_method, amina.notes) == (None, "", "")
    assert amina.erased_at is not None
    assert not amina.labels.exists()
    assert amina.interactions.get().note == ""
    assert amina.interactions.get().date == date(2026, 2, 3)
    # What counts in statistics is kept.
    assert (amina.sector, amina.influence, amina.interest, amina.status) == (
        "government",
        4,
        3,
        "confirmed",
    )
    assert amina.meetings_attended.exists() and amina.commitments.exists()
    # The feed no longer names her, and says who erased.
    feed = Activity.objects.filter(dialogue=rich.dialogue)
    assert not feed.filter(target_label__contains="Amina").exists()
    erased = feed.get(verb=Activity.Verb.ERASED)
    assert erased.actor == rich.users["owner"]
    detail = client.get(amina.get_absolute_url()).content.decode()
    assert "Amina" not in detail and "amina@example.org" not in detail
    # The erase page, opened again, says it is done and offers no second erasure.
    again = client.get(url).content.decode()
    assert "personal data was erased on" in again
    assert 'method="post"' not in again.split("<main", 1)[1]


def test_the_confirmation_page_points_at_text_that_still_names_the_person(rich, login):
    amina = rich.dialogue.stakeholders.get(name="Amina Diallo")
    rich.meeting.minutes = "Amina Diallo asked for a later start."
    rich.meeting.save()
    page = login(rich.users["owner"]).get(
        reverse(
            "dialogues:stakeholder-erase",
            kwargs={"dialogue_pk": rich.dialogue.pk, "pk": amina.pk},
        )
    )
    html = page.content.decode()
    assert "The name also appears in text written elsewhere" in html
    assert rich.meeting.get_absolute_url() in html


@pytest.mark.parametrize("role", ["viewer", "facilitator", "org_member"])
def test_only_owners_erase(world, login, role):
    url = reverse(
        "dialogues:stakeholder-erase",
        kwargs={"dialogue_pk": world.dialogue.pk, "pk": world.stakeholder.pk},
    )
    assert login(world.users[role]).post(url).status_code == 403
    world.stakeholder.refresh_from_db()
    assert world.stakeholder.erased_at is None


def test_erasing_twice_changes_nothing_more(world):
    owner = world.users["owner"]
    stakeholder_erase(stakeholder=world.stakeholder, user=owner)
    first = Stakeholder.objects.get(pk=world.stakeholder.pk).erased_at
    stakeholder_erase(stakeholder=world.stakeholder, user=owner)
    assert Stakeholder.objects.get(pk=world.stakeholder.pk).erased_at == first
    assert Activity.objects.filter(verb=Activity.Verb.ERASED).count() == 1


def test_an_erased_stakeholder_travels_erased(world):
    stakeholder_erase(stakeholder=world.stakeholder, user=world.users["owner"])
    data = export_dialogue(world.dialogue)
    assert "secret@example.org" not in json.dumps(data)
    copy = import_dialogue(data, organisation=world.organisation, user=world.users["owner"])
    erased = copy.stakeholders.get()
    assert erased.erased_at is not None
    # Its log keeps the date and type of each contact, without the notes.
    entry = erased.interactions.get()
    assert (entry.date, entry.kind, entry.note) == (
        world.interaction.date,
        world.interaction.kind,
        "",
    )


def test_due_dates_survive_the_round_trip(world):
    world.commitment.due_date = timezone.localdate() + timedelta(days=3)
    world.commitment.save()
    copy = import_dialogue(
        export_dialogue(world.dialogue),
        organisation=world.organisation,
        user=world.users["owner"],
    )
    assert copy.commitments.get().due_date == world.commitment.due_date


def test_the_import_still_checks_the_csrf_token(world):
    """The upload view sets its memory-only handler before the CSRF check, not instead of it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["org_member"])
    url = reverse(
        "dialogues:dialogue-import-json", kwargs={"organisation_pk": world.organisation.pk}
    )
    upload = SimpleUploadedFile("d.json", b"{}", "application/json")
    assert client.post(url, {"file": upload}).status_code == 403
