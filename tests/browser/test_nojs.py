"""Every journey's core steps with JavaScript turned off: plain links, forms and redirects.

Ticking a checklist item is the proof that scripts are off: with JavaScript the page updates
in place, without it the test waits for the form's POST and redirect, and fails otherwise.
"""

from . import journeys
from .journeys import Visitor

LANGUAGE = "fr"


def visitor(new_page, user=None):
    page = new_page(user=user, language=LANGUAGE, javascript=False)
    return Visitor(page, LANGUAGE, audit=False, javascript=False)


def test_newcomer_without_javascript(new_page, toolkit):
    journeys.newcomer(visitor(new_page))


def test_team_without_javascript(new_page, demo):
    owner = visitor(new_page, demo.owner)
    facilitator = visitor(new_page)
    journeys.team(owner, facilitator, demo.dialogue)


def test_meeting_and_commitments_without_javascript(new_page, demo):
    facilitator = visitor(new_page, demo.facilitator)
    facilitator.goto(facilitator.url(demo.dialogue))
    journeys.meeting_and_commitments(facilitator, demo.dialogue, demo.stakeholders)


def test_toolkit_without_javascript(new_page, demo):
    journeys.toolkit_reader(visitor(new_page), demo.chapter)


def test_permissions_without_javascript(new_page, demo):
    # The address sweeps are plain HTTP requests: the journeys with JavaScript make them.
    journeys.viewer_cannot_change_anything(visitor(new_page, demo.viewer), demo, sweep=False)
    journeys.outsider_cannot_open_the_dialogue(visitor(new_page, demo.outsider), demo, sweep=False)
