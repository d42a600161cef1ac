"""The secret calendar feed address does not outlive the right to see it: it changes when
someone who could see it leaves the team, is removed or loses that right, and owners see when
it last changed."""

import pytest
from django.urls import reverse

from dialogues.models import Activity, OrganisationRole, Role
from dialogues.services.organisations import (
    organisation_member_remove,
    organisation_member_set_role,
)

from .factories import OrganisationMembershipFactory

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
