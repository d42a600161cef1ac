"""Taking attendance on the meeting page, turnout per sector, and the overview's chart."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from dialogues.models import Activity, MeetingReply, Sector

from .factories import MeetingFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        dialogue=world.dialogue, title="Round one", starts_at=timezone.now() - timedelta(hours=3)
    )
    people = {
        "gov": StakeholderFactory(
            dialogue=world.dialogue, name="Gov One", sector=Sector.GOVERNMENT
        ),
        "gov2": StakeholderFactory(
            dialogue=world.dialogue, name="Gov Two", sector=Sector.GOVERNMENT
        ),
        "biz": StakeholderFactory(dialogue=world.dialogue, name="Biz One", sector=Sector.PRIVATE),
        "walk_in": StakeholderFactory(dialogue=world.dialogue, name="Walk In", sector=Sector.MEDIA),
    }
    meeting.invited.set([people["gov"], people["gov2"], people["biz"]])
    MeetingReply.objects.create(meeting=meeting, stakeholder=people["gov"], answer="yes")
    MeetingReply.objects.create(meeting=meeting, stakeholder=people["biz"], answer="yes")
    meeting.attended.set([people["walk_in"]])
    meeting.people = people
    return meeting


def _detail(world, meeting):
    return f"/en/dialogues/{world.dialogue.pk}/meetings/{meeting.pk}/"


def _row(html, sector):
    match = re.search(
        rf'<tr><th scope="row">{sector}</th><td class="text-end">(\d+)</td>'
        r'<td class="text-end">(\d+)</td><td class="text-end">(\d+)</td></tr>',
        html,
    )
    return tuple(int(n) for n in match.groups())


def test_attendance_is_ticked_on_the_meeting_page_and_turnout_warns_per_sector(
    client, world, meeting
):
    client.force_login(world.users["facilitator"])
    page = client.get(_detail(world, meeting)).text
    assert 'name="present"' in page and "Save attendance" in page
    assert _row(page, "Government") == (2, 1, 0)
    assert "<strong>Government</strong> was invited, but nobody from it came" in page

    response = client.post(
        _detail(world, meeting) + "attendance/", {"present": [meeting.people["gov"].pk]}
    )
    assert response.status_code == 302 and response["Location"].endswith("#attendance-heading")
    # The walk-in, recorded without an invitation, stays.
    assert set(meeting.attended.all()) == {meeting.people["gov"], meeting.people["walk_in"]}
    assert Activity.objects.filter(verb=Activity.Verb.UPDATED, target_label="Round one").exists()

    page = client.get(_detail(world, meeting)).text
    assert _row(page, "Government") == (2, 1, 1)
    assert _row(page, "Private sector") == (1, 1, 0)
    assert "<strong>Government</strong> was invited" not in page
    assert "<strong>Private sector</strong> was invited, but nobody from it came" in page


def test_a_meeting_still_to_come_warns_nobody(client, world, meeting):
    meeting.starts_at = timezone.now() + timedelta(days=2)
    meeting.save()
    client.force_login(world.users["viewer"])
    page = client.get(_detail(world, meeting)).text
    assert "nobody from it came" not in page
    assert 'name="present"' not in page  # viewers see the numbers, not the form


def test_ticks_outside_the_invited_are_refused_next_to_the_field(client, world, meeting):
    client.force_login(world.users["facilitator"])
    response = client.post(
        _detail(world, meeting) + "attendance/", {"present": [meeting.people["walk_in"].pk]}
    )
    assert response.status_code == 400
    assert "is not one of the available choices" in response.text
    client.force_login(world.users["viewer"])
    assert client.post(_detail(world, meeting) + "attendance/", {}).status_code == 403


def test_a_meeting_with_nobody_invited_has_no_attendance_form(client, world):
    meeting = MeetingFactory(dialogue=world.dialogue, starts_at=timezone.now())
    client.force_login(world.users["facilitator"])
    page = client.get(_detail(world, meeting)).text
    assert "Nobody recorded as invited." in page
    assert "attendance-form" not in page and "Ask the attendees for feedback" not in page
    meeting.invited.set([StakeholderFactory(dialogue=world.dialogue, name="Gov One")])
    page = client.get(_detail(world, meeting)).text
    assert "attendance-form" in page and "Ask the attendees for feedback" not in page
    meeting.attended.set(meeting.invited.all())
    assert "Ask the attendees for feedback" in client.get(_detail(world, meeting)).text


def test_the_overview_charts_attendance_by_sector_across_meetings(client, world, meeting):
    second = MeetingFactory(dialogue=world.dialogue)
    second.invited.set([meeting.people["gov"]])
    second.attended.set([meeting.people["gov"]])
    client.force_login(world.users["viewer"])
    page = client.get(f"/en/dialogues/{world.dialogue.pk}/").text
    assert "Attendance by sector" in page and "<svg" in page
    table = page[page.index('class="table table-sm attendance-table"') :]
    assert _row(table, "Government") == (3, 1, 1)
    assert _row(table, "Private sector") == (1, 1, 0)
    assert _row(table, "Media") == (0, 0, 1)
    assert "Government, Invited: 3" in page  # each bar names its number


def test_the_overview_has_no_chart_before_anyone_is_invited(client, world):
    client.force_login(world.users["viewer"])
    assert "Attendance by sector" not in client.get(f"/en/dialogues/{world.dialogue.pk}/").text
