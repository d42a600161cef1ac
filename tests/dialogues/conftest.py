import copy
from dataclasses import dataclass

import pytest
from django.db import transaction

from dialogues.models import OrganisationRole, Role

from . import factories


@dataclass
class World:
    """One dialogue with a person in every role, and one object of each kind in it."""

    organisation: object
    dialogue: object
    users: dict
    stakeholder: object
    interaction: object
    checklist_item: object
    meeting: object
    commitment: object
    invitation: object
    org_membership: object
    dialogue_membership: object


def world_build():
    """Build the world: about twenty rows, made through the factories."""
    organisation = factories.OrganisationFactory()
    dialogue = factories.DialogueFactory(organisation=organisation)
    users = {
        "anonymous": None,
        "outsider": factories.UserFactory(),
        "org_member": factories.UserFactory(),
        "viewer": factories.UserFactory(),
        "facilitator": factories.UserFactory(),
        "owner": factories.UserFactory(),
        "staff": factories.UserFactory(is_staff=True, is_superuser=True),
    }
    org_membership = factories.OrganisationMembershipFactory(
        organisation=organisation, user=users["org_member"], role=OrganisationRole.MEMBER
    )
    factories.DialogueMembershipFactory(dialogue=dialogue, user=users["viewer"], role=Role.VIEWER)
    dialogue_membership = factories.DialogueMembershipFactory(
        dialogue=dialogue, user=users["facilitator"], role=Role.FACILITATOR
    )
    factories.DialogueMembershipFactory(dialogue=dialogue, user=users["owner"], role=Role.OWNER)
    stakeholder = factories.StakeholderFactory(dialogue=dialogue, email="secret@example.org")
    # The outsider has a dialogue of their own elsewhere.
    factories.DialogueMembershipFactory(user=users["outsider"], role=Role.OWNER)
    return World(
        organisation=organisation,
        dialogue=dialogue,
        users=users,
        stakeholder=stakeholder,
        interaction=factories.InteractionFactory(stakeholder=stakeholder),
        checklist_item=factories.ChecklistItemFactory(dialogue=dialogue),
        meeting=factories.MeetingFactory(dialogue=dialogue),
        commitment=factories.CommitmentFactory(dialogue=dialogue),
        invitation=factories.InvitationFactory(dialogue=dialogue),
        org_membership=org_membership,
        dialogue_membership=dialogue_membership,
    )


@pytest.fixture
def world(db):
    return world_build()


@pytest.fixture(scope="module")
def world_of_the_module(django_db_setup, django_db_blocker):
    """One world for all the tests of a module that ask for ``shared_world``: built inside a
    transaction that each test's own transaction nests in, and rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield world_build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def shared_world(world_of_the_module, db):
    """The module's world, as it was built: what a test changes is rolled back after it, and
    each test gets its own copies of the Python objects."""
    return copy.deepcopy(world_of_the_module)


@pytest.fixture
def login(client):
    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
