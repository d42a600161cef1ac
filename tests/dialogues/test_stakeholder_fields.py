"""The stakeholder's field sets, declared once on the model, reach every place that lists fields:
the form, the spreadsheet import and export, the dialogue file and erasure; and how the model
checks and shows its fields."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dialogues.forms.stakeholders import StakeholderForm
from dialogues.models import Sector, Stakeholder, StakeholderStatus
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


def test_choice_labels_are_read_in_the_language_of_the_moment(world):
    stakeholder = world.stakeholder
    stakeholder.sector, stakeholder.status = Sector.MEDIA, StakeholderStatus.PARTICIPATING
    with translation.override("fr"):
        in_french = (stakeholder.get_sector_display(), stakeholder.get_status_display())
    with translation.override("en"):
        in_english = (stakeholder.get_sector_display(), stakeholder.get_status_display())
    assert in_english == ("Media", "Participating")
    with translation.override("fr"):
        assert in_french == (str(Sector.MEDIA.label), str(StakeholderStatus.PARTICIPATING.label))
    assert in_french != in_english
    stakeholder.stance = "not-a-stance"  # as Django's own: an unknown value shows as it is
    assert stakeholder.get_stance_display() == "not-a-stance"


def test_scores_and_choices_are_checked_without_asking_the_database(world):
    """The check constraints restate the fields' rules: a form reports a bad score next to the
    field without a query per constraint."""
    data = StakeholderForm(instance=world.stakeholder, dialogue=world.dialogue).initial
    data = {name: value for name, value in data.items() if value is not None}
    data.update(influence=9, tag_names="", inclusion_names="")
    form = StakeholderForm(data, instance=world.stakeholder, dialogue=world.dialogue)
    with CaptureQueriesContext(connection) as queries:
        assert not form.is_valid()
    assert "influence" in form.errors
    assert not [q for q in queries.captured_queries if '"_check"' in q["sql"]]
    stakeholder = Stakeholder(dialogue=world.dialogue, name="Port", sector="nowhere", interest=0)
    with pytest.raises(ValidationError) as raised:
        stakeholder.full_clean()
    assert {"sector", "interest"} <= set(raised.value.message_dict)
