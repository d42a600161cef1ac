import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    Activity,
    ChecklistTemplateItem,
    Dialogue,
    DialogueMembership,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Role,
    Stage,
    Stakeholder,
)
from dialogues.rules import can, dialogue_role
from dialogues.services.dialogues import dialogue_archive, dialogue_create, dialogue_delete
from dialogues.services.organisations import organisation_create, organisation_update

from .factories import DialogueFactory, OrganisationMembershipFactory, UserFactory


@pytest.mark.django_db
def test_a_newcomer_creates_an_organisation_then_a_dialogue(client):
    user = UserFactory()
    ChecklistTemplateItem.objects.create(
        stage=Stage.READY, order=1, key="challenge", title="State the challenge"
    )
    ChecklistTemplateItem.objects.create(
        stage=Stage.GO, order=1, key="ground-rules", title="Agree ground rules"
    )
    client.force_login(user)
    assert "Create your organisation first" in client.get("/en/dialogues/").content.decode()

    response = client.post(
        "/en/dialogues/organisations/new/",
        {"name": "Red Andina de Mujeres", "country": "Bolivia", "city": "La Paz"},
    )
    organisation = OrganisationMembership.objects.get(user=user).organisation
    assert response["Location"] == organisation.get_absolute_url()
    assert OrganisationMembership.objects.get(user=user).role == OrganisationRole.ADMIN
    # The way to start a dialogue heads the home page, above the list of dialogues.
    create = reverse("dialogues:dialogue-create", kwargs={"organisation_pk": organisation.pk})
    home = client.get("/en/dialogues/").content.decode()
    button = home.index(f'<a class="btn btn-primary" href="{create}">Start a dialogue</a>')
    assert button < home.index('id="organisations-heading"')
    OrganisationMembershipFactory(user=user)
    home = client.get("/en/dialogues/").content.decode()
    assert '<a class="btn btn-primary" href="#organisations-heading">Start a dialogue</a>' in home

    response = client.post(
        reverse("dialogues:dialogue-create", kwargs={"organisation_pk": organisation.pk}),
        {
            "title": "Water for El Alto",
            "challenge": "Neighbourhoods lack safe water and nobody can fix it alone.",
            "languages": ["es", "en"],
            "start_date": "2027-01-10",
            "end_date": "2027-06-30",
        },
    )
    dialogue = Dialogue.objects.get()
    assert response["Location"] == dialogue.get_absolute_url()
    assert dialogue.stage == Stage.READY
    assert dialogue.languages == ["es", "en"]
    assert dialogue_role(user, dialogue) == "owner"
    assert dialogue.checklist_items.count() == 2
    assert Activity.objects.filter(dialogue=dialogue, verb=Activity.Verb.CREATED).exists()

    home = client.get("/en/dialogues/").content.decode()
    assert "Water for El Alto" in home
    assert "0 of 1 steps of this stage done" in home


@pytest.mark.django_db
def test_dialogue_form_errors_are_shown_next_to_the_fields(client, world):
    client.force_login(world.users["owner"])
    response = client.post(
        reverse("dialogues:dialogue-update", kwargs={"dialogue_pk": world.dialogue.pk}),
        {"title": "", "challenge": "x", "start_date": "2027-05-01", "end_date": "2027-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "The end date cannot be before the start date." in html
    world.dialogue.refresh_from_db()
    assert world.dialogue.title.startswith("Fisheries dialogue")


@pytest.mark.django_db
def test_two_facilitators_editing_the_same_dialogue_do_not_overwrite_each_other(client, world):
    url = reverse("dialogues:dialogue-update", kwargs={"dialogue_pk": world.dialogue.pk})
    version = world.dialogue.version
    client.force_login(world.users["facilitator"])
    first = client.post(url, {"title": "First title", "challenge": "c", "version": version})
    assert first.status_code == 302
    client.force_login(world.users["owner"])
    second = client.post(url, {"title": "Second title", "challenge": "c", "version": version})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved this dialogue" in html
    assert "First title" in html and "Second title" in html
    world.dialogue.refresh_from_db()
    assert world.dialogue.title == "First title"


@pytest.mark.django_db
def test_archived_dialogue_is_read_only_and_hidden_from_home(client, world):
    client.force_login(world.users["owner"])
    client.post(reverse("dialogues:dialogue-archive", kwargs={"dialogue_pk": world.dialogue.pk}))
    world.dialogue.refresh_from_db()
    assert world.dialogue.is_archived
    assert world.dialogue.title not in client.get("/en/dialogues/").content.decode()
    assert world.dialogue.title in client.get("/en/dialogues/?archived=1").content.decode()
    client.force_login(world.users["facilitator"])
    url = reverse("dialogues:dialogue-update", kwargs={"dialogue_pk": world.dialogue.pk})
    assert client.get(url).status_code == 403
    page = client.get(world.dialogue.get_absolute_url()).content.decode()
    assert "archived: it is read-only" in page
    # The owner takes it out of the archive: editable again and back on the home page.
    client.force_login(world.users["owner"])
    archive = reverse("dialogues:dialogue-archive", kwargs={"dialogue_pk": world.dialogue.pk})
    page = client.post(archive, follow=True).content.decode()
    assert "Dialogue taken out of the archive." in page
    assert "archived: it is read-only" not in page
    assert world.dialogue.title in client.get("/en/dialogues/").content.decode()
    client.force_login(world.users["facilitator"])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_soft_delete_restore_and_purge(client, world):
    client.force_login(world.users["owner"])
    client.post(reverse("dialogues:dialogue-delete", kwargs={"dialogue_pk": world.dialogue.pk}))
    assert client.get(world.dialogue.get_absolute_url()).status_code == 404
    assert world.dialogue.title in client.get("/en/dialogues/deleted/").content.decode()

    client.post(reverse("dialogues:dialogue-restore", kwargs={"dialogue_pk": world.dialogue.pk}))
    assert client.get(world.dialogue.get_absolute_url()).status_code == 200

    dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])
    recent = DialogueFactory()
    dialogue_delete(dialogue=recent, user=None)
    Dialogue.objects.filter(pk=world.dialogue.pk).update(
        deleted_at=timezone.now() - timedelta(days=31)
    )
    call_command("purge_deleted_dialogues")
    assert not Dialogue.objects.filter(pk=world.dialogue.pk).exists()
    assert Dialogue.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
def test_activity_feed_lists_changes_newest_first(client, world):
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"])
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"], archived=False)
    client.force_login(world.users["viewer"])
    html = client.get(
        reverse("dialogues:activity", kwargs={"dialogue_pk": world.dialogue.pk})
    ).content.decode()
    assert html.index("unarchived") < html.index("archived <bdi>")
    assert world.users["owner"].email in html


@pytest.mark.django_db
def test_organisation_keeps_at_least_one_admin(client):
    admin = UserFactory()
    organisation = organisation_create(user=admin, name="Tunis Youth", country="Tunisia")
    membership = OrganisationMembership.objects.get(user=admin)
    client.force_login(admin)
    url = reverse(
        "dialogues:organisation-member-update",
        kwargs={"pk": organisation.pk, "member_pk": membership.pk},
    )
    response = client.post(url, {"action": "role", "role": "member"}, follow=True)
    assert "at least one administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == OrganisationRole.ADMIN
    other = OrganisationMembershipFactory(organisation=organisation)
    other_url = reverse(
        "dialogues:organisation-member-update",
        kwargs={"pk": organisation.pk, "member_pk": other.pk},
    )
    client.post(other_url, {"action": "role", "role": "admin"})
    client.post(url, {"action": "remove"})
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_an_admin_edits_the_organisation(client):
    admin = UserFactory()
    organisation = organisation_create(user=admin, name="Tunis Youth", country="Tunisia")
    client.force_login(admin)
    url = reverse("dialogues:organisation-update", kwargs={"pk": organisation.pk})
    response = client.post(
        url,
        {
            "name": "Tunis Youth Network",
            "country": "Tunisia",
            "city": "Sfax",
            "timezone": "Africa/Tunis",
            "description": "",
            "website": "",
        },
    )
    assert response["Location"] == organisation.get_absolute_url()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city, organisation.timezone) == (
        "Tunis Youth Network",
        "Sfax",
        "Africa/Tunis",
    )
    assert "Tunis Youth Network" in client.get(organisation.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_organisation_update_saves_only_the_fields_it_is_given():
    organisation = organisation_create(user=UserFactory(), name="Tunis Youth", country="Tunisia")
    Organisation.objects.filter(pk=organisation.pk).update(city="Sousse")
    organisation_update(organisation=organisation, fields={"name": "Tunis Youth Network"})
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city) == ("Tunis Youth Network", "Sousse")


@pytest.mark.django_db
def test_roles_follow_membership_changes_without_being_told(world):
    user = UserFactory()
    assert dialogue_role(user, world.dialogue) is None
    membership = DialogueMembership.objects.create(
        dialogue=world.dialogue, user=user, role=Role.FACILITATOR
    )
    assert dialogue_role(user, world.dialogue) == Role.FACILITATOR
    membership.role = Role.OWNER
    membership.save()
    assert can(user, "dialogues.manage_dialogue", world.dialogue)
    membership.delete()
    assert dialogue_role(user, world.dialogue) is None
    OrganisationMembership.objects.create(
        organisation=world.organisation, user=user, role=OrganisationRole.ADMIN
    )
    assert dialogue_role(user, world.dialogue) == Role.OWNER


@pytest.mark.django_db
def test_roles_are_read_once_while_memberships_stay(world, django_assert_num_queries):
    user = world.users["facilitator"]
    dialogue_role(user, world.dialogue)
    with django_assert_num_queries(0):
        assert can(user, "dialogues.edit_workspace", world.dialogue)
        assert dialogue_role(user, world.dialogue) == Role.FACILITATOR


@pytest.mark.django_db
def test_visible_to_matches_the_rules(world):
    for name, user in world.users.items():
        if user is None:
            continue
        visible = Dialogue.objects.visible_to(user).filter(pk=world.dialogue.pk).exists()
        assert visible == can(user, "dialogues.view_dialogue", world.dialogue), name
    # A superuser sees what a membership gives, like anyone else.
    assert not Dialogue.objects.visible_to(world.users["superuser"]).exists()
    # An account switched off keeps its memberships but opens nothing.
    inactive = world.users["facilitator"]
    inactive.is_active = False
    assert not Dialogue.objects.visible_to(inactive).exists()
    assert not can(inactive, "dialogues.view_dialogue", world.dialogue)


@pytest.mark.django_db
def test_organisation_admin_is_owner_and_member_is_viewer(world):
    admin = OrganisationMembershipFactory(organisation=world.organisation, role="admin").user
    assert dialogue_role(admin, world.dialogue) == "owner"
    assert dialogue_role(world.users["org_member"], world.dialogue) == "viewer"
    assert dialogue_role(world.users["superuser"], world.dialogue) is None


@pytest.mark.django_db
def test_a_switched_off_organisation_admin_manages_nothing(world):
    admin = OrganisationMembershipFactory(organisation=world.organisation, role="admin").user
    assert can(admin, "dialogues.manage_organisation", world.organisation)
    admin.is_active = False
    assert not can(admin, "dialogues.manage_organisation", world.organisation)
    assert not can(admin, "dialogues.add_dialogue", world.organisation)
    assert dialogue_role(admin, world.dialogue) is None


@pytest.mark.django_db
def test_nobody_has_a_role_in_a_deleted_dialogue(world):
    dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])
    world.dialogue.refresh_from_db()
    for name in ("owner", "facilitator", "viewer", "org_member"):
        assert dialogue_role(world.users[name], world.dialogue) is None
        assert not can(world.users[name], "dialogues.view_dialogue", world.dialogue)


@pytest.mark.django_db
def test_home_page_shows_dialogues_in_pages_latest_first(client):
    from dialogues.views.dialogues import HOME_PAGE_SIZE

    user = UserFactory()
    organisation = organisation_create(user=user, name="Org", country="Kenya")
    titles = [f"Dialogue {number:02d}" for number in range(HOME_PAGE_SIZE + 2)]
    for title in titles:
        dialogue_create(user=user, organisation=organisation, title=title, challenge="c")
    archived = dialogue_create(user=user, organisation=organisation, title="Old", challenge="c")
    dialogue_archive(dialogue=archived, user=user)
    client.force_login(user)

    def cards(query):
        response = client.get("/en/dialogues/", query)
        assert response.status_code == 200
        html = response.content.decode()
        return re.findall(r'<h2 class="h5 card-title"><a [^>]+><bdi>([^<]+)</bdi>', html), html

    first, html = cards({})
    assert first == titles[::-1][:HOME_PAGE_SIZE]  # the latest changed first
    assert "Page 1 of 2" in html and 'href="?page=2"' in html
    second, html = cards({"page": 2})
    assert second == titles[1::-1]
    assert 'href="?page=1"' in html
    assert cards({"page": 99})[0] == second  # past the end: the last page
    only_archived, html = cards({"archived": 1})
    assert only_archived == ["Old"] and "Page 1 of" not in html


@pytest.mark.django_db
def test_the_organisation_page_lists_its_dialogues_in_pages_latest_first(client, monkeypatch):
    from dialogues.views import organisations

    monkeypatch.setattr(organisations, "ORGANISATION_PAGE_SIZE", 3)
    user = UserFactory()
    organisation = organisation_create(user=user, name="Org", country="Kenya")
    titles = [f"Dialogue {number}" for number in range(5)]
    for title in titles:
        dialogue_create(user=user, organisation=organisation, title=title, challenge="c")
    client.force_login(user)

    def listed(query):
        response = client.get(organisation.get_absolute_url(), query)
        assert response.status_code == 200
        html = response.content.decode()
        return re.findall(r"<li><a [^>]+><bdi>(Dialogue \d)</bdi>", html), html

    first, html = listed({})
    assert first == ["Dialogue 4", "Dialogue 3", "Dialogue 2"]
    assert "Page 1 of 2" in html and 'href="?page=2"' in html
    assert listed({"page": 2})[0] == ["Dialogue 1", "Dialogue 0"]
    assert listed({"page": 99})[0] == ["Dialogue 1", "Dialogue 0"]  # past the end: the last page


@pytest.mark.django_db
def test_home_card_names_the_three_soonest_open_items(client):
    from .factories import ChecklistItemFactory

    user = UserFactory()
    organisation = organisation_create(user=user, name="Org", country="Kenya")
    dialogue = dialogue_create(user=user, organisation=organisation, title="D", challenge="c")
    today = timezone.localdate()
    for days, title in [(9, "Ninth"), (2, "Second"), (5, "Fifth"), (1, "First"), (7, "Seventh")]:
        ChecklistItemFactory(dialogue=dialogue, title=title, due_date=today + timedelta(days))
    ChecklistItemFactory(dialogue=dialogue, title="Done", due_date=today, done_at=timezone.now())
    client.force_login(user)
    html = client.get("/en/dialogues/").content.decode()
    shown = re.findall(r"<li[^>]*><bdi>([^<]+)</bdi> — <time", html)
    assert shown == ["First", "Second", "Fifth"]


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    user = UserFactory()
    organisation = organisation_create(user=user, name="Org", country="Kenya")
    for _ in range(3):
        dialogue_create(user=user, organisation=organisation, title="D", challenge="c")
    client.force_login(user)
    with django_assert_max_num_queries(10) as small:
        client.get("/en/dialogues/")
    for _ in range(20):
        dialogue_create(user=user, organisation=organisation, title="D", challenge="c")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/en/dialogues/")


@pytest.mark.django_db
def test_the_overview_names_stakeholders_identified_long_ago_and_never_contacted(
    client, world, settings
):
    from .factories import StakeholderFactory

    settings.STAKEHOLDER_CONTACT_WARNING_DAYS = 30
    Stakeholder.objects.filter(dialogue=world.dialogue).update(status="confirmed")
    now = timezone.now()
    for days in (45, 31):
        StakeholderFactory(
            dialogue=world.dialogue, status="identified", status_changed=now - timedelta(days)
        )
    recent = StakeholderFactory(
        dialogue=world.dialogue, status="identified", status_changed=now - timedelta(days=20)
    )
    client.force_login(world.users["viewer"])
    overview = world.dialogue.get_absolute_url()
    html = client.get(overview).content.decode()
    assert "2 stakeholders were identified a while ago and have not been contacted yet." in html
    assert f'href="/en/dialogues/{world.dialogue.pk}/stakeholders/?status=identified"' in html
    # Twenty days on, the third counts too; once contacted, nobody does.
    Stakeholder.objects.filter(pk=recent.pk).update(status_changed=now - timedelta(days=40))
    assert "3 stakeholders were identified a while ago" in client.get(overview).content.decode()
    Stakeholder.objects.filter(dialogue=world.dialogue).update(status="contacted")
    assert "have not been contacted yet" not in client.get(overview).content.decode()
