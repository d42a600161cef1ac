"""PostgreSQL cannot store a NUL character in text: every way in refuses it with a message."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogues.models import Dialogue, Organisation, Stakeholder
from dialogues.portability.export import export_dialogue

pytestmark = pytest.mark.django_db


def test_forms_refuse_nul_next_to_the_field(world, login):
    client = login(world.users["owner"])
    dialogue = {"dialogue_pk": world.dialogue.pk}
    response = client.post(
        reverse("dialogues:dialogue-update", kwargs=dialogue),
        {"title": "Fish\x00eries", "challenge": "Stocks", "version": world.dialogue.version},
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    world.dialogue.refresh_from_db()
    assert "\x00" not in world.dialogue.title

    before = Stakeholder.objects.count()
    response = client.post(
        reverse("dialogues:stakeholder-create", kwargs=dialogue),
        {"name": "Amina\x00", "sector": "government", "kind": "person"},
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert Stakeholder.objects.count() == before

    before = Organisation.objects.count()
    response = client.post(
        reverse("dialogues:organisation-create"), {"name": "\x00", "country": "Senegal"}
    )
    assert response.status_code == 400
    assert Organisation.objects.count() == before


def test_spreadsheet_and_dialogue_files_with_nul_are_refused(world, login):
    client = login(world.users["owner"])
    response = client.post(
        reverse("dialogues:stakeholder-import", kwargs={"dialogue_pk": world.dialogue.pk}),
        {"file": SimpleUploadedFile("people.csv", b"name,sector\nA\x00mina,government\n")},
    )
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()

    data = export_dialogue(world.dialogue)
    data["stakeholders"][0]["name"] = "Amina\x00"
    before = Dialogue.objects.count()
    response = login(world.users["org_member"]).post(
        reverse(
            "dialogues:dialogue-import-json", kwargs={"organisation_pk": world.organisation.pk}
        ),
        {"file": SimpleUploadedFile("d.json", json.dumps(data).encode())},
    )
    assert response.status_code == 400
    assert "null character" in response.content.decode()
    assert Dialogue.objects.count() == before


def test_addresses_and_filters_with_nul_never_crash(world, login):
    """Lookups with user text must not reach PostgreSQL with a NUL in it."""
    client = login(world.users["owner"])
    dialogue = {"dialogue_pk": world.dialogue.pk}
    assert client.get("/en/dialogues/invitations/abc%00/").status_code == 404
    for url in (
        "/en/toolkit/search/?q=a%00b",
        reverse("dialogues:stakeholder-list", kwargs=dialogue) + "?q=%00&sector=%00&sort=%00",
        reverse("dialogues:stakeholder-grid", kwargs=dialogue) + "?q=%00",
        reverse("dialogues:commitment-list", kwargs=dialogue) + "?q=%00&status=%00",
        reverse("dialogues:activity", kwargs=dialogue) + "?page=%00",
    ):
        assert client.get(url).status_code == 200, url
