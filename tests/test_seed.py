"""The shared test data (tests/seed.py): what the fixtures put back is what the loaders load,
and it is there only for the tests that ask for it."""

import io

import pytest
from django.core.management import call_command
from django.db import models

from content.models import Chapter, Part, Resource, Tool
from dialogues.models import ChecklistTemplateItem, Dialogue

LOADED = (Part, Chapter, Tool, Resource, ChecklistTemplateItem)


def stored(model):
    """The rows of a model by what they say, leaving out keys and the times they were written
    (`translation_updated` holds a time for each language)."""
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.is_relation or isinstance(field, models.DateTimeField))
        and field.name != "translation_updated"
    ]
    return sorted(map(repr, model.objects.values_list(*fields)))


@pytest.mark.django_db
def test_the_toolkit_fixture_holds_what_the_loaders_load(toolkit):
    restored = {model: stored(model) for model in LOADED}
    assert all(restored.values())
    for model in reversed(LOADED):
        model.objects.all().delete()
    call_command("load_toolkit", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_checklists", stdout=io.StringIO(), stderr=io.StringIO())
    assert {model: stored(model) for model in LOADED} == restored


@pytest.mark.django_db
def test_a_test_without_the_fixtures_finds_an_empty_toolkit():
    assert not any(model.objects.exists() for model in LOADED)
    assert not Dialogue.objects.exists()


@pytest.mark.parametrize("run", [1, 2])
def test_each_live_server_test_finds_the_demo_again(transactional_db, demo, run):
    """The database is emptied after each such test; the next one gets the demo back."""
    dialogue = Dialogue.objects.get(pk=demo.dialogue.pk)
    assert dialogue.memberships.count() == 3
    assert dialogue.stakeholders.count() == len(demo.stakeholders)
    assert Chapter.objects.filter(pk=demo.chapter.pk, published=True).exists()
    dialogue.delete()
