"""The five journeys in English and Arabic, with axe-core on every page they land on.

The viewer's and the outsider's sweeps over every address of the workspace are plain HTTP,
the same in any language: they run once, in English (the permission matrix in
tests/dialogues/test_permissions.py checks every address for every role besides)."""

import pytest

from . import journeys
from .journeys import Visitor

LANGUAGES = ["en", "ar"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_newcomer_sets_up_a_dialogue(new_page, toolkit, language):
    journeys.newcomer(Visitor(new_page(language=language), language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_owner_brings_in_a_facilitator_and_moves_the_stages(new_page, demo, language):
    owner = Visitor(new_page(user=demo.owner, language=language), language)
    facilitator = Visitor(new_page(language=language), language)
    journeys.team(owner, facilitator, demo.dialogue)


@pytest.mark.parametrize("language", LANGUAGES)
def test_facilitator_records_a_meeting_and_exports_commitments(new_page, demo, language):
    facilitator = Visitor(new_page(user=demo.facilitator, language=language), language)
    facilitator.goto(facilitator.url(demo.dialogue))
    journeys.meeting_and_commitments(facilitator, demo.dialogue, demo.stakeholders)


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_reads_the_toolkit(new_page, demo, language):
    journeys.toolkit_reader(Visitor(new_page(language=language), language), demo.chapter)


@pytest.mark.parametrize("language", LANGUAGES)
def test_viewer_cannot_change_anything(new_page, demo, language):
    viewer = Visitor(new_page(user=demo.viewer, language=language), language)
    journeys.viewer_cannot_change_anything(viewer, demo, sweep=language == "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_outsider_cannot_open_the_dialogue(new_page, demo, language):
    outsider = Visitor(new_page(user=demo.outsider, language=language), language)
    journeys.outsider_cannot_open_the_dialogue(outsider, demo, sweep=language == "en")
