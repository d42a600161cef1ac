import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Activity, DialogueMembership, Invitation, Role
from dialogues.services.dialogues import dialogue_delete

from .factories import (
    PASSWORD,
    DialogueMembershipFactory,
    OrganisationMembershipFactory,
    UserFactory,
)


@pytest.fixture
def owner_client(client, world):
    client.force_login(world.users["owner"])
    return client


def _invite(client, world, email, role="facilitator", lang="en"):
    with_capture = client.post(
        f"/{lang}/dialogues/{world.dialogue.pk}/members/", {"email": email, "role": role}
    )
    return with_capture


def _link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.django_db(transaction=True)
def test_new_person_signs_up_through_the_invitation_and_lands_in_the_workspace(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, world, "Nadia@Example.org", lang="fr")
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["nadia@example.org"]
    assert "Invitation" in message.subject and world.dialogue.title in message.subject
    assert "rejoindre" in message.body  # written in the inviter's language
    path = _link(message)

    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "nadia@example.org" in page.content.decode()
    response = client.post(
        "/fr/accounts/signup/",
        {"email": "nadia@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/fr/dialogues/{world.dialogue.pk}/"
    user = get_user_model().objects.get(email="nadia@example.org")
    membership = DialogueMembership.objects.get(dialogue=world.dialogue, user=user)
    assert membership.role == Role.FACILITATOR
    assert client.get(response["Location"]).status_code == 200
    # The link worked once.
    client.logout()
    assert client.get(path).status_code == 410


@pytest.mark.django_db
def test_person_with_an_account_accepts(client, world):
    invitee = UserFactory(email="existing@example.org")
    invitation = Invitation.objects.create(
        email="existing@example.org",
        dialogue=world.dialogue,
        role=Role.VIEWER,
        invited_by=world.users["owner"],
        expires_at=timezone.now() + timedelta(days=14),
    )
    client.force_login(invitee)
    url = reverse("dialogues:invitation-accept", kwargs={"token": invitation.token})
    assert "Accept the invitation" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert DialogueMembership.objects.get(user=invitee).role == Role.VIEWER
    assert Activity.objects.filter(dialogue=world.dialogue, verb=Activity.Verb.JOINED).exists()
    # Used twice: refused, nothing changes.
    assert client.post(url).status_code == 410


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_expired_or_revoked_links_are_refused(client, world, state):
    invitee = UserFactory(email=world.invitation.email)
    if state == "expired":
        world.invitation.expires_at = timezone.now() - timedelta(minutes=1)
    else:
        world.invitation.revoked_at = timezone.now()
    world.invitation.save()
    client.force_login(invitee)
    url = reverse("dialogues:invitation-accept", kwargs={"token": world.invitation.token})
    response = client.post(url)
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()
    assert not DialogueMembership.objects.filter(user=invitee).exists()


@pytest.mark.django_db
def test_an_invitation_to_a_deleted_dialogue_is_refused(client, world):
    """While the dialogue is deleted its invitations show nothing of it and admit no one."""
    invitee = UserFactory(email=world.invitation.email)
    dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])
    url = reverse("dialogues:invitation-accept", kwargs={"token": world.invitation.token})
    page = client.get(url)
    assert page.status_code == 410 and world.dialogue.title not in page.content.decode()
    client.force_login(invitee)
    assert client.post(url).status_code == 410
    assert not DialogueMembership.objects.filter(user=invitee).exists()


@pytest.mark.django_db
def test_wrong_logged_in_user_cannot_take_someone_elses_invitation(client, world):
    intruder = UserFactory()
    client.force_login(intruder)
    url = reverse("dialogues:invitation-accept", kwargs={"token": world.invitation.token})
    response = client.post(url)
    assert response.status_code == 403
    assert world.invitation.email in response.content.decode()
    assert not DialogueMembership.objects.filter(user=intruder).exists()
    world.invitation.refresh_from_db()
    assert world.invitation.is_pending


@pytest.mark.django_db
def test_unknown_token_is_refused(client):
    response = client.get(reverse("dialogues:invitation-accept", kwargs={"token": "nope"}))
    assert response.status_code == 410


@pytest.mark.django_db
def test_a_member_cannot_be_invited_twice(client, world):
    client.force_login(world.users["owner"])
    response = _invite(client, world, world.users["facilitator"].email.upper())
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    response = _invite(client, world, world.invitation.email)
    assert response.status_code == 400
    assert "already pending" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_owner_resends_and_revokes(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["owner"])
    members_url = f"/en/dialogues/{world.dialogue.pk}/members/"
    assert world.invitation.email in client.get(members_url).content.decode()
    url = reverse(
        "dialogues:invitation-update",
        kwargs={"dialogue_pk": world.dialogue.pk, "invitation_pk": world.invitation.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "resend"})
    assert mail.outbox[-1].to == [world.invitation.email]
    client.post(url, {"action": "revoke"})
    world.invitation.refresh_from_db()
    assert world.invitation.revoked_at is not None
    assert world.invitation.email not in client.get(members_url).content.decode()


@pytest.mark.django_db
def test_the_last_owner_cannot_leave(client, world):
    owner_membership = DialogueMembership.objects.get(
        dialogue=world.dialogue, user=world.users["owner"]
    )
    client.force_login(world.users["owner"])
    client.post(
        reverse(
            "dialogues:member-update",
            kwargs={"dialogue_pk": world.dialogue.pk, "member_pk": owner_membership.pk},
        ),
        {"action": "remove"},
        follow=True,
    )
    assert DialogueMembership.objects.filter(pk=owner_membership.pk).exists()
    second = DialogueMembershipFactory(dialogue=world.dialogue, role=Role.OWNER)
    assert second.role == Role.OWNER
    client.post(
        reverse(
            "dialogues:member-update",
            kwargs={"dialogue_pk": world.dialogue.pk, "member_pk": owner_membership.pk},
        ),
        {"action": "remove"},
    )
    assert not DialogueMembership.objects.filter(pk=owner_membership.pk).exists()


@pytest.mark.django_db
def test_the_last_owner_cannot_step_down_to_another_role(client, world):
    owner_membership = DialogueMembership.objects.get(
        dialogue=world.dialogue, user=world.users["owner"]
    )
    update = reverse(
        "dialogues:member-update",
        kwargs={"dialogue_pk": world.dialogue.pk, "member_pk": owner_membership.pk},
    )
    client.force_login(world.users["owner"])
    page = client.post(update, {"action": "role", "role": Role.FACILITATOR}, follow=True)
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER
    assert "Role changed." not in page.content.decode()
    assert 'class="alert alert-danger' in page.content.decode()
    # With a second owner, the first may become a facilitator.
    DialogueMembershipFactory(dialogue=world.dialogue, role=Role.OWNER)
    page = client.post(update, {"action": "role", "role": Role.FACILITATOR}, follow=True)
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.FACILITATOR
    assert "Role changed." in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_organisation_admin_invites_a_colleague_who_joins_with_the_role(
    client, world, django_capture_on_commit_callbacks
):
    from dialogues.models import OrganisationMembership, OrganisationRole

    colleague = UserFactory(email="colleague@example.org")
    invite = reverse("dialogues:organisation-invite", kwargs={"pk": world.organisation.pk})
    admin = OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    ).user
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite, {"email": "Colleague@Example.org", "role": OrganisationRole.ADMIN}
        )
    assert response.status_code == 302
    assert "Invitation sent." in client.get(response["Location"]).content.decode()
    message = mail.outbox[-1]
    assert message.to == ["colleague@example.org"]
    assert world.organisation.name in message.subject
    # The same address again while the invitation is pending: refused, no second email.
    response = client.post(
        invite, {"email": "colleague@example.org", "role": "member"}, follow=True
    )
    assert "already pending" in response.content.decode()
    assert len(mail.outbox) == 1

    client.force_login(colleague)
    response = client.post(_link(message))
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(organisation=world.organisation, user=colleague)
    assert membership.role == OrganisationRole.ADMIN
    # An organisation's members see its dialogues.
    assert client.get(f"/en/dialogues/{world.dialogue.pk}/").status_code == 200


@pytest.mark.django_db
def test_an_invitation_with_a_higher_role_raises_a_members_role(world):
    from dialogues.services.organisations import invitation_accept

    viewer = world.users["viewer"]

    def accept(role):
        invitation = Invitation.objects.create(
            email=viewer.email,
            dialogue=world.dialogue,
            role=role,
            invited_by=world.users["owner"],
            expires_at=timezone.now() + timedelta(days=14),
        )
        invitation_accept(invitation=invitation, user=viewer)
        return DialogueMembership.objects.get(dialogue=world.dialogue, user=viewer).role

    assert accept(Role.FACILITATOR) == Role.FACILITATOR
    assert accept(Role.VIEWER) == Role.FACILITATOR  # a lower role never lowers one


@pytest.mark.django_db
def test_an_invitation_revoked_while_the_newcomer_signs_up_admits_nobody(client, world):
    invitation = world.invitation
    client.get(reverse("dialogues:invitation-accept", kwargs={"token": invitation.token}))
    invitation.revoked_at = timezone.now()
    invitation.save()
    response = client.post(
        "/en/accounts/signup/",
        {"email": invitation.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] != world.dialogue.get_absolute_url()
    user = get_user_model().objects.get(email=invitation.email)
    assert not DialogueMembership.objects.filter(user=user).exists()
