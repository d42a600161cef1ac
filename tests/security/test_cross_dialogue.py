"""An object of one dialogue cannot be reached through the address of another: the owner of
dialogue B who puts a stakeholder, meeting, commitment, item, member, invitation or link key
of dialogue A into B's addresses gets 404, for every such address of the app, GET and POST,
and nothing of A changes."""

import pytest
from django.urls import reverse

from dialogues.models import Dialogue, OrganisationRole, StakeholderLink
from dialogues.services.outreach import stakeholder_link_create
from tests.dialogues.test_permissions import MATRIX, PATTERNS


def names_an_object(name):
    """Whether the address names a dialogue and, by its integer key, something in it."""
    route = str(PATTERNS[name].pattern)
    return "<int:dialogue_pk>" in route and route.count("<int:") > 1


def cases():
    for name, row in MATRIX.items():
        if row.setup is not None or not names_an_object(name):
            continue
        for method in ("get", "post"):
            if getattr(row, method) is not None:
                yield name, method


@pytest.fixture
def own_dialogue(world):
    """The dialogue the outsider owns, in another organisation."""
    return Dialogue.objects.get(memberships__user=world.users["outsider"])


@pytest.mark.parametrize(("name", "method"), list(cases()))
def test_another_dialogues_objects_answer_404_under_your_own_dialogue(
    world, login, own_dialogue, name, method
):
    row = MATRIX[name]
    kwargs = row.kwargs(world)
    kwargs["dialogue_pk"] = own_dialogue.pk
    revision = Dialogue.objects.get(pk=world.dialogue.pk).revision
    client = login(world.users["outsider"])
    url = reverse(name, kwargs=kwargs) + row.query
    response = client.get(url) if method == "get" else client.post(url, row.data(world))
    assert response.status_code == 404, f"{method.upper()} {url}"
    assert Dialogue.objects.get(pk=world.dialogue.pk).revision == revision
    assert not StakeholderLink.objects.filter(revoked_at__isnull=False).exists()


def test_the_walk_covers_the_object_addresses():
    walked = {name for name, _method in cases()}
    for name in (
        "dialogues:stakeholder-update",
        "dialogues:interaction-delete",
        "dialogues:meeting-update",
        "dialogues:commitment-update",
        "dialogues:checklist-item-update",
        "dialogues:member-update",
        "dialogues:stakeholder-link-revoke",
        "dialogues:stakeholder-erase",
    ):
        assert name in walked, name


def test_a_link_of_another_dialogue_is_not_revoked(world, login, own_dialogue):
    """The revoke address names a stakeholder and a link: both of A under B stay untouched."""
    link, _token = stakeholder_link_create(
        stakeholder=world.stakeholder,
        purpose=StakeholderLink.Purpose.UNSUBSCRIBE,
        user=world.users["owner"],
    )
    url = reverse(
        "dialogues:stakeholder-link-revoke",
        kwargs={
            "dialogue_pk": own_dialogue.pk,
            "stakeholder_pk": world.stakeholder.pk,
            "pk": link.pk,
        },
    )
    assert login(world.users["outsider"]).post(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


@pytest.mark.parametrize("action", [{"action": "remove"}, {"role": "admin"}])
def test_a_member_of_another_organisation_is_not_changed(world, login, own_dialogue, action):
    own = own_dialogue.organisation
    own.memberships.create(user=world.users["outsider"], role=OrganisationRole.ADMIN)
    url = reverse(
        "dialogues:organisation-member-update",
        kwargs={"pk": own.pk, "member_pk": world.org_membership.pk},
    )
    assert login(world.users["outsider"]).post(url, action).status_code == 404
    world.org_membership.refresh_from_db()
    assert world.org_membership.role == OrganisationRole.MEMBER
