"""The secret calendar feed address does not outlive the right to see it: it changes when
someone who could see it leaves the team, is removed or loses that right, and owners see when
it last changed."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Activity, Dialogue, DialogueMembership, OrganisationRole, Role
from dialogues.rules import can
from dialogues.services.dialogues import dialogues_purge
from dialogues.services.organisations import (
    organisation_member_remove,
    organisation_member_set_role,
)

from .factories import (
    DialogueFactory,
    DialogueMembershipFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

User = get_user_model()

pytestmark = pytest.mark.django_db


def feed(dialogue, token):
    return reverse("dialogues:calendar-feed", kwargs={"dialogue_pk": dialogue.pk, "token": token})


def member_update(client, world, membership, **data):
    return client.post(
        reverse(
            "dialogues:member-update",
            kwargs={"dialogue_pk": world.dialogue.pk, "member_pk": membership.pk},
        ),
        data,
    )


def test_removing_a_facilitator_gives_the_feed_a_new_address(world, login, client):
    old = feed(world.dialogue, world.dialogue.calendar_token)
    assert client.get(old).status_code == 200
    owner = login(world.users["owner"])
    response = member_update(owner, world, world.dialogue_membership, action="remove")
    assert response.status_code == 302

    assert client.get(old).status_code == 404
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token_changed_at is not None
    assert client.get(feed(world.dialogue, world.dialogue.calendar_token)).status_code == 200
    entry = Activity.objects.get(dialogue=world.dialogue, details__calendar_feed="member_left")
    assert entry.actor == world.users["owner"]


def test_demoting_a_facilitator_to_viewer_changes_it_too(world, login):
    token = world.dialogue.calendar_token
    member_update(login(world.users["owner"]), world, world.dialogue_membership, role=Role.VIEWER)
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != token


@pytest.mark.parametrize("change", [{"action": "remove"}, {"role": Role.FACILITATOR}])
def test_changes_to_someone_who_never_saw_it_keep_the_address(world, login, change):
    viewer_membership = world.dialogue.memberships.get(user=world.users["viewer"])
    token = world.dialogue.calendar_token
    member_update(login(world.users["owner"]), world, viewer_membership, **change)
    world.dialogue.refresh_from_db()
    assert (world.dialogue.calendar_token, world.dialogue.calendar_token_changed_at) == (
        token,
        None,
    )


def test_an_organisation_admin_who_leaves_or_is_demoted_changes_it(world):
    """Organisation admins own every dialogue of the organisation, and so see its feed."""
    admin = OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    )
    other, _keeper = (
        OrganisationMembershipFactory(organisation=world.organisation, role=OrganisationRole.ADMIN)
        for _ in range(2)
    )
    token = world.dialogue.calendar_token
    organisation_member_set_role(membership=admin, role=OrganisationRole.MEMBER, user=other.user)
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != token

    token = world.dialogue.calendar_token
    organisation_member_remove(membership=admin)  # a plain member (a viewer) never saw it
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token == token

    organisation_member_remove(membership=other)
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != token


def test_owners_see_when_the_address_last_changed(world, login):
    meetings = reverse("dialogues:meeting-list", kwargs={"dialogue_pk": world.dialogue.pk})
    owner = login(world.users["owner"])
    assert "has not changed since the dialogue was created" in owner.get(meetings).content.decode()
    owner.post(reverse("dialogues:calendar-regenerate", kwargs={"dialogue_pk": world.dialogue.pk}))
    world.dialogue.refresh_from_db()
    html = owner.get(meetings).content.decode()
    assert "Address last changed" in html
    assert "has not changed" not in html
    facilitator = login(world.users["facilitator"])
    assert "Address last changed" not in facilitator.get(meetings).content.decode()


# --- A deleted dialogue, brought back -------------------------------------------------------


def test_a_restored_dialogue_gets_a_new_feed_address(world, login, client):
    """An address copied by someone who left while the dialogue was deleted must not work
    again when it comes back."""
    old = feed(world.dialogue, world.dialogue.calendar_token)
    owner = login(world.users["owner"])
    kwargs = {"dialogue_pk": world.dialogue.pk}
    owner.post(reverse("dialogues:dialogue-delete", kwargs=kwargs))
    assert client.get(old).status_code == 404
    response = owner.post(reverse("dialogues:dialogue-restore", kwargs=kwargs))
    assert response.status_code == 302

    world.dialogue.refresh_from_db()
    assert world.dialogue.deleted_at is None
    assert client.get(old).status_code == 404
    assert client.get(feed(world.dialogue, world.dialogue.calendar_token)).status_code == 200
    entry = Activity.objects.get(dialogue=world.dialogue, details__calendar_feed="restored")
    assert entry.actor == world.users["owner"]
    meetings = reverse("dialogues:meeting-list", kwargs=kwargs)
    assert "Address last changed" in owner.get(meetings).content.decode()


# --- Accounts and memberships deleted outside the team pages --------------------------------


def rotations(dialogue):
    return Activity.objects.filter(dialogue=dialogue, details__calendar_feed="member_left")


def admin_client(login):
    return login(UserFactory(is_staff=True, is_superuser=True))


def test_deleting_a_facilitators_account_in_the_admin_changes_the_address(world, login, client):
    old = feed(world.dialogue, world.dialogue.calendar_token)
    facilitator = world.users["facilitator"]
    response = admin_client(login).post(
        f"/en/admin/auth/user/{facilitator.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=facilitator.pk).exists()

    assert client.get(old).status_code == 404
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token_changed_at is not None
    assert rotations(world.dialogue).get().actor is None


def test_deleting_accounts_in_bulk_in_the_admin_changes_the_address_once(world, login):
    token = world.dialogue.calendar_token
    users = [world.users["facilitator"], world.users["owner"], world.users["viewer"]]
    response = admin_client(login).post(
        "/en/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[u.pk for u in users]).exists()
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != token
    # Two people who could read it left; the second found the address already changed.
    assert rotations(world.dialogue).count() == 1


def test_an_organisation_admin_whose_account_goes_changes_every_dialogue_of_it(world):
    """Also when they were a facilitator of one of them: one new address per dialogue."""
    admin = OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    ).user
    DialogueMembershipFactory(dialogue=world.dialogue, user=admin, role=Role.FACILITATOR)
    other = DialogueFactory(organisation=world.organisation)
    elsewhere = DialogueFactory()
    before = {d.pk: d.calendar_token for d in (world.dialogue, other, elsewhere)}

    admin.delete()

    after = dict(Dialogue.objects.filter(pk__in=before).values_list("pk", "calendar_token"))
    assert after[world.dialogue.pk] != before[world.dialogue.pk]
    assert after[other.pk] != before[other.pk]
    assert after[elsewhere.pk] == before[elsewhere.pk]
    assert rotations(world.dialogue).count() == 1
    assert rotations(other).count() == 1


def test_a_membership_row_deleted_directly_changes_the_address(world):
    token = world.dialogue.calendar_token
    DialogueMembership.objects.filter(user=world.users["facilitator"]).delete()
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != token


@pytest.mark.parametrize("name", ["viewer", "org_member", "outsider"])
def test_accounts_that_never_saw_it_go_without_changing_it(world, name):
    token = world.dialogue.calendar_token
    world.users[name].delete()
    world.dialogue.refresh_from_db()
    assert (world.dialogue.calendar_token, world.dialogue.calendar_token_changed_at) == (
        token,
        None,
    )


def test_removing_a_member_through_the_team_page_changes_it_once(world, login):
    member_update(login(world.users["owner"]), world, world.dialogue_membership, action="remove")
    assert rotations(world.dialogue).get().actor == world.users["owner"]


@pytest.mark.parametrize("deleted", [False, True])
def test_a_dialogue_erased_with_its_members_logs_nothing_after_it(world, deleted):
    """Purging a deleted dialogue (or deleting a live one) takes its memberships with it and
    leaves no log entry pointing at it."""
    if deleted:
        world.dialogue.deleted_at = timezone.now() - timedelta(days=60)
        world.dialogue.save(update_fields=["deleted_at"])
        assert dialogues_purge() == 1
    else:
        world.dialogue.delete()
    connection.check_constraints()
    assert not Activity.objects.filter(dialogue_id=world.dialogue.pk).exists()
    assert not Dialogue.objects.filter(pk=world.dialogue.pk).exists()


def test_switching_off_a_facilitators_account_in_the_admin_changes_the_address(world, login):
    """An inactive account cannot sign in, but an address it copied would still work."""
    facilitator = world.users["facilitator"]
    token = world.dialogue.calendar_token
    change = f"/en/admin/auth/user/{facilitator.pk}/change/"
    client = admin_client(login)
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("is_active", "groups", "user_permissions")
    }
    data.update(last_login_0="", last_login_1="", date_joined_0="2026-01-01", date_joined_1="00:00")
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    facilitator.refresh_from_db()
    assert not facilitator.is_active

    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != token
    assert rotations(world.dialogue).count() == 1
    # Saved again, or switched back on, nothing changes any more.
    token = world.dialogue.calendar_token
    facilitator.save()
    facilitator.is_active = True
    facilitator.save()
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token == token


def test_an_inactive_account_has_no_role(world):
    facilitator = world.users["facilitator"]
    assert can(facilitator, "dialogues.view_calendar_feed", world.dialogue)
    facilitator.is_active = False
    assert not can(facilitator, "dialogues.view_dialogue", world.dialogue)
