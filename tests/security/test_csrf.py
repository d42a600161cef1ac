"""Every form of the app refuses a submission without the CSRF token, for someone who may
send it, whatever its address does. The only exception is a stakeholder's personal link,
whose secret token in the address does what the CSRF token would."""

import pytest
from django.test import Client
from django.urls import reverse

from dialogues.models import Dialogue, OrganisationRole
from tests.dialogues.test_permissions import MATRIX

# Needs no CSRF token: the link's own secret is the key (dialogues/views/outreach.py).
TOKEN_IS_THE_KEY = {"dialogues:stakeholder-link"}

POSTS = [
    name
    for name, row in MATRIX.items()
    if row.post is not None and row.setup is None and name not in TOKEN_IS_THE_KEY
]


@pytest.fixture
def forger(world):
    """A browser signed in as an owner who also administers the organisation: every form
    would be accepted from them, with the token."""
    owner = world.users["owner"]
    world.organisation.memberships.create(user=owner, role=OrganisationRole.ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    return client


@pytest.mark.parametrize("name", POSTS)
def test_a_form_sent_without_the_token_is_refused(world, forger, name):
    row = MATRIX[name]
    revision = Dialogue.objects.get(pk=world.dialogue.pk).revision
    url = reverse(name, kwargs=row.kwargs(world)) + row.query
    response = forger.post(url, row.data(world))
    assert response.status_code == 403, url
    assert "CSRF" in response.content.decode(), url
    assert Dialogue.objects.get(pk=world.dialogue.pk).revision == revision


def test_the_walk_covers_the_forms():
    assert len(POSTS) > 40
    assert {"dialogues:dialogue-delete", "dialogues:stakeholder-import"} <= set(POSTS)
