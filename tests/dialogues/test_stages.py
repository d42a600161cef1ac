"""Stages and checklists: default items in every language, the toolkit link, item actions by
role, stage moves with their confirmation and history, and the data file loader."""

import itertools
import re
import tomllib
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from content.models import Chapter, Tool
from dialogues.checklist_loader import DEFAULT_PATH
from dialogues.models import (
    Activity,
    ChecklistItem,
    ChecklistTemplateItem,
    CommitmentStatus,
    Role,
    Stage,
    StageTransition,
)
from dialogues.services.checklists import checklist_item_update
from dialogues.services.dialogues import (
    checklist_create_defaults,
    dialogue_archive,
    dialogue_create,
    dialogue_stage_move,
)
from tests.content.factories import ChapterFactory, ToolFactory

from . import factories


def checklist_url(dialogue, language="en", stage=None):
    with translation.override(language):
        url = reverse("dialogues:checklist", kwargs={"dialogue_pk": dialogue.pk})
    return f"{url}?stage={stage}" if stage else url


def item_url(name, item):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": item.dialogue_id, "pk": item.pk})


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Default checklists in the reader's language --------------------------------------------


@pytest.mark.django_db
def test_each_member_reads_the_default_checklist_in_their_own_language(client):
    chapter = ChapterFactory(
        title_en="The convenor", title_fr="L'organisateur du dialogue", title_ar="الجهة الداعية"
    )
    factories.ChecklistTemplateItemFactory(
        stage=Stage.READY,
        title_en="Find co-convenors",
        title_fr="Trouver des co-organisateurs",
        title_ar="إيجاد جهات داعية مشاركة",
        chapter=chapter,
    )
    factories.ChecklistTemplateItemFactory(
        stage=Stage.GO, title_en="Record the decisions", title_es=""
    )
    factories.ChecklistTemplateItemFactory(stage=Stage.GO, title_en="Retired", active=False)
    owner = factories.UserFactory()
    organisation = factories.OrganisationMembershipFactory(user=owner).organisation
    dialogue = dialogue_create(
        user=owner, organisation=organisation, title="Coastal fisheries", challenge="Fish"
    )

    items = ChecklistItem.objects.filter(dialogue=dialogue)
    assert sorted(items.values_list("stage", flat=True)) == [Stage.GO, Stage.READY]
    # Not copied as text: the item follows its template, so it can be read in any language.
    assert set(items.values_list("title", flat=True)) == {""}

    client.force_login(owner)
    french = page(client, checklist_url(dialogue, "fr"))
    assert "Trouver des co-organisateurs" in french
    assert "Comment faire : L&#x27;organisateur du dialogue" in french
    assert f'href="/fr/toolkit/{chapter.part.slug}/{chapter.slug}/"' in french
    arabic = page(client, checklist_url(dialogue, "ar"))
    assert 'dir="rtl"' in arabic
    assert "إيجاد جهات داعية مشاركة" in arabic
    assert f'href="/ar/toolkit/{chapter.part.slug}/{chapter.slug}/"' in arabic
    # A language without a translation falls back to English rather than showing nothing.
    assert "Record the decisions" in page(client, checklist_url(dialogue, "es", Stage.GO))
    assert "Retired" not in page(client, checklist_url(dialogue, stage=Stage.GO))


@pytest.mark.django_db
def test_the_how_to_link_is_prominent_and_never_points_to_a_draft(world, login):
    chapter = ChapterFactory(title_en="Designing the process")
    draft = ChapterFactory(title_en="Unfinished chapter", published=False)
    tool = ToolFactory(title_en="Ground rules")
    factories.ChecklistItemFactory(
        dialogue=world.dialogue, title="Draft the ground rules", chapter=chapter, tool=tool
    )
    factories.ChecklistItemFactory(dialogue=world.dialogue, title="Other", chapter=draft)
    html = page(login(world.users["viewer"]), checklist_url(world.dialogue))
    assert re.search(
        rf'<a class="how-to-link" href="{chapter.get_absolute_url()}">\s*'
        r"How to do this: Designing the process</a>",
        html,
    )
    assert "Tool: Ground rules" in html
    assert "Unfinished chapter" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("process_seconds", [0, 60])
def test_the_guides_follow_the_toolkit_on_the_checklist_and_the_overview(
    world, login, settings, process_seconds
):
    """Guides are read from a copy kept per toolkit version (and by the process, when it
    remembers versions): an edit or an unpublished chapter shows at once on both pages."""
    settings.TOOLKIT_PROCESS_CACHE_SECONDS = process_seconds
    chapter = ChapterFactory(title_en="Designing the process")
    tool = ToolFactory(title_en="Ground rules")
    factories.ChecklistItemFactory(
        dialogue=world.dialogue, stage=world.dialogue.stage, title="First", chapter=chapter
    )
    factories.ChecklistItemFactory(
        dialogue=world.dialogue, stage=world.dialogue.stage, title="Second", tool=tool
    )
    client = login(world.users["viewer"])
    overview = reverse("dialogues:dialogue-detail", args=[world.dialogue.pk])
    for url in (checklist_url(world.dialogue), overview):
        html = page(client, url)
        assert f'href="{chapter.get_absolute_url()}"' in html
        assert "How to do this: Designing the process" in html
        assert f'href="{tool.get_absolute_url()}"' in html

    chapter.title_en = "Designing it together"
    chapter.save()
    tool.published = False
    tool.save()
    for url in (checklist_url(world.dialogue), overview):
        html = page(client, url)
        assert "How to do this: Designing it together" in html
        assert "Designing the process" not in html
        assert tool.get_absolute_url() not in html and "Ground rules" not in html

    chapter.published = False
    chapter.save()
    for url in (checklist_url(world.dialogue), overview):
        html = page(client, url)
        assert chapter.get_absolute_url() not in html and "Designing it together" not in html


# --- The data file and its loader -----------------------------------------------------------


def test_the_data_file_has_a_translated_checklist_for_every_stage():
    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    items = data["item"]
    for stage in Stage.values:
        in_stage = [item for item in items if item["stage"] == stage]
        assert 8 <= len(in_stage) <= 11, stage
    for item in items:
        for name in ("title", "description"):
            assert set(item[name]) == {"en", "fr", "es", "ar"}, item["key"]
            assert all(text.strip() for text in item[name].values()), item["key"]
        assert item.get("chapter"), f"{item['key']} explains nothing"
    assert len({item["key"] for item in items}) == len(items)


@pytest.mark.django_db
def test_load_checklists_is_idempotent_and_keeps_admin_edits(capsys):
    call_command("load_checklists")
    count = ChecklistTemplateItem.objects.count()
    assert count >= 24
    for stage in Stage.values:
        assert ChecklistTemplateItem.objects.filter(stage=stage).count() >= 6
    item = ChecklistTemplateItem.objects.get(key="ready-co-convenors")
    assert item.title_ar == "إيجاد جهات داعية مشاركة من قطاعات أخرى"
    assert item.title_es == "Encontrar coconvocantes de otros sectores"

    # An admin rewrites the French title and moves the item.
    item.title_fr = "Trouver des alliés"
    item.order = 5
    item.save()
    call_command("load_checklists")
    assert ChecklistTemplateItem.objects.count() == count
    item.refresh_from_db()
    assert (item.title_fr, item.order) == ("Trouver des alliés", 5)
    assert "Kept admin edits: ready-co-convenors (fr text)" in capsys.readouterr().err

    call_command("load_checklists", "--force")
    item.refresh_from_db()
    assert item.title_fr == "Trouver des co-organisateurs issus d'autres secteurs"
    assert item.order == 40
    assert ChecklistTemplateItem.objects.count() == count


@pytest.mark.django_db
def test_toolkit_links_resolve_to_published_chapters_in_each_language(client, toolkit):
    templates = ChecklistTemplateItem.objects.select_related("chapter__part", "tool")
    assert templates.count() >= 24
    chapters = {template.chapter for template in templates}
    assert None not in chapters, "an item is left without its chapter"
    for chapter in chapters:
        assert chapter in Chapter.objects.filter(published=True, part__published=True)
    assert all(t.tool.published for t in templates if t.tool_id)
    assert Tool.objects.filter(pk__in=[t.tool_id for t in templates if t.tool_id]).count() >= 10
    for language in ("en", "fr", "es", "ar"):
        with translation.override(language):
            for chapter in chapters:
                url = chapter.get_absolute_url()
                assert url.startswith(f"/{language}/toolkit/")
                response = client.get(url)
                assert response.status_code == 200, url
                assert escape(chapter.title) in response.content.decode()


@pytest.mark.django_db
def test_dialogues_created_before_the_toolkit_get_their_links_on_the_next_load():
    call_command("load_checklists")  # no toolkit yet: items without links
    dialogue = factories.DialogueFactory()
    checklist_create_defaults(dialogue=dialogue)
    assert not ChecklistItem.objects.filter(dialogue=dialogue, chapter__isnull=False).exists()
    call_command("load_toolkit")
    call_command("load_checklists")
    item = ChecklistItem.objects.get(dialogue=dialogue, template__key="getset-rules")
    assert item.chapter.slug == "designing-the-process"
    assert item.tool.slug == "decision-rules"


# --- Item actions by role -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("viewer", False), ("facilitator", True)])
def test_marking_done_by_role(world, login, role, allowed):
    item = world.checklist_item
    client = login(world.users[role])
    response = client.post(item_url("checklist-item-done", item), {"done": "1"})
    item.refresh_from_db()
    if not allowed:
        assert response.status_code == 403
        assert not item.is_done
        assert "Mark as done:" not in page(client, checklist_url(world.dialogue))
        return
    assert response.status_code == 302
    assert item.done_by == world.users[role]
    assert timezone.now() - item.done_at < timedelta(minutes=1)
    assert Activity.objects.filter(verb=Activity.Verb.COMPLETED, target_type="checklistitem")
    html = page(client, checklist_url(world.dialogue))
    assert f"done by <bdi>{world.users[role].email}</bdi>" in html
    assert "1 of 1 done" in html

    client.post(item_url("checklist-item-done", item), {"done": "0"})
    item.refresh_from_db()
    assert item.done_at is None and item.done_by is None
    assert Activity.objects.filter(verb=Activity.Verb.REOPENED).exists()


@pytest.mark.django_db
def test_one_click_done_answers_the_script_with_the_new_row_and_progress(world, login):
    item = world.checklist_item
    client = login(world.users["facilitator"])
    response = client.post(
        item_url("checklist-item-done", item), {"done": "1"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["done"] is True
    assert f'id="item-{item.pk}"' in data["row"]
    assert "is-done" in data["row"]
    assert 'aria-pressed="true"' in data["row"]
    assert "1 of 1 done" in data["progress"]
    assert data["message"] == "Marked as done."


@pytest.mark.django_db
def test_the_checklist_page_loads_its_script_from_a_file(world, login):
    html = page(login(world.users["facilitator"]), checklist_url(world.dialogue))
    assert '<script src="/static/dialogues/checklist.js" defer></script>' in html
    assert "<script>" not in html
    assert "style=" not in html


@pytest.mark.django_db
def test_facilitator_adds_an_item_at_the_end_of_a_stage(world, login):
    client = login(world.users["facilitator"])
    response = client.post(
        checklist_url(world.dialogue),
        {
            "stage_prefix": "go",
            "go-stage": "go",
            "go-title": "Book the interpreters",
            "go-due_date": "2027-03-01",
        },
    )
    item = ChecklistItem.objects.get(title="Book the interpreters")
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert (item.stage, item.due_date) == (Stage.GO, date(2027, 3, 1))
    assert Activity.objects.filter(verb=Activity.Verb.CREATED, target_type="checklistitem")


@pytest.mark.django_db
def test_an_empty_new_item_is_refused_next_to_the_field_in_the_users_language(world, login):
    client = login(world.users["facilitator"])
    before = ChecklistItem.objects.count()
    response = client.post(
        checklist_url(world.dialogue, "fr"),
        {"stage_prefix": "ready", "ready-stage": "ready", "ready-title": " "},
    )
    assert response.status_code == 400
    assert ChecklistItem.objects.count() == before
    html = response.content.decode()
    assert 'id="id_ready-title-error">Ce champ est obligatoire.' in html


@pytest.mark.django_db
def test_facilitator_assigns_dates_and_annotates_an_item(world, login):
    item = world.checklist_item
    client = login(world.users["facilitator"])
    response = client.post(
        item_url("checklist-item-update", item),
        {
            "title": item.title,
            "assignee": world.users["org_member"].pk,
            "due_date": "2027-02-01",
            "note": "Ask the fishers' union first.",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.assignee == world.users["org_member"]
    assert item.due_date == date(2027, 2, 1)
    assert item.note == "Ask the fishers' union first."
    assert item.version == 2
    html = page(client, checklist_url(world.dialogue))
    assert f"Assigned to <bdi>{world.users['org_member'].email}</bdi>" in html


@pytest.mark.django_db
def test_work_can_only_be_assigned_to_people_who_can_see_the_dialogue(world, login):
    item = world.checklist_item
    client = login(world.users["facilitator"])
    response = client.post(
        item_url("checklist-item-update", item),
        {"title": item.title, "assignee": world.users["outsider"].pk, "version": item.version},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    form = client.get(item_url("checklist-item-update", item)).content.decode()
    assert world.users["viewer"].email in form
    assert world.users["org_member"].email in form
    assert world.users["outsider"].email not in form


@pytest.mark.django_db
def test_editing_a_default_item_keeps_it_translatable(world, login):
    template = factories.ChecklistTemplateItemFactory(
        title_en="Form a steering group", title_fr="Constituer un comité de pilotage"
    )
    item = factories.ChecklistItemFactory(dialogue=world.dialogue, template=template, title="")
    client = login(world.users["facilitator"])
    with translation.override("fr"):
        url = item_url("checklist-item-update", item)
    form = page(client, url)
    assert 'value="Constituer un comité de pilotage"' in form
    client.post(
        url,
        {"title": "Constituer un comité de pilotage", "note": "Cinq personnes", "version": 1},
    )
    item.refresh_from_db()
    assert item.title == ""
    assert item.note == "Cinq personnes"
    assert "Form a steering group" in page(client, checklist_url(world.dialogue, "en"))


@pytest.mark.django_db
def test_a_concurrent_edit_shows_both_versions_and_overwrites_nothing(world, login):
    item = world.checklist_item
    client = login(world.users["facilitator"])
    page(client, item_url("checklist-item-update", item))  # opens the form at version 1
    theirs = ChecklistItem.objects.get(pk=item.pk)
    theirs.note = "Theirs: call the ministry"
    checklist_item_update(item=theirs, user=world.users["owner"], version=1, fields=["note"])
    response = client.post(
        item_url("checklist-item-update", item),
        {"title": item.title, "note": "Mine: call the mayor", "version": 1},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Theirs: call the ministry" in html and "Mine: call the mayor" in html
    assert 'name="version" value="2"' in html
    item.refresh_from_db()
    assert item.note == "Theirs: call the ministry"


@pytest.mark.django_db
def test_items_move_up_and_down_within_their_stage(world, login):
    dialogue = world.dialogue
    first = world.checklist_item
    second = factories.ChecklistItemFactory(dialogue=dialogue, title="Second", order=5)
    third = factories.ChecklistItemFactory(dialogue=dialogue, title="Third", order=5)
    other_stage = factories.ChecklistItemFactory(dialogue=dialogue, stage=Stage.GO, order=1)
    client = login(world.users["facilitator"])

    def titles():
        return list(
            ChecklistItem.objects.filter(dialogue=dialogue, stage=Stage.READY)
            .order_by("order", "pk")
            .values_list("pk", flat=True)
        )

    assert titles() == [first.pk, second.pk, third.pk]
    client.post(item_url("checklist-item-move", third), {"direction": "up"})
    assert titles() == [first.pk, third.pk, second.pk]
    client.post(item_url("checklist-item-move", first), {"direction": "down"})
    assert titles() == [third.pk, first.pk, second.pk]
    client.post(item_url("checklist-item-move", third), {"direction": "up"})  # already first
    assert titles() == [third.pk, first.pk, second.pk]
    other_stage.refresh_from_db()
    assert other_stage.order == 1


@pytest.mark.django_db
def test_facilitator_removes_an_item_after_confirming(world, login):
    item = world.checklist_item
    client = login(world.users["facilitator"])
    assert item.title in page(client, item_url("checklist-item-delete", item))
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    client.post(item_url("checklist-item-delete", item))
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()
    assert Activity.objects.filter(verb=Activity.Verb.DELETED, target_label=item.title)


@pytest.mark.django_db
def test_an_archived_dialogue_is_read_only(world, login):
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"])
    client = login(world.users["owner"])
    response = client.post(item_url("checklist-item-done", world.checklist_item), {"done": "1"})
    assert response.status_code == 403
    html = page(client, checklist_url(world.dialogue))
    assert "Move the dialogue to another stage" not in html
    assert "Mark as done:" not in html


# --- Moving between stages ------------------------------------------------------------------


def move(client, dialogue, to_stage, **extra):
    return client.post(
        reverse("dialogues:stage-move", kwargs={"dialogue_pk": dialogue.pk}),
        {"to_stage": to_stage, "from_stage": dialogue.stage, **extra},
    )


@pytest.mark.django_db
def test_moving_on_with_open_items_asks_for_confirmation_listing_them(world, login):
    dialogue = world.dialogue
    factories.ChecklistItemFactory(dialogue=dialogue, title="Assess the risks")
    done = factories.ChecklistItemFactory(dialogue=dialogue, title="Already done")
    done.done_at = timezone.now()
    done.save()
    client = login(world.users["facilitator"])

    response = move(client, dialogue, Stage.GET_SET, note="Convenor confirmed")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 items of the Ready! stage are still open" in html
    assert "Assess the risks" in html and world.checklist_item.title in html
    assert "Already done" not in html
    assert 'name="confirm" value="True"' in html
    assert 'name="note" value="Convenor confirmed"' in html
    dialogue.refresh_from_db()
    assert dialogue.stage == Stage.READY
    assert not StageTransition.objects.exists()

    response = move(client, dialogue, Stage.GET_SET, note="Convenor confirmed", confirm="True")
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.stage == Stage.GET_SET
    transition = StageTransition.objects.get()
    assert (transition.from_stage, transition.to_stage) == (Stage.READY, Stage.GET_SET)
    assert (transition.user, transition.note) == (world.users["facilitator"], "Convenor confirmed")
    activity = Activity.objects.get(verb=Activity.Verb.STAGE_MOVED)
    assert activity.details == {"from": "ready", "to": "get_set", "note": "Convenor confirmed"}

    html = page(client, checklist_url(dialogue))
    assert "from Ready! to Get Set!" in html
    assert "Convenor confirmed" in html


@pytest.mark.django_db
def test_a_stage_without_open_items_moves_at_once_and_can_go_back(world, login):
    dialogue = world.dialogue
    ChecklistItem.objects.filter(dialogue=dialogue).delete()
    client = login(world.users["owner"])
    assert move(client, dialogue, Stage.GO).status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.stage == Stage.GO
    # Going back is allowed too; it is recorded like any move.
    assert move(client, dialogue, Stage.READY, note="Lost the mayor's support").status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.stage == Stage.READY
    assert list(StageTransition.objects.values_list("from_stage", "to_stage")) == [
        (Stage.GO, Stage.READY),
        (Stage.READY, Stage.GO),
    ]


@pytest.mark.django_db
def test_viewers_cannot_move_the_stage(world, login):
    response = move(login(world.users["viewer"]), world.dialogue, Stage.GO, confirm="True")
    assert response.status_code == 403
    world.dialogue.refresh_from_db()
    assert world.dialogue.stage == Stage.READY


@pytest.mark.django_db
def test_a_stale_stage_move_changes_nothing(world, login):
    client = login(world.users["facilitator"])
    page(client, checklist_url(world.dialogue))
    dialogue_stage_move(dialogue=world.dialogue, user=world.users["owner"], to_stage=Stage.GET_SET)
    response = client.post(
        reverse("dialogues:stage-move", kwargs={"dialogue_pk": world.dialogue.pk}),
        {"to_stage": Stage.GO, "from_stage": Stage.READY, "confirm": "True"},
        follow=True,
    )
    assert "Someone else moved this dialogue to Get Set! meanwhile" in response.content.decode()
    world.dialogue.refresh_from_db()
    assert world.dialogue.stage == Stage.GET_SET
    assert StageTransition.objects.count() == 1


@pytest.mark.django_db
def test_the_stage_form_offers_the_other_stages_with_the_next_one_first(world, login):
    client = login(world.users["facilitator"])
    html = page(client, reverse("dialogues:stage-move", kwargs={"dialogue_pk": world.dialogue.pk}))
    assert '<option value="get_set" selected>Get Set!</option>' in html
    assert '<option value="ready"' not in html
    # An address that names a stage preselects it; an unknown one leaves the next stage.
    stage_move = reverse("dialogues:stage-move", kwargs={"dialogue_pk": world.dialogue.pk})
    assert '<option value="go" selected>Go!</option>' in page(client, f"{stage_move}?to=go")
    assert '<option value="get_set" selected>' in page(client, f"{stage_move}?to=elsewhere")
    response = move(client, world.dialogue, "nowhere")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# --- Query counts ---------------------------------------------------------------------------


def _fill_checklist(dialogue, users, count):
    chapter = ChapterFactory()
    tool = ToolFactory()
    template = factories.ChecklistTemplateItemFactory(chapter=chapter)
    for n in range(count):
        factories.ChecklistItemFactory(
            dialogue=dialogue,
            stage=Stage.values[n % 4],
            template=template if n % 2 else None,
            title="" if n % 2 else f"Custom {n}",
            chapter=chapter,
            tool=tool,
            assignee=users[n % len(users)],
            done_by=users[0] if n % 3 == 0 else None,
            done_at=timezone.now() if n % 3 == 0 else None,
            due_date=date(2027, 1, 1),
        )
        if n % 10 == 0:
            factories.StageTransitionFactory(dialogue=dialogue, user=users[0])


@pytest.mark.django_db
def test_the_checklist_page_needs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries
):
    users = [world.users[role] for role in ("owner", "facilitator", "viewer")]
    client = login(world.users["facilitator"])
    _fill_checklist(world.dialogue, users, 4)
    with django_assert_max_num_queries(30) as few:
        page(client, checklist_url(world.dialogue))
    _fill_checklist(world.dialogue, users, 120)
    for stage in Stage:
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = page(client, checklist_url(world.dialogue, stage=stage))
        in_stage = ChecklistItem.objects.filter(dialogue=world.dialogue, stage=stage).count()
        assert html.count('class="checklist-item') == in_stage >= 31


@pytest.mark.django_db
def test_the_checklist_shows_one_stage_at_a_time_and_links_to_the_others(world, login):
    dialogue = world.dialogue
    dialogue_stage_move(
        dialogue=dialogue, user=world.users["owner"], to_stage=Stage.GET_SET, note=""
    )
    factories.ChecklistItemFactory(dialogue=dialogue, stage=Stage.GET_SET, title="Draft the terms")
    factories.ChecklistItemFactory(dialogue=dialogue, stage=Stage.GO, title="Run the meeting")
    client = login(world.users["facilitator"])
    url = checklist_url(dialogue)
    shown = page(client, url)
    # The current stage by default, and a link to every stage with its progress.
    assert "Draft the terms" in shown and "Run the meeting" not in shown
    for stage in Stage:
        assert f'href="{url}?stage={stage.value}#stage-{stage.value}"' in shown
    assert re.search(r'\?stage=get_set#stage-get_set" aria-current="page"', shown)
    go = page(client, checklist_url(dialogue, stage=Stage.GO))
    assert "Run the meeting" in go and "Draft the terms" not in go
    assert 'name="stage_prefix" value="go"' in go
    # An unknown stage shows the current one rather than an error.
    assert "Draft the terms" in page(client, f"{url}?stage=nowhere")
    # Actions on an item come back to its stage.
    item = ChecklistItem.objects.get(title="Run the meeting")
    response = client.post(item_url("checklist-item-done", item), {"done": "1"})
    assert response["Location"] == f"{url}?stage=go#item-{item.pk}"
    response = client.post(item_url("checklist-item-delete", item))
    assert response["Location"] == f"{url}?stage=go"


@pytest.mark.django_db
def test_the_overview_page_needs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries
):
    dialogue = world.dialogue
    users = [world.users["owner"], world.users["facilitator"]]
    client = login(world.users["viewer"])
    url = dialogue.get_absolute_url()

    def fill(count):
        _fill_checklist(dialogue, users, count)
        for n in range(count):
            stakeholder = factories.StakeholderFactory(dialogue=dialogue)
            meeting = factories.MeetingFactory(dialogue=dialogue)
            meeting.invited.add(stakeholder)
            commitment = factories.CommitmentFactory(
                dialogue=dialogue,
                meeting=meeting,
                due_date=timezone.localdate() + timedelta(days=n - count // 2),
            )
            commitment.stakeholders.add(stakeholder)

    fill(2)
    with django_assert_max_num_queries(40) as few:
        page(client, url)
    fill(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, url)
    assert "Overdue:" in html


@pytest.mark.django_db
def test_the_overview_lists_the_first_due_commitments_and_counts_the_rest(world, login):
    dialogue = world.dialogue
    today = timezone.localdate()
    for n in range(11):
        factories.CommitmentFactory(
            dialogue=dialogue, description=f"Late {n:02}", due_date=today - timedelta(days=20 - n)
        )
    for n in range(3):
        factories.CommitmentFactory(
            dialogue=dialogue, description=f"Soon {n:02}", due_date=today + timedelta(days=n)
        )
    factories.CommitmentFactory(
        dialogue=dialogue, description="Later", due_date=today.replace(year=today.year + 1)
    )
    factories.CommitmentFactory(
        dialogue=dialogue,
        description="Done late",
        due_date=today - timedelta(days=30),
        status=CommitmentStatus.DONE,
    )
    html = page(login(world.users["viewer"]), dialogue.get_absolute_url())
    shown = re.findall(r">(Late \d\d|Soon \d\d|Later|Done late)</a>", html)
    # The oldest eight overdue first, then everything due soon; done and later ones are not listed.
    assert shown == [f"Late {n:02}" for n in range(8)] + ["Soon 00", "Soon 01", "Soon 02"]
    list_url = reverse("dialogues:commitment-list", args=[dialogue.pk])
    assert f'href="{list_url}?overdue=on">See all 11 overdue commitments</a>' in html


@pytest.mark.django_db
def test_roles_that_see_the_checklist_but_not_the_edit_controls(world, login):
    factories.DialogueMembershipFactory(
        dialogue=world.dialogue, user=factories.UserFactory(), role=Role.VIEWER
    )
    html = page(login(world.users["org_member"]), checklist_url(world.dialogue))
    assert world.checklist_item.title in html
    assert "Add an item to" not in html
    assert item_url("checklist-item-update", world.checklist_item) not in html


@pytest.mark.django_db
def test_admins_edit_the_default_checklist_in_four_languages(client):
    call_command("load_checklists")
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = page(client, "/en/admin/dialogues/checklisttemplateitem/?stage__exact=go")
    assert "Record the decisions" in changelist
    assert "Share the report with participants" not in changelist  # a Follow-up item
    assert 'name="form-0-order"' in changelist  # the order is edited in the list
    item = ChecklistTemplateItem.objects.get(key="go-decisions")
    change = page(client, f"/en/admin/dialogues/checklisttemplateitem/{item.pk}/change/")
    for language in ("en", "fr", "es", "ar"):
        assert f'name="title_{language}"' in change
    assert "Consigner les décisions" in change


@pytest.mark.django_db
def test_the_default_checklist_is_listed_in_stage_order_and_found_in_any_language(client):
    call_command("load_checklists")
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    changelist = page(client, "/en/admin/dialogues/checklisttemplateitem/")
    stages = [
        [
            changelist.index(f">{escape(item.title_en)}<")
            for item in ChecklistTemplateItem.objects.filter(stage=stage)
        ]
        for stage in Stage.values
    ]
    assert all(max(earlier) < min(later) for earlier, later in itertools.pairwise(stages))
    item = ChecklistTemplateItem.objects.get(key="go-decisions")
    found = page(client, f"/en/admin/dialogues/checklisttemplateitem/?q={item.title_ar}")
    assert f">{escape(item.title_en)}<" in found
    assert "Share the report with participants" not in found


@pytest.mark.django_db
def test_a_checklist_row_shows_each_field_escaped_in_the_readers_language(world, login):
    follower = world.users["facilitator"]
    follower.first_name, follower.last_name = "<b>Awa</b>", "Sarr"
    follower.save()
    late = factories.ChecklistItemFactory(
        dialogue=world.dialogue,
        title='Call <img src=x> the "mayor"',
        note="Line one\nLine <two>",
        due_date=timezone.localdate() - timedelta(days=2),
        assignee=follower,
        chapter=ChapterFactory(title_fr="Réunir <les> acteurs"),
        tool=ToolFactory(title_fr="L'aquarium"),
    )
    done = factories.ChecklistItemFactory(
        dialogue=world.dialogue,
        title="Book the hall",
        done_at=timezone.now(),
        done_by=world.users["owner"],
    )
    title = "Call &lt;img src=x&gt; the &quot;mayor&quot;"

    def row(html, item):
        start = html.index(f'<li id="item-{item.pk}"')
        return html[start : html.index("</div></li>", start)]

    html = page(login(follower), checklist_url(world.dialogue, "fr"))
    assert "<img src=x" not in html and "<b>Awa" not in html and "<two>" not in html
    mine = row(html, late)
    assert mine.startswith(f'<li id="item-{late.pk}" class="checklist-item is-overdue">')
    assert 'aria-pressed="false"' in mine
    assert f'<span class="visually-hidden">Marquer comme réalisé : {title}</span>' in mine
    assert "Comment faire : Réunir &lt;les&gt; acteurs</a>" in mine
    assert 'class="how-to-tool ms-2"' in mine and "Outil : L&#x27;aquarium</a>" in mine
    assert "Attribué à <bdi>&lt;b&gt;Awa&lt;/b&gt; Sarr</bdi>" in mine
    assert '<span class="overdue-flag">En retard :</span> échéance : ' in mine
    assert '<p class="small item-note mb-0" dir="auto">Line one<br>Line &lt;two&gt;</p>' in mine
    assert 'class="item-actions' in mine and "Modifier<span" in mine
    # The first item cannot move up, the last cannot move down.
    for way in ("up", "down"):
        assert html.count(f'value="{way}" class="btn btn-sm btn-outline-secondary" disabled') == 1
    finished = row(html, done)
    assert 'aria-pressed="true"' in finished and "réalisé par <bdi>" in finished
    assert 'class="badge text-bg-success ms-1"' in finished

    html = page(login(world.users["viewer"]), checklist_url(world.dialogue, "fr"))
    read = row(html, late)
    assert "<button" not in read and 'class="item-actions' not in read
    assert '<span class="visually-hidden">(à faire)</span>' in read
