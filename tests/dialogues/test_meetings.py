"""Meetings: time zones, agenda, attendance by sector, calendar files and the secret feed."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.forms.stakeholders import FOLD_OVER
from dialogues.models import Activity, AgendaItem, Meeting, MeetingReply, Sector
from dialogues.services.dialogues import dialogue_delete
from tests.content.factories import ToolFactory

from . import factories


def url(name, dialogue, **kwargs):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk, **kwargs})


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def agenda_data(rows=(), initial=0):
    data = {
        "agenda-TOTAL_FORMS": str(len(rows)),
        "agenda-INITIAL_FORMS": str(initial),
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"agenda-{index}-{key}"] = value
    return data


def meeting_data(**overrides):
    data = {
        "title": "First round table",
        "date": "2027-03-15",
        "start_time": "10:00",
        "timezone": "Africa/Tunis",
        "duration_minutes": "150",
        "place": "Maison des associations, Sfax",
        "online_url": "",
        "minutes": "",
        "decisions": "",
        **agenda_data(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def people(world):
    """Stakeholders of three sectors in the dialogue, and one of another dialogue."""
    dialogue = world.dialogue
    return {
        "ministry": factories.StakeholderFactory(
            dialogue=dialogue,
            name="Ministry of Fisheries",
            sector=Sector.GOVERNMENT,
            organisation="",
        ),
        "union": factories.StakeholderFactory(
            dialogue=dialogue, name="Fishers' union", sector=Sector.CIVIL_SOCIETY, organisation=""
        ),
        "cannery": factories.StakeholderFactory(
            dialogue=dialogue, name="Atlantic Cannery", sector=Sector.PRIVATE, organisation=""
        ),
        "elsewhere": factories.StakeholderFactory(name="Other dialogue's stakeholder"),
    }


@pytest.mark.django_db
def test_facilitator_plans_a_meeting_in_its_own_time_zone(world, login, people):
    tool = ToolFactory(title_en="World Café")
    client = login(world.users["facilitator"])
    response = client.post(
        url("meeting-create", world.dialogue),
        meeting_data(
            invited=[people["ministry"].pk, people["union"].pk, people["cannery"].pk],
            attended=[people["union"].pk],
            **agenda_data(
                [
                    {"order": "", "title": "Welcome and ground rules", "duration_minutes": "20"},
                    {"order": "", "title": "", "duration_minutes": "", "tool": ""},
                    {"order": "", "title": "Tables on fish stocks", "tool": str(tool.pk)},
                ]
            ),
        ),
    )
    meeting = Meeting.objects.get(title="First round table")
    assert response["Location"] == meeting.get_absolute_url()
    # 10:00 in Tunis (UTC+1) is stored as 09:00 UTC and shown in Tunis time.
    assert meeting.starts_at == datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
    assert meeting.timezone == "Africa/Tunis"
    assert meeting.created_by == world.users["facilitator"]
    agenda = list(meeting.agenda_items.all())
    assert [(a.title, a.duration_minutes, a.tool) for a in agenda] == [
        ("Welcome and ground rules", 20, None),
        ("Tables on fish stocks", None, tool),
    ]
    assert set(meeting.invited.all()) == {people["ministry"], people["union"], people["cannery"]}
    assert list(meeting.attended.all()) == [people["union"]]
    assert Activity.objects.filter(verb=Activity.Verb.CREATED, target_type="meeting").exists()

    html = page(client, meeting.get_absolute_url())
    assert "15 March 2027, 10:00" in html
    assert "Africa/Tunis" in html
    assert f'href="{tool.get_absolute_url()}">Method: World Café</a>' in html
    # Attendance is grouped by sector.
    invited = html[html.index('id="invited-heading"') : html.index('id="attended-heading"')]
    assert invited.index("Civil society") < invited.index("Fishers&#x27; union")
    assert invited.index("Government") < invited.index("Ministry of Fisheries")


@pytest.mark.django_db
def test_a_new_meeting_defaults_to_the_organisations_time_zone(world, login, people):
    world.organisation.timezone = "America/La_Paz"
    world.organisation.save()
    html = page(login(world.users["facilitator"]), url("meeting-create", world.dialogue))
    assert '<option value="America/La_Paz" selected>' in html
    # The stakeholder checkboxes come in one group per sector, with a legend each.
    assert "<legend" in html and "Private sector</legend>" in html
    assert "Other dialogue&#x27;s stakeholder" not in html


def sector_groups(html, field):
    """{sector: unfolded?} of the stakeholder checkboxes of ``field`` on a form page."""
    first_box = html.index(f'name="{field}"')
    start = html.rindex('<fieldset class="mb-3 stakeholder-choices', 0, first_box)
    fieldset = html[start : html.index("stakeholder_choices.js", start)]
    found = re.findall(r'stakeholder-group"( open)?>\s*<summary[^>]*>([^<]+?) <span', fieldset)
    return {sector: bool(unfolded) for unfolded, sector in found}


@pytest.mark.django_db
def test_a_long_register_comes_folded_but_for_the_sectors_with_someone_chosen(world, login, people):
    client = login(world.users["facilitator"])
    # A short register shows every sector unfolded.
    assert set(sector_groups(page(client, url("meeting-create", world.dialogue)), "invited")) > {
        "Government"
    }
    assert all(
        sector_groups(page(client, url("meeting-create", world.dialogue)), "invited").values()
    )
    factories.StakeholderFactory.create_batch(
        FOLD_OVER, dialogue=world.dialogue, sector=Sector.ACADEMIA
    )
    world.meeting.invited.set([people["ministry"]])
    html = page(client, url("meeting-update", world.dialogue, pk=world.meeting.pk))
    invited, attended = sector_groups(html, "invited"), sector_groups(html, "attended")
    assert invited["Government"] and not invited["Academia and science"]
    assert not invited["Civil society"]
    assert not any(attended.values())  # nobody marked present yet
    assert (
        "stakeholder_choices.js" in html and 'data-find-label="Find a stakeholder by name"' in html
    )


@pytest.mark.django_db
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(world, login, people):
    client = login(world.users["facilitator"])
    response = client.post(
        url("meeting-create", world.dialogue),
        meeting_data(
            timezone="Mars/Olympus",
            date="15/03/2027",
            invited=[people["elsewhere"].pk],
            **agenda_data([{"title": "", "duration_minutes": "45"}]),
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. Mars/Olympus is not one of the available choices." in html
    assert "Enter a valid date." in html
    assert f"Select a valid choice. {people['elsewhere'].pk} is not one of" in html
    assert "This field is required." in html  # the agenda line without a title
    assert Meeting.objects.count() == 1  # only the one the world started with


@pytest.mark.django_db
def test_editing_the_agenda_updates_removes_and_adds_lines(world, login):
    meeting = world.meeting
    keep = factories.AgendaItemFactory(meeting=meeting, title="Keep", order=10)
    drop = factories.AgendaItemFactory(meeting=meeting, title="Drop", order=20)
    client = login(world.users["owner"])
    form = page(client, url("meeting-update", world.dialogue, pk=meeting.pk))
    assert 'value="Keep"' in form
    response = client.post(
        url("meeting-update", world.dialogue, pk=meeting.pk),
        meeting_data(
            title="Round table, renamed",
            version=meeting.version,
            minutes="We agreed on a monitoring committee.",
            **agenda_data(
                [
                    {"id": keep.pk, "order": "10", "title": "Keep, reworded"},
                    {"id": drop.pk, "order": "20", "title": "Drop", "DELETE": "on"},
                    {"order": "30", "title": "Closing circle"},
                ],
                initial=2,
            ),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.title == "Round table, renamed"
    assert meeting.version == 2
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)) == [
        "Keep, reworded",
        "Closing circle",
    ]


@pytest.mark.django_db
def test_a_concurrent_meeting_edit_shows_both_versions(world, login):
    meeting = world.meeting
    client = login(world.users["facilitator"])
    Meeting.objects.filter(pk=meeting.pk).update(place="Town hall", version=2)
    response = client.post(
        url("meeting-update", world.dialogue, pk=meeting.pk),
        meeting_data(title=meeting.title, place="Fishing harbour", version=1),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Town hall" in html and "Fishing harbour" in html
    meeting.refresh_from_db()
    assert meeting.place == "Town hall"


@pytest.mark.django_db
def test_deleting_a_meeting_keeps_its_commitments(world, login):
    meeting = world.meeting
    commitment = factories.CommitmentFactory(dialogue=world.dialogue, meeting=meeting)
    client = login(world.users["facilitator"])
    assert "Its commitments stay" in page(
        client, url("meeting-delete", world.dialogue, pk=meeting.pk)
    )
    client.post(url("meeting-delete", world.dialogue, pk=meeting.pk))
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    commitment.refresh_from_db()
    assert commitment.meeting is None


@pytest.mark.django_db
def test_meeting_list_separates_upcoming_and_past(world, login):
    factories.MeetingFactory(
        dialogue=world.dialogue, title="Last year", starts_at=timezone.now() - timedelta(days=300)
    )
    factories.MeetingFactory(
        dialogue=world.dialogue, title="Next month", starts_at=timezone.now() + timedelta(days=30)
    )
    html = page(login(world.users["viewer"]), url("meeting-list", world.dialogue))
    upcoming = html[html.index('id="upcoming-heading"') : html.index('id="past-heading"')]
    past = html[html.index('id="past-heading"') :]
    assert "Next month" in upcoming and "Last year" not in upcoming
    assert "Last year" in past


# --- Calendars ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ics_file_of_a_meeting_is_valid_icalendar(world, login):
    meeting = world.meeting
    meeting.title = "Round table, Sfax"
    meeting.starts_at = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
    meeting.timezone = "Africa/Tunis"
    meeting.duration_minutes = 90
    meeting.place = "Maison des associations"
    meeting.minutes = "Confidential: who said what"
    meeting.save()
    factories.AgendaItemFactory(meeting=meeting, title="Ground rules")
    response = login(world.users["viewer"]).get(url("meeting-ics", world.dialogue, pk=meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="meeting-{meeting.pk}.ics"' in response["Content-Disposition"]

    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Round table, Sfax"
    start = event.decoded("DTSTART")
    assert start == datetime(2027, 3, 15, 10, 0, tzinfo=ZoneInfo("Africa/Tunis"))
    assert event["DTSTART"].params["TZID"] == "Africa/Tunis"
    assert event.decoded("DTEND") - start == timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Maison des associations"
    assert "Ground rules" in str(event["DESCRIPTION"])
    assert "Confidential" not in response.content.decode()
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Tunis"]


@pytest.mark.django_db
def test_the_feed_works_without_login_until_the_owner_revokes_it(world, client, login):
    factories.MeetingFactory(dialogue=world.dialogue, title="Second round table")
    factories.MeetingFactory(title="A meeting of another dialogue")
    old_token = world.dialogue.calendar_token
    feed = url("calendar-feed", world.dialogue, token=old_token)

    response = client.get(feed)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        world.meeting.title,
        "Second round table",
    ]
    assert str(calendar["X-WR-CALNAME"]) == world.dialogue.title
    assert client.get(url("calendar-feed", world.dialogue, token="guess")).status_code == 404
    other = factories.DialogueFactory()
    assert client.get(url("calendar-feed", other, token=old_token)).status_code == 404

    facilitator = login(world.users["facilitator"])
    assert old_token in page(facilitator, url("meeting-list", world.dialogue))
    response = facilitator.post(url("calendar-regenerate", world.dialogue))
    assert response.status_code == 403

    owner = login(world.users["owner"])
    owner.post(url("calendar-regenerate", world.dialogue))
    world.dialogue.refresh_from_db()
    assert world.dialogue.calendar_token != old_token
    assert Activity.objects.filter(details__calendar_feed="regenerated").exists()
    owner.logout()
    assert owner.get(feed).status_code == 404
    new_feed = url("calendar-feed", world.dialogue, token=world.dialogue.calendar_token)
    assert owner.get(new_feed).status_code == 200


@pytest.mark.django_db
def test_the_feed_address_is_shown_to_facilitators_not_viewers(world, login):
    token = world.dialogue.calendar_token
    assert token not in page(login(world.users["viewer"]), url("meeting-list", world.dialogue))
    html = page(login(world.users["facilitator"]), url("meeting-list", world.dialogue))
    assert token in html
    assert "Get a new address" not in html
    assert "Get a new address" in page(
        login(world.users["owner"]), url("meeting-list", world.dialogue)
    )


@pytest.mark.django_db
def test_a_deleted_dialogue_has_no_feed(world, client):
    dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])
    feed = url("calendar-feed", world.dialogue, token=world.dialogue.calendar_token)
    assert client.get(feed).status_code == 404


# --- Query counts ---------------------------------------------------------------------------


def _meetings(dialogue, count):
    tool = ToolFactory()
    stakeholders = [factories.StakeholderFactory(dialogue=dialogue) for _ in range(count)]
    for n in range(count):
        meeting = factories.MeetingFactory(
            dialogue=dialogue, starts_at=timezone.now() + timedelta(days=n - count // 2)
        )
        meeting.invited.set(stakeholders)
        meeting.attended.set(stakeholders[: n + 1])
        for person in stakeholders[: n + 1]:
            MeetingReply.objects.create(
                meeting=meeting, stakeholder=person, answer="yes", needs_travel=True
            )
        for order in range(3):
            factories.AgendaItemFactory(meeting=meeting, order=order, tool=tool)
        factories.CommitmentFactory(dialogue=dialogue, meeting=meeting).stakeholders.set(
            stakeholders[:2]
        )
    return meeting


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["meeting-list", "meeting-detail", "meeting-update", "ics"])
def test_meeting_pages_need_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, name
):
    client = login(world.users["owner"])

    def address(meeting):
        if name == "meeting-list":
            return url(name, world.dialogue)
        if name == "ics":
            return url("calendar-feed", world.dialogue, token=world.dialogue.calendar_token)
        return url(name, world.dialogue, pk=meeting.pk)

    meeting = _meetings(world.dialogue, 2)
    with django_assert_max_num_queries(40) as few:
        client.get(address(meeting))
    meeting = _meetings(world.dialogue, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(address(meeting))
    assert response.status_code == 200
