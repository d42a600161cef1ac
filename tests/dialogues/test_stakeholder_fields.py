"""The stakeholder's field sets, declared once on the model, reach every place that lists fields:
the form, the spreadsheet import and export, the dialogue file and erasure."""

from datetime import date

import pytest

from dialogues.forms.stakeholders import StakeholderForm
from dialogues.models import Stakeholder
from dialogues.portability.export import export_dialogue
from dialogues.portability.spreadsheet_export import available_columns
from dialogues.portability.spreadsheet_import import IMPORT_FIELDS
from dialogues.services.stakeholders import stakeholder_erase

from . import factories

pytestmark = pytest.mark.django_db


def test_every_editable_field_is_in_the_form_the_spreadsheet_import_and_the_file(world):
    form = StakeholderForm(dialogue=world.dialogue)
    record = export_dialogue(world.dialogue)["stakeholders"][0]
    for name in Stakeholder.EDITABLE_FIELDS:
        assert name in form.fields, name
        assert name in IMPORT_FIELDS, name
        assert name in record, name
    assert "erased_at" in record and "status_changed" in record


def test_contact_columns_are_the_ones_the_model_declares():
    everything = {column.key for column in available_columns(include_contacts=True)}
    without = {column.key for column in available_columns(include_contacts=False)}
    assert set(Stakeholder.CONTACT_FIELDS) <= everything
    assert everything - without == set(Stakeholder.CONTACT_FIELDS)


def test_erasing_clears_every_personal_field(world):
    stakeholder = factories.StakeholderFactory(
        dialogue=world.dialogue,
        name="Amina Diallo",
        role_title="Chair",
        email="amina@example.org",
        phone="+221 77 000 00 00",
        consent_date=date(2024, 5, 3),
        consent_method="verbally",
        notes="Prefers calls.",
    )
    stakeholder_erase(stakeholder=stakeholder, user=world.users["owner"])
    stakeholder.refresh_from_db()
    assert stakeholder.erased_at is not None
    assert "Amina" not in stakeholder.name
    for name in Stakeholder.PERSONAL_FIELDS:
        if name != "name":
            assert getattr(stakeholder, name) in ("", None), name
    assert (stakeholder.sector, stakeholder.influence) == ("government", 4)
