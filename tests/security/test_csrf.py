"""Every form of the app refuses a submission without the CSRF token, for someone who may
send it, whatever its address does. The only exception is a stakeholder's personal link,
whose secret token in the address does what the CSRF token would."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

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
    assert "This form has expired" in response.content.decode(), url
    assert Dialogue.objects.get(pk=world.dialogue.pk).revision == revision


def test_the_walk_covers_the_forms():
    assert len(POSTS) > 40
    assert {"dialogues:dialogue-delete", "dialogues:stakeholder-import"} <= set(POSTS)


@pytest.mark.parametrize(
    ("code", "title", "direction"),
    [
        ("en", "This form has expired", "ltr"),
        ("fr", "Ce formulaire a expiré", "ltr"),
        ("es", "Este formulario ha caducado", "ltr"),
        ("ar", "انتهت صلاحية هذا النموذج", "rtl"),
    ],
)
def test_a_refused_form_is_explained_in_the_readers_language(world, forger, code, title, direction):
    """Most refusals come from a page left open too long: the reader is told what to do, in
    their language and the site's layout, rather than shown Django's technical page."""
    with translation.override(code):
        url = reverse("dialogues:stakeholder-create", kwargs={"dialogue_pk": world.dialogue.pk})
    assert "csrftoken" in forger.get(url).cookies  # the form opened, then its token lost
    response = forger.post(url, {"name": "Port authority"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Allow cookies" not in html and "cookie" not in html.split("<main", 1)[1]
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert f"<h1>{title}</h1>" in html and '<main id="main"' in html
    assert "CSRF" not in html
    assert not world.dialogue.stakeholders.filter(name="Port authority").exists()


def test_without_the_sites_cookie_the_reader_is_asked_to_allow_it(world):
    client = Client(enforce_csrf_checks=True)  # no page opened first: no CSRF cookie
    response = client.post(reverse("account_login"), {"login": "a@example.org"})
    assert response.status_code == 403
    assert "Allow cookies for this site" in response.content.decode()
