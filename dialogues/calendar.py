"""iCalendar (RFC 5545) files of a dialogue's meetings: one meeting, or the dialogue's feed.

Events carry what a calendar needs (title, time in the meeting's zone, place, link, agenda
titles), never minutes or attendance: a feed address can be forwarded.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

PRODID = "-//Dialogue Toolkit//Meetings//EN"


def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def meeting_event(meeting, *, host, url, url_label=None):
    """One VEVENT; ``url`` is the meeting's page in the workspace (absolute), or another page
    named by ``url_label`` (a text with ``%(url)s``)."""
    zone = _zone(meeting.timezone)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    event.add("sequence", max(meeting.version - 1, 0))
    if meeting.updated:
        event.add("last-modified", meeting.updated)
    if meeting.place or meeting.online_url:
        event.add("location", meeting.place or meeting.online_url)
    event.add("url", url)
    lines = []
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    agenda = list(meeting.agenda_items.all())
    if agenda:
        lines.append(_("Agenda:"))
        lines.extend(f"- {item.title}" for item in agenda)
    lines.append((url_label or _("In the workspace: %(url)s")) % {"url": url})
    event.add("description", "\n".join(lines))
    return event


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_ics(meetings, *, name, host, absolute_url):
    """The bytes of a calendar holding the meetings; ``absolute_url(path)`` makes links."""
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(
            meeting_event(meeting, host=host, url=absolute_url(meeting.get_absolute_url()))
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation_ics(meeting, *, host, reply_url):
    """The bytes of one meeting's calendar file for an invited stakeholder: it links to their
    reply page, not to the workspace."""
    calendar = _calendar(meeting.title)
    calendar.add_component(
        meeting_event(meeting, host=host, url=reply_url, url_label=_("Your reply: %(url)s"))
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()
