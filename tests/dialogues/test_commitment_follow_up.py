"""A team member follows up a commitment: chosen among those who edit the workspace, told by
email, shown wherever the commitment is, listed under My work, and let go when they leave."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.models import (
    Activity,
    Commitment,
    Invitation,
    NotificationChoice,
    OrganisationRole,
    Role,
)
from dialogues.portability.create import import_dialogue
from dialogues.portability.export import export_dialogue
from dialogues.rules import can
from dialogues.selectors.commitments import commitment_followers
from dialogues.services.commitments import commitment_create, commitment_update
from dialogues.services.dialogues import (
    dialogue_delete,
    dialogue_member_remove,
    dialogue_member_set_role,
)
from dialogues.services.notifications import digests_send, notification_preference_set
from dialogues.services.organisations import (
    organisation_member_remove,
    organisation_member_set_role,
)

from . import factories
from .conftest import organisation_admins_add

TODAY = timezone.localdate


def url(name, dialogue, **kwargs):
    with translation.override("en"):
        return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk, **kwargs})


@pytest.fixture
def union(world):
    return factories.StakeholderFactory(dialogue=world.dialogue, name="Fishers' union")


def _form(union, **fields):
    return {
        "stakeholders": [union.pk],
        "description": "Open the landing data",
        "status": "agreed",
        **fields,
    }


def _assign(commitment, to, by):
    commitment.assignee = to
    return commitment_update(
        commitment=commitment,
        user=by,
        version=commitment.version,
        fields=["assignee"],
        stakeholders=list(commitment.stakeholders.all()),
    )


# --- Who may follow up ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_people_offered_are_exactly_those_the_rule_allows(world):
    users = {**world.users, **organisation_admins_add(world.organisation)}
    offered = set(commitment_followers(world.dialogue))
    for name, user in users.items():
        if user is None:
            continue
        allowed = can(user, "dialogues.follow_up_commitments", world.dialogue)
        assert (user in offered) == allowed, name
    assert {world.users["facilitator"], world.users["owner"], users["org_admin"]} <= offered
    assert world.users["viewer"] not in offered and world.users["org_member"] not in offered
    dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])
    assert not commitment_followers(world.dialogue).exists()


@pytest.mark.django_db
def test_the_form_offers_facilitators_and_owners_and_refuses_a_viewer(world, login, union):
    client = login(world.users["owner"])
    form_html = client.get(url("commitment-create", world.dialogue)).content.decode()
    select = form_html[
        form_html.index('name="assignee"') : form_html.index(
            "</select>", form_html.index('name="assignee"')
        )
    ]
    assert world.users["facilitator"].email in select and world.users["owner"].email in select
    assert world.users["viewer"].email not in select
    assert world.users["org_member"].email not in select

    response = client.post(
        url("commitment-create", world.dialogue),
        _form(union, assignee=world.users["viewer"].pk),
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Commitment.objects.filter(assignee=world.users["viewer"]).exists()


# --- Telling the member -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_recording_a_commitment_for_a_member_tells_them_in_their_language(world, login, union):
    facilitator = world.users["facilitator"]
    Invitation.objects.create(
        email=facilitator.email,
        dialogue=world.dialogue,
        role="facilitator",
        language="fr",
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
        accepted_by=facilitator,
    )
    client = login(world.users["owner"])
    response = client.post(
        url("commitment-create", world.dialogue),
        _form(union, assignee=facilitator.pk, due_date=(TODAY() + timedelta(days=9)).isoformat()),
    )
    assert response.status_code == 302
    made = Commitment.objects.get(description="Open the landing data")
    assert made.assignee == facilitator
    [message] = mail.outbox
    assert message.to == [facilitator.email]
    assert world.dialogue.title in message.subject
    assert "Open the landing data" in message.body and "Fishers' union" in message.body
    assert "suivre un engagement" in message.body  # French, as the member was invited
    with translation.override("fr"):
        assert made.get_absolute_url() in message.body  # the page in the member's language
    assert "/notifications/change/" in message.extra_headers["List-Unsubscribe"]
    created = Activity.objects.get(verb=Activity.Verb.CREATED, target_type="commitment")
    assert created.details["assigned_to"] == facilitator.email


@pytest.mark.django_db(transaction=True)
def test_a_new_follower_is_told_once_and_nobody_for_their_own_choice_or_against_theirs(
    world, union
):
    owner, facilitator = world.users["owner"], world.users["facilitator"]
    made = commitment_create(
        dialogue=world.dialogue,
        user=owner,
        fields={"description": "Map the boats"},
        stakeholders=[union],
    )
    assert mail.outbox == []  # nobody follows it up
    _assign(made, facilitator, owner)
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert "Map the boats" in mail.outbox[0].body

    mail.outbox.clear()
    made.description = "Map every boat"
    commitment_update(
        commitment=made,
        user=owner,
        version=made.version,
        fields=["description"],
        stakeholders=[union],
    )
    assert mail.outbox == []  # the follower did not change

    _assign(made, owner, owner)
    assert mail.outbox == []  # they gave it to themselves
    notification_preference_set(
        user=facilitator, dialogue=world.dialogue, choice=NotificationChoice.DIGEST
    )
    _assign(made, facilitator, owner)
    assert mail.outbox == []  # they chose a daily summary
    _assign(made, None, owner)
    assert mail.outbox == []
    labels = [
        a.assignment_label
        for a in Activity.objects.filter(target_type="commitment").order_by("pk")
        if a.assignment_label
    ]
    assert labels == [
        f"followed up by {facilitator.email}",
        f"followed up by {owner.email}",
        f"followed up by {facilitator.email}",
        "followed up by nobody now",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_member_who_chose_a_daily_summary_reads_who_follows_up_what(world, union):
    facilitator = world.users["facilitator"]
    notification_preference_set(
        user=facilitator, dialogue=world.dialogue, choice=NotificationChoice.DIGEST
    )
    made = commitment_create(
        dialogue=world.dialogue,
        user=world.users["owner"],
        fields={"description": "Map the boats", "assignee": facilitator},
        stakeholders=[union],
    )
    assert mail.outbox == []
    assert digests_send() >= 1
    [summary] = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert f"«{made}» — followed up by {facilitator.email}" in summary.body


# --- Pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_follower_shows_on_the_commitment_the_list_the_plan_and_the_activity(
    world, login, union
):
    facilitator = world.users["facilitator"]
    facilitator.first_name, facilitator.last_name = "Awa", "Ndiaye"
    facilitator.save()
    made = factories.CommitmentFactory(dialogue=world.dialogue, description="Map the boats")
    made.stakeholders.add(union)
    client = login(world.users["viewer"])
    assert "Nobody yet" in client.get(made.get_absolute_url()).content.decode()
    _assign(made, facilitator, world.users["owner"])
    for address in (made.get_absolute_url(), url("commitment-list", world.dialogue)):
        assert "<bdi>Awa Ndiaye</bdi>" in client.get(address).content.decode(), address
    # The plan's cells take the direction of their own text (dialogues/plan.py).
    assert "<td>Awa Ndiaye" in client.get(url("plan-print", world.dialogue)).content.decode()
    activity = client.get(url("activity", world.dialogue)).content.decode()
    assert "followed up by Awa Ndiaye" in activity


@pytest.mark.django_db
def test_followed_up_by_me_lists_mine_and_exports_them(world, login, union):
    facilitator, owner = world.users["facilitator"], world.users["owner"]
    for description, follower in (("Mine to chase", facilitator), ("Theirs to chase", owner)):
        factories.CommitmentFactory(
            dialogue=world.dialogue, description=description, assignee=follower
        ).stakeholders.add(union)
    client = login(facilitator)
    html = client.get(url("commitment-list", world.dialogue), {"mine": "on"}).content.decode()
    assert "Mine to chase" in html and "Theirs to chase" not in html
    assert 'name="mine"' in html and "checked" in html.split('name="mine"')[1][:80]
    csv_text = b"".join(
        client.get(url("commitment-export-csv", world.dialogue), {"mine": "on"}).streaming_content
    ).decode("utf-8-sig")
    assert "Mine to chase" in csv_text and "Theirs to chase" not in csv_text
    everything = client.get(url("commitment-list", world.dialogue)).content.decode()
    assert "Mine to chase" in everything and "Theirs to chase" in everything


@pytest.mark.django_db
def test_a_concurrent_change_of_follower_shows_both_people_by_name(world, login, union):
    owner, facilitator = world.users["owner"], world.users["facilitator"]
    facilitator.first_name, facilitator.last_name = "Awa", "Ndiaye"
    facilitator.save()
    made = factories.CommitmentFactory(dialogue=world.dialogue, description="Map the boats")
    made.stakeholders.add(union)
    client = login(owner)
    _assign(made, facilitator, world.users["facilitator"])  # saved while the owner edits
    response = client.post(
        url("commitment-update", world.dialogue, pk=made.pk),
        {**_form(union, description="Map the boats", assignee=owner.pk), "version": 1},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f"Awa Ndiaye &lt;{facilitator.email}&gt;" in html
    assert f">{owner.email}<" in html and f">{owner.username}<" not in html
    made.refresh_from_db()
    assert made.assignee == facilitator


# --- Leaving the team -------------------------------------------------------------------------


def _followed(world, *users):
    made = {}
    for user in users:
        made[user] = factories.CommitmentFactory(dialogue=world.dialogue, assignee=user)
    return made


@pytest.mark.django_db
def test_a_removed_or_demoted_member_no_longer_follows_anything_up(world):
    owner, facilitator = world.users["owner"], world.users["facilitator"]
    made = _followed(world, facilitator, owner)
    membership = world.dialogue.memberships.get(user=facilitator)
    dialogue_member_set_role(membership=membership, role=Role.VIEWER, user=owner)
    commitment = Commitment.objects.get(pk=made[facilitator].pk)
    assert commitment.assignee is None and commitment.version == made[facilitator].version + 1
    assert Commitment.objects.get(pk=made[owner].pk).assignee == owner
    released = Activity.objects.filter(target_type="commitment").get()
    assert released.actor == owner and released.assignment_label == "followed up by nobody now"

    again = _followed(world, facilitator)[facilitator]  # as a viewer: kept only if allowed
    dialogue_member_set_role(membership=membership, role=Role.FACILITATOR, user=owner)
    again.assignee = facilitator
    again.save()
    dialogue_member_remove(membership=membership, user=owner)
    assert Commitment.objects.get(pk=again.pk).assignee is None


@pytest.mark.django_db
def test_an_organisation_admin_who_leaves_lets_go_only_where_no_other_role_keeps_them(world):
    admins = organisation_admins_add(world.organisation)
    admin = admins["org_admin"]
    kept_dialogue = factories.DialogueFactory(organisation=world.organisation)
    factories.DialogueMembershipFactory(dialogue=kept_dialogue, user=admin, role=Role.FACILITATOR)
    released = factories.CommitmentFactory(dialogue=world.dialogue, assignee=admin)
    kept = factories.CommitmentFactory(dialogue=kept_dialogue, assignee=admin)
    membership = world.organisation.memberships.get(user=admin)
    organisation_member_set_role(
        membership=membership, role=OrganisationRole.MEMBER, user=world.users["owner"]
    )
    assert Commitment.objects.get(pk=released.pk).assignee is None
    assert Commitment.objects.get(pk=kept.pk).assignee == admin
    organisation_member_remove(membership=membership, user=world.users["owner"])
    assert Commitment.objects.get(pk=kept.pk).assignee == admin  # still a facilitator there


# --- The dialogue file ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dialogue_file_keeps_the_follower_where_they_may_follow_up(world):
    owner, facilitator = world.users["owner"], world.users["facilitator"]
    world.commitment.assignee = facilitator
    world.commitment.save()
    data = json.loads(json.dumps(export_dialogue(world.dialogue), default=str))
    [record] = data["commitments"]
    assert record["assignee"] == facilitator.email
    organisation = factories.OrganisationFactory()
    factories.OrganisationMembershipFactory(
        organisation=organisation, user=owner, role=OrganisationRole.ADMIN
    )
    factories.OrganisationMembershipFactory(organisation=organisation, user=facilitator)
    # A plain member of the receiving organisation is a viewer there: they do not follow it up.
    copy = import_dialogue(data, organisation=organisation, user=owner)
    assert copy.commitments.get().assignee is None
    record["assignee"] = owner.email
    copy = import_dialogue(data, organisation=organisation, user=owner)
    assert copy.commitments.get().assignee == owner
    # A file written before commitments had a follower still reads.
    del record["assignee"]
    copy = import_dialogue(data, organisation=organisation, user=owner)
    assert copy.commitments.get().assignee is None
