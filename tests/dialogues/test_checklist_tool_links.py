"""Default checklist items point to the toolkit tool that helps with each task."""

import pytest
from django.core.management import call_command

from dialogues.checklist_loader import checklist_templates_load
from dialogues.models import ChecklistTemplateItem

TOOL_OF_ITEM = {
    "ready-risks": "do-no-harm",
    "ready-budget": "dialogue-budget",
    "getset-goals": "theory-of-change",
    "getset-rules": "decision-rules",
    "getset-agenda": "sample-agendas",
    "getset-invitations": "interview-guide",
    "getset-communication": "communication-plan",
    "go-decisions": "decision-rules",
    "followup-track-commitments": "partnership-health-check",
    "followup-monitoring": "theory-of-change",
    "followup-evaluate-process": "feedback-form",
    "followup-evaluate-outcomes": "most-significant-change",
}


@pytest.mark.django_db
def test_checklist_items_link_to_the_tool_for_the_task_and_reloading_changes_nothing():
    call_command("load_toolkit", verbosity=0)
    first = checklist_templates_load()
    assert not first.problems
    links = dict(
        ChecklistTemplateItem.objects.filter(key__in=TOOL_OF_ITEM).values_list("key", "tool__slug")
    )
    assert links == TOOL_OF_ITEM

    again = checklist_templates_load()
    assert (again.created, again.updated, again.problems) == ([], [], [])
    assert len(again.unchanged) == len(first.created)
