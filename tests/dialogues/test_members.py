"""The members page and the organisation page as a new team sees them."""

import re

import pytest
from django.urls import reverse

from dialogues.models import Activity, Invitation, OrganisationRole, Role
from dialogues.services.dialogues import dialogue_create
from dialogues.services.organisations import invitation_accept, organisation_create

from .factories import InvitationFactory, UserFactory


def _members_page(client, dialogue, lang="en"):
    with_lang = f"/{lang}" + reverse("dialogues:members", kwargs={"dialogue_pk": dialogue.pk})[3:]
    return client.get(with_lang).content.decode()


def _rows(html):
    return re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)


@pytest.fixture
def founder_dialogue(db):
    """A dialogue started by the administrator of its organisation, as a newcomer does."""
    founder = UserFactory(email="amina@example.org")
    organisation = organisation_create(user=founder, name="Tunis Youth", country="Tunisia")
    dialogue = dialogue_create(
        user=founder, organisation=organisation, title="Water", challenge="Wells run dry."
    )
    return founder, dialogue


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "label"), [("en", "Facilitator"), ("ar", "ميسِّر")])
def test_pending_invitations_show_the_role_in_the_readers_language(client, world, lang, label):
    client.force_login(world.users["owner"])
    html = _members_page(client, world.dialogue, lang)
    pending = html[html.index(world.invitation.email) :]
    pending = pending[: pending.index("</li>")]
    assert label in pending
    assert "facilitator" not in pending


@pytest.mark.django_db
def test_organisation_page_shows_the_role_of_pending_invitations(client, founder_dialogue):
    founder, dialogue = founder_dialogue
    Invitation.objects.create(
        email="omar@example.org",
        organisation=dialogue.organisation,
        role=OrganisationRole.ADMIN,
        invited_by=founder,
        expires_at=InvitationFactory.build().expires_at,
    )
    client.force_login(founder)
    html = client.get(dialogue.organisation.get_absolute_url()).content.decode()
    pending = html[html.index("omar@example.org") :]
    assert "Administrator" in pending[: pending.index("</li>")]


@pytest.mark.django_db
def test_the_founder_is_listed_once_and_cannot_remove_themselves(client, founder_dialogue):
    founder, dialogue = founder_dialogue
    client.force_login(founder)
    rows = [row for row in _rows(_members_page(client, dialogue)) if founder.email in row]
    assert len(rows) == 1
    assert "(you)" in rows[0]
    assert 'value="remove"' not in rows[0] and "<select" not in rows[0]


@pytest.mark.django_db
def test_an_owner_still_manages_the_other_members(client, founder_dialogue):
    founder, dialogue = founder_dialogue
    other = UserFactory()
    dialogue.memberships.create(user=other, role=Role.VIEWER)
    client.force_login(founder)
    rows = [row for row in _rows(_members_page(client, dialogue)) if other.email in row]
    assert len(rows) == 1 and 'value="remove"' in rows[0]


@pytest.mark.django_db
def test_team_and_organisation_role_forms_post_to_their_own_address(client, founder_dialogue):
    founder, dialogue = founder_dialogue
    organisation = dialogue.organisation
    other = UserFactory()
    team = dialogue.memberships.create(user=other, role=Role.FACILITATOR)
    staff = organisation.memberships.create(user=other, role=OrganisationRole.MEMBER)
    client.force_login(founder)
    pages = (
        (_members_page(client, dialogue), "dialogues:member-update", dialogue, team, "role"),
        (
            client.get(organisation.get_absolute_url()).content.decode(),
            "dialogues:organisation-member-update",
            organisation,
            staff,
            "org-role",
        ),
    )
    for html, url_name, owner, membership, prefix in pages:
        row = next(row for row in _rows(html) if other.email in row)
        action = reverse(url_name, args=[owner.pk, membership.pk])
        assert f'action="{action}"' in row
        field = f"{prefix}-{membership.pk}"
        assert f'<label class="visually-hidden" for="{field}">Role</label>' in row
        selected = re.search(rf'<select[^>]*id="{field}">.*?</select>', row, flags=re.S)
        assert f'value="{membership.role}" selected' in selected.group()
        assert 'value="role"' in row and 'value="remove"' in row


@pytest.mark.django_db
def test_an_administrator_without_a_membership_is_listed_as_owner(client, founder_dialogue):
    founder, dialogue = founder_dialogue
    dialogue.memberships.filter(user=founder).delete()
    viewer = UserFactory()
    dialogue.memberships.create(user=viewer, role=Role.VIEWER)
    client.force_login(viewer)
    rows = [row for row in _rows(_members_page(client, dialogue)) if founder.email in row]
    assert len(rows) == 1 and "Owner (organisation administrator)" in rows[0]


@pytest.mark.django_db
def test_someone_who_accepts_an_invitation_is_shown_as_joining_with_their_role(client, world):
    newcomer = UserFactory(email=world.invitation.email, first_name="Nadia", last_name="Haddad")
    invitation_accept(invitation=world.invitation, user=newcomer)
    entry = Activity.objects.get(dialogue=world.dialogue, actor=newcomer)
    assert entry.verb == Activity.Verb.JOINED
    client.force_login(world.users["viewer"])
    html = client.get(
        reverse("dialogues:activity", kwargs={"dialogue_pk": world.dialogue.pk})
    ).content.decode()
    line = re.sub(r"\s+", " ", html[html.index("Nadia Haddad") - 10 :][:200])
    assert "Nadia Haddad</bdi> joined as Facilitator" in line
    assert "added a member" not in html


@pytest.mark.django_db
def test_activity_names_a_member_by_their_address_not_a_username(client, world):
    viewer = world.users["viewer"]
    membership = world.dialogue.memberships.get(user=viewer)
    client.force_login(world.users["owner"])
    client.post(
        reverse(
            "dialogues:member-update",
            kwargs={"dialogue_pk": world.dialogue.pk, "member_pk": membership.pk},
        ),
        {"action": "role", "role": "facilitator"},
    )
    entry = Activity.objects.get(verb=Activity.Verb.MEMBER_CHANGED)
    assert entry.target_label == viewer.email


@pytest.mark.django_db
def test_a_viewer_sees_no_empty_manage_section(client, world):
    client.force_login(world.users["viewer"])
    html = client.get(world.dialogue.get_absolute_url()).content.decode()
    assert 'id="manage-heading"' not in html
    client.force_login(world.users["facilitator"])
    html = client.get(world.dialogue.get_absolute_url()).content.decode()
    assert 'id="manage-heading"' in html and "Edit details" in html


@pytest.mark.django_db
def test_the_invitation_page_says_which_role(client, world):
    url = reverse("dialogues:invitation-accept", kwargs={"token": world.invitation.token})
    html = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert f"invites you to join <bdi>{world.dialogue.title}</bdi> as Facilitator." in html


@pytest.mark.django_db
def test_a_refusal_offers_the_way_back_to_the_dialogue(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(
        reverse("dialogues:stakeholder-create", kwargs={"dialogue_pk": world.dialogue.pk})
    )
    assert response.status_code == 403
    assert f'href="{world.dialogue.get_absolute_url()}"' in response.content.decode()
