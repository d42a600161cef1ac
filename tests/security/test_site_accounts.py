"""A site superuser or staff member in a workspace has the rights of their role there, nothing
more: Django lets an active superuser pass every ``user.has_perm``, so workspace rights are
asked of the rules alone (``dialogues.rules.can``), never through ``has_perm`` or ``perms``."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE_VIEWERS = ("superuser_viewer", "staff_viewer")


def url(name, world, **kwargs):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": world.dialogue.pk, **kwargs})


@pytest.mark.parametrize("role", SITE_VIEWERS)
def test_a_site_account_as_viewer_sees_no_contact_details(world, login, role):
    client = login(world.users[role])
    detail = url("stakeholder-detail", world, pk=world.stakeholder.pk)
    html = client.get(f"{detail}?contacts=show").content.decode()
    assert world.stakeholder.name in html
    assert world.stakeholder.email not in html

    export = url("stakeholder-export", world)
    assert 'value="email"' not in client.get(export).content.decode()
    response = client.post(export, {"format": "csv", "columns": ["name", "email"]})
    assert response.status_code == 400


@pytest.mark.parametrize("role", SITE_VIEWERS)
def test_a_site_account_as_viewer_gets_no_owner_controls(world, login, role):
    client = login(world.users[role])
    meetings = client.get(url("meeting-list", world)).content.decode()
    assert world.dialogue.calendar_token not in meetings
    assert url("calendar-regenerate", world) not in meetings

    members = client.get(url("members", world)).content.decode()
    assert url("member-update", world, member_pk=world.dialogue_membership.pk) not in members
    detail = client.get(url("dialogue-detail", world)).content.decode()
    for name in ("dialogue-settings", "dialogue-delete", "dialogue-archive", "dialogue-update"):
        assert url(name, world) not in detail, name


def _sources(*parts, suffix):
    root = Path(settings.BASE_DIR)
    for part in parts:
        yield from (root / part).rglob(f"*{suffix}")


def test_no_workspace_permission_is_asked_through_django_permissions():
    """``user.has_perm`` and the templates' ``perms`` go through Django's ModelBackend, which
    lets any active superuser pass; the workspace asks ``rules`` (``can``) instead."""
    offenders = []
    for path in _sources("dialogues", "content", "accounts", suffix=".py"):
        text = path.read_text()
        offenders += [f"{path}: {m}" for m in re.findall(r"\w+\.has_perm\(", text)]
    offenders = [o for o in offenders if not o.endswith("rules.has_perm(")]
    for path in _sources("dialogues", "content", "accounts", "templates", suffix=".html"):
        text = path.read_text()
        offenders += [
            f"{path}: {m}" for m in re.findall(r"\bperms\.\w+|has_perm|is_superuser|is_staff", text)
        ]
    assert offenders == []
