"""The printable plan: the whole dialogue on paper, in the reader's language and direction."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.models import Label, Sector, Stage

from . import factories


def plan_url(dialogue, language="en"):
    with translation.override(language):
        return reverse("dialogues:plan-print", kwargs={"dialogue_pk": dialogue.pk})


@pytest.fixture
def planned(world):
    dialogue = world.dialogue
    dialogue.goals = "Agree on a shared plan for the bay"
    dialogue.save()
    ministry = factories.StakeholderFactory(
        dialogue=dialogue,
        name="Ministry of Fisheries",
        sector=Sector.GOVERNMENT,
        influence=5,
        interest=4,
        email="minister@example.org",
        phone="+221 33 000 00 00",
    )
    union = factories.StakeholderFactory(
        dialogue=dialogue, name="Women fish processors", sector=Sector.CIVIL_SOCIETY, influence=1
    )
    marker = factories.LabelFactory(dialogue=dialogue, kind=Label.Kind.INCLUSION, name="women-led")
    union.labels.add(marker)
    factories.ChecklistItemFactory(
        dialogue=dialogue,
        stage=Stage.GO,
        title="Agree the ground rules",
        assignee=world.users["owner"],
    )
    meeting = world.meeting
    meeting.decisions = "A monitoring committee of five"
    meeting.save()
    meeting.attended.add(union)
    factories.AgendaItemFactory(meeting=meeting, title="Tour de table")
    made = factories.CommitmentFactory(
        dialogue=dialogue,
        description="Share landing figures monthly",
        due_date=timezone.localdate() - timedelta(days=2),
    )
    made.stakeholders.add(ministry)
    return world


@pytest.mark.django_db
def test_the_plan_shows_every_part_of_the_dialogue_without_site_chrome(planned, login):
    response = login(planned.users["viewer"]).get(plan_url(planned.dialogue))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Agree on a shared plan for the bay",
        "Ministry of Fisheries",
        "Women fish processors",
        "Manage closely",
        "Agree the ground rules",
        planned.meeting.title,
        "Tour de table",
        "A monitoring committee of five",
        "Share landing figures monthly",
        "(overdue)",
    ):
        assert text in html, text
    # Ordered like the process: summary, stakeholders, grid, checklists, meetings, commitments.
    headings = ["plan-summary", "plan-stakeholders", "plan-grid", "plan-checklists"]
    positions = [html.index(f'id="{heading}"') for heading in headings]
    assert positions == sorted(positions)
    # The grid is drawn, with a link on each stakeholder's mark.
    grid = html[html.index('id="plan-grid"') :]
    assert "<svg" in grid and 'class="grid-mark"' in grid
    assert html.count("<h1") == 1
    assert 'class="site-header' not in html and 'class="site-footer' not in html
    assert "workspace-nav" not in html
    # Paper travels: no contact details, no inclusion markers.
    assert "minister@example.org" not in html and "+221" not in html
    assert "women-led" not in html


@pytest.mark.django_db
def test_the_plan_is_printed_in_the_readers_language_and_direction(planned, login):
    html = login(planned.users["viewer"]).get(plan_url(planned.dialogue, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "خطة الحوار" in html  # "Dialogue plan"
    assert "Dialogue plan" not in html


@pytest.mark.django_db
def test_the_plan_needs_a_fixed_number_of_queries(planned, login, django_assert_max_num_queries):
    client = login(planned.users["owner"])
    with django_assert_max_num_queries(40) as few:
        client.get(plan_url(planned.dialogue))
    dialogue = planned.dialogue
    for n in range(30):
        stakeholder = factories.StakeholderFactory(dialogue=dialogue, sector=Sector.values[n % 8])
        meeting = factories.MeetingFactory(dialogue=dialogue)
        meeting.attended.add(stakeholder)
        factories.AgendaItemFactory(meeting=meeting)
        factories.ChecklistItemFactory(dialogue=dialogue, assignee=planned.users["owner"])
        factories.CommitmentFactory(dialogue=dialogue).stakeholders.add(stakeholder)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(plan_url(dialogue))
    assert response.status_code == 200
