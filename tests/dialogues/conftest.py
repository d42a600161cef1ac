import copy
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import transaction
from django.test import RequestFactory

from accounts.two_factor import second_factor_record
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


def world_build(*, organisation_admins=False):
    """Build the world: about twenty rows, made through the factories. With
    ``organisation_admins``, the organisation has admins too (see `organisation_admins_add`)."""
    organisation = factories.OrganisationFactory()
    dialogue = factories.DialogueFactory(organisation=organisation)
    users = {
        "anonymous": None,
        "outsider": factories.UserFactory(),
        # Site accounts with every Django permission, and staff: no workspace right of their own.
        "superuser": factories.UserFactory(is_staff=True, is_superuser=True),
        "superuser_viewer": factories.UserFactory(is_staff=True, is_superuser=True),
        "staff_viewer": factories.UserFactory(is_staff=True),
        "org_member": factories.UserFactory(),
        "viewer": factories.UserFactory(),
        "facilitator": factories.UserFactory(),
        "owner": factories.UserFactory(),
    }
    org_membership = factories.OrganisationMembershipFactory(
        organisation=organisation, user=users["org_member"], role=OrganisationRole.MEMBER
    )
    if organisation_admins:
        users.update(organisation_admins_add(organisation))
    for name in ("viewer", "superuser_viewer", "staff_viewer"):
        factories.DialogueMembershipFactory(dialogue=dialogue, user=users[name], role=Role.VIEWER)
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


def organisation_admins_add(organisation):
    """An admin of the organisation, and three for its two-factor requirement: without an
    authenticator, with one this session did not sign in with, and with one it did (`login`
    with ``second_factor``)."""
    admins = {
        name: factories.OrganisationMembershipFactory(
            organisation=organisation, role=OrganisationRole.ADMIN
        ).user
        for name in ("org_admin", "admin_without_2fa", "admin_2fa_elsewhere", "admin_2fa")
    }
    for name in ("admin_2fa_elsewhere", "admin_2fa"):
        TOTP.activate(admins[name], generate_totp_secret())
    return admins


@pytest.fixture
def world(db):
    return world_build()


def world_of_a_module(django_db_blocker, **options):
    """Build a world inside a transaction that each test's own transaction nests in, and roll
    it back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield world_build(**options)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def world_of_the_module(django_db_setup, django_db_blocker):
    """One world for all the tests of a module that ask for ``shared_world``."""
    yield from world_of_a_module(django_db_blocker)


@pytest.fixture
def shared_world(world_of_the_module, db):
    """The module's world, as it was built: what a test changes is rolled back after it, and
    each test gets its own copies of the Python objects."""
    return copy.deepcopy(world_of_the_module)


def _second_factor_used(client, user):
    """Record in the client's session that it signed in with the user's authenticator app, as
    allauth does when the code is entered at sign-in."""
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    second_factor_record(request, user, id=authenticator.pk, type=authenticator.type)
    session.save()


@pytest.fixture
def login(client):
    """Sign the test client in as ``user`` (out for None); ``second_factor`` as if the session
    had entered a code of the user's authenticator app."""

    def _login(user, *, second_factor=False):
        if settings.SESSION_COOKIE_NAME in client.cookies:
            client.logout()
        if user is not None:
            client.force_login(user)
            if second_factor:
                _second_factor_used(client, user)
        return client

    return _login
