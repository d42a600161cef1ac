"""What each document says. Every builder writes with a Writer from a Source; with no dialogue
in the source it writes the blank version, the same headings with lines to fill in."""

import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from toolkit_site.text import text_list

from ..models import Sector, Stakeholder, StakeholderStatus, Stance
from ..selectors.stakeholders import missing_core_sectors


def _date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _when(meeting):
    moment = timezone.localtime(meeting.starts_at, timezone=zoneinfo.ZoneInfo(meeting.timezone))
    return f"{formats.date_format(moment, 'DATETIME_FORMAT')} ({meeting.timezone})"


def _convenor(dialogue):
    if dialogue is None:
        return ""
    organisation = dialogue.organisation
    place = text_list(part for part in (organisation.city, organisation.country) if part)
    return f"{organisation.name} ({place})" if place else organisation.name


def _period(dialogue):
    if dialogue is None or not (dialogue.start_date or dialogue.end_date):
        return ""
    return _("from %(start)s to %(end)s") % {
        "start": _date(dialogue.start_date) or "…",
        "end": _date(dialogue.end_date) or "…",
    }


def _languages(dialogue):
    if dialogue is None:
        return ""
    names = []
    for code in dialogue.languages or []:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return text_list(names)


def _head(writer, source, title):
    dialogue = source.dialogue
    subtitle = _("Dialogue: %(title)s") % {"title": dialogue.title} if dialogue is not None else ""
    writer.title(title, subtitle)
    writer.field(_("Convened by"), _convenor(dialogue))


def _dialogue_basics(writer, dialogue):
    writer.heading(_("The challenge"))
    writer.lines(dialogue.challenge if dialogue else "", empty_lines=2)
    writer.heading(_("Why no single sector can solve it"))
    writer.lines(dialogue.why_multi_stakeholder if dialogue else "")
    writer.heading(_("Goals"))
    writer.lines(dialogue.goals if dialogue else "")
    writer.heading(_("Scope and geography"))
    writer.lines(dialogue.scope if dialogue else "", empty_lines=2)


def _sector_counts(people):
    """Each sector, in the register's order, with how many of ``people`` belong to it."""
    counts = {}
    for stakeholder in people:
        counts[stakeholder.sector] = counts.get(stakeholder.sector, 0) + 1
    return [(sector, counts.get(sector.value, 0)) for sector in Sector]


def terms_of_reference(writer, source):
    dialogue = source.dialogue
    _head(writer, source, _("Terms of reference of the dialogue"))
    _dialogue_basics(writer, dialogue)
    writer.heading(_("Timeframe and languages"))
    writer.field(_("Period"), _period(dialogue))
    writer.field(_("Languages"), _languages(dialogue))
    writer.heading(_("Who takes part"))
    writer.table(
        [_("Sector"), _("Stakeholders")],
        [(sector.label, count or "") for sector, count in _sector_counts(source.stakeholders)],
    )
    writer.heading(_("Principles"))
    writer.bullets(_principles())
    writer.heading(_("How decisions are taken"))
    writer.lines("", empty_lines=2)
    writer.heading(_("How the results feed into real decisions"))
    writer.lines("", empty_lines=2)
    writer.heading(_("Agreed by"))
    writer.signature([_("Name"), _("Organisation"), _("Signature"), _("Date")])


def _principles():
    return [
        _("Inclusiveness first: the people most affected have a seat and a voice."),
        _("Joint ownership: the participants shape the process and its results together."),
        _("Power is named and worked with, not ignored."),
        _("Conflict is dealt with openly and respectfully."),
        _("Participants and their data are kept safe."),
    ]


def steering_group(writer, source):
    dialogue = source.dialogue
    _head(writer, source, _("Terms of reference of the steering group"))
    writer.heading(_("Purpose"))
    writer.paragraph(
        _(
            "The steering group designs and guides the dialogue, keeps it inclusive and "
            "makes sure its results are followed up."
        )
    )
    writer.field(_("Challenge"), dialogue.challenge if dialogue else "")
    writer.field(_("Period"), _period(dialogue))
    writer.heading(_("Members"))
    writer.table(
        [_("Name"), _("Organisation"), _("Sector"), _("Role in the group")], [], blank_rows=6
    )
    writer.paragraph(
        _("The group is small and diverse: it brings together people from several sectors.")
    )
    writer.heading(_("Responsibilities"))
    writer.bullets(
        [
            _("Agree the goals, scope and mandate of the dialogue."),
            _("Analyse the stakeholders and check that no group is left out."),
            _("Choose the facilitator and approve the agenda and methods."),
            _("Plan communication with the public and the documentation."),
            _("Follow the commitments after the dialogue."),
        ]
    )
    writer.heading(_("How the group works"))
    writer.field(_("Meets every"), "")
    writer.field(_("Decision rule"), "")
    writer.field(_("Chair or convenor"), dialogue.organisation.name if dialogue else "")


def invitation(writer, source):
    dialogue, stakeholder, meeting = source.dialogue, source.stakeholder, source.meeting
    organisation = dialogue.organisation if dialogue else None
    writer.field(_("From"), _convenor(dialogue))
    writer.field(_("Date"), _date(timezone.localdate()) if dialogue else "")
    writer.field(_("To"), _addressee(stakeholder))
    if stakeholder is not None and source.include_contacts and stakeholder.email:
        writer.field(_("Email"), stakeholder.email)
    writer.title(
        _("Invitation to take part in the dialogue “%(title)s”") % {"title": dialogue.title}
        if dialogue
        else _("Invitation to take part in a dialogue")
    )
    name = stakeholder.name if stakeholder is not None else "____________"
    writer.paragraph(_("Dear %(name)s,") % {"name": name})
    writer.paragraph(
        _(
            "%(organisation)s is convening a dialogue that brings government, business, civil "
            "society, science and communities to one table on this challenge:"
        )
        % {"organisation": organisation.name if organisation else "____________"}
    )
    writer.lines(dialogue.challenge if dialogue else "", empty_lines=2)
    writer.paragraph(
        _(
            "No single sector can solve it alone. Your experience and your point of view are "
            "needed, and we would be glad to count you among the participants."
        )
    )
    if dialogue and dialogue.goals:
        writer.heading(_("What the dialogue wants to achieve"))
        writer.lines(dialogue.goals)
    writer.heading(_("Meeting"))
    writer.field(_("Title"), meeting.title if meeting else "")
    writer.field(_("When"), _when(meeting) if meeting else "")
    writer.field(_("Where"), (meeting.place or meeting.online_url) if meeting else "")
    if meeting is not None and meeting.agenda_items.all():
        writer.heading(_("Agenda"))
        writer.numbered(item.title for item in meeting.agenda_items.all())
    writer.paragraph(
        _(
            "Interpretation, accessibility or travel support can be arranged: please tell us "
            "what you need."
        )
    )
    writer.field(_("Please reply by"), "")
    writer.paragraph(_("With our best regards,"))
    writer.paragraph(organisation.name if organisation else "")


def _addressee(stakeholder):
    if stakeholder is None:
        return ""
    parts = [stakeholder.name, stakeholder.role_title, stakeholder.organisation]
    return text_list(part for part in parts if part)


# The data a person gives on the consent form: the register's own fields, as it names them.
CONSENT_FIELDS = ("name", "organisation", "role_title", "email", "phone")


def consent_form(writer, source):
    dialogue = source.dialogue
    organisation = dialogue.organisation.name if dialogue else "____________"
    _head(writer, source, _("Consent and photo form"))
    writer.paragraph(
        _(
            "%(organisation)s keeps only what it needs to run the dialogue, shares it only with "
            "the dialogue's team and deletes it when you ask."
        )
        % {"organisation": organisation}
    )
    writer.heading(_("About you"))
    for name in CONSENT_FIELDS:
        writer.field(str(Stakeholder._meta.get_field(name).verbose_name).capitalize(), "")
    writer.heading(_("I agree that"))
    writer.checkboxes(
        [
            _("my contact details are kept to invite me to the dialogue's meetings;"),
            _("my name and organisation appear in the list of participants;"),
            _("I am photographed or filmed during the meetings;"),
            _("photos or videos in which I can be recognised are published."),
        ]
    )
    writer.paragraph(
        _(
            "You may say no to any of these and still take part. You can withdraw your consent "
            "at any time by telling %(organisation)s."
        )
        % {"organisation": organisation}
    )
    writer.signature([_("Signature"), _("Date")])


def minutes(writer, source):
    meeting = source.meeting
    _head(writer, source, _("Minutes of the meeting"))
    writer.field(_("Meeting"), meeting.title if meeting else "")
    writer.field(_("When"), _when(meeting) if meeting else "")
    writer.field(_("Where"), (meeting.place or meeting.online_url) if meeting else "")
    writer.heading(_("Agenda"))
    agenda = [item.title for item in meeting.agenda_items.all()] if meeting else []
    if agenda:
        writer.numbered(agenda)
    else:
        writer.lines("")
    writer.heading(_("Attendance"))
    attended = list(meeting.attended.all()) if meeting else []
    if attended:
        writer.paragraph(
            ngettext("%(count)d person attended.", "%(count)d people attended.", len(attended))
            % {"count": len(attended)}
        )
    writer.table(
        [_("Name"), _("Organisation"), _("Sector")],
        [(s.name, s.organisation, s.get_sector_display()) for s in attended],
        blank_rows=0 if attended else 5,
    )
    writer.heading(_("Notes"))
    writer.lines(meeting.minutes if meeting else "", empty_lines=5)
    writer.heading(_("Decisions"))
    writer.lines(meeting.decisions if meeting else "")
    writer.heading(_("Commitments"))
    commitments = list(meeting.commitments.all()) if meeting else []
    writer.table(
        [_("Who"), _("Commits to"), _("By when"), _("With what resources")],
        [
            (
                text_list(s.name for s in c.stakeholders.all()),
                c.description,
                _date(c.due_date),
                c.resources,
            )
            for c in commitments
        ],
        blank_rows=0 if commitments else 4,
    )
    writer.field(_("Minutes taken by"), "")


def facilitator_brief(writer, source):
    dialogue = source.dialogue
    _head(writer, source, _("Facilitator brief"))
    writer.field(_("Stage"), dialogue.get_stage_display() if dialogue else "")
    _dialogue_basics(writer, dialogue)
    writer.heading(_("Who takes part"))
    people = [s for s in source.stakeholders if s.status != StakeholderStatus.DECLINED]
    headers = [_("Name"), _("Organisation"), _("Sector"), _("Stance")]
    if source.include_contacts:
        headers.append(_("Email"))
    rows = []
    for s in people:
        row = [s.name, s.organisation, s.get_sector_display(), s.get_stance_display()]
        rows.append([*row, s.email] if source.include_contacts else row)
    writer.table(headers, rows, blank_rows=0 if rows else 6)
    if dialogue is not None:
        missing = missing_core_sectors(
            [{"sector": sector, "count": count or 0} for sector, count in _sector_counts(people)]
        )
        if missing:
            writer.paragraph(
                _("No one yet from: %(sectors)s.")
                % {"sectors": text_list(sector.label for sector in missing)}
            )
        opposed = sum(1 for s in people if s.stance == Stance.OPPOSED)
        if opposed:
            writer.paragraph(
                ngettext(
                    "%(count)d participant is opposed: plan how their view will be heard.",
                    "%(count)d participants are opposed: plan how their views will be heard.",
                    opposed,
                )
                % {"count": opposed}
            )
    writer.heading(_("Next meeting"))
    meeting = source.meeting
    writer.field(_("Meeting"), meeting.title if meeting else "")
    writer.field(_("When"), _when(meeting) if meeting else "")
    if meeting is not None and meeting.agenda_items.all():
        writer.numbered(item.title for item in meeting.agenda_items.all())
    writer.heading(_("Points of attention"))
    writer.bullets(
        [
            _("Agree the ground rules with the group at the start."),
            _("Give the floor to those with less power first, and in their language."),
            _("Record decisions and commitments: who, what, by when, with what resources."),
        ]
    )
    writer.heading(_("Ground rules agreed"))
    writer.lines("", empty_lines=4)
