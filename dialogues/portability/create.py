"""Creating a dialogue from a whole-dialogue file, in the receiving organisation, all or nothing.

People named in the file by email become the matching member of the receiving organisation
when there is one; the importing user becomes the new dialogue's owner. A commitment keeps
the person who follows it up only if they may in the new dialogue (rule follow_up_commitments).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from content.models import Chapter, Tool

from ..models import (
    Activity,
    AgendaItem,
    ChecklistItem,
    ChecklistTemplateItem,
    Commitment,
    CommitmentUpdate,
    Dialogue,
    DialogueMembership,
    Interaction,
    Label,
    Meeting,
    Role,
    StageTransition,
    Stakeholder,
)
from ..selectors.commitments import commitment_followers
from ..services.dialogues import activity_record
from .schema import PERSON_KEYS
from .validate import dialogue_file_read


def _people(organisation, user, records):
    """Members of the receiving organisation named in the file, by lower-case email."""
    emails = set()
    stack = list(records)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in PERSON_KEYS and isinstance(value, str):
                    emails.add(value.lower())
                elif isinstance(value, list | dict):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    people = {}
    if emails:
        members = (
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(organisation_memberships__organisation=organisation, email_lower__in=emails)
        )
        people = {member.email_lower: member for member in members}
    if user.email:
        people[user.email.lower()] = user
    return people


def import_dialogue(data, *, organisation, user):
    """Create a new dialogue in ``organisation`` from an exported file's data, all or nothing.

    The importing user becomes its owner. Raises ValidationError with messages for the user
    when the file is not valid; nothing is stored then.
    """
    checked = dialogue_file_read(data)
    people = _people(organisation, user, [data])

    def person(email):
        return people.get(email.lower()) if isinstance(email, str) else None

    try:
        with transaction.atomic():
            return _create(checked, organisation=organisation, user=user, person=person)
    except DatabaseError:
        raise ValidationError(
            _("The file could not be stored: some of its values are out of range."),
            code="database",
        ) from None


def _create(checked, *, organisation, user, person):
    dialogue = Dialogue.objects.create(
        organisation=organisation, created_by=user, **checked.dialogue
    )
    DialogueMembership.objects.create(dialogue=dialogue, user=user, role=Role.OWNER)

    labels = {entry.ref: Label(dialogue=dialogue, **entry.values) for entry in checked.labels}
    Label.objects.bulk_create(labels.values())

    stakeholders = {
        entry.ref: Stakeholder(
            dialogue=dialogue, created_by=person(entry.record.get("created_by")), **entry.values
        )
        for entry in checked.stakeholders
    }
    Stakeholder.objects.bulk_create(stakeholders.values(), batch_size=500)
    Stakeholder.labels.through.objects.bulk_create(
        [
            Stakeholder.labels.through(stakeholder=stakeholders[entry.ref], label=labels[ref])
            for entry in checked.stakeholders
            for ref in entry.labels
        ],
        batch_size=1000,
    )
    Interaction.objects.bulk_create(
        [
            Interaction(
                stakeholder=stakeholders[entry.ref],
                recorded_by=person(log.record.get("recorded_by")),
                **log.values,
            )
            for entry in checked.stakeholders
            for log in entry.interactions
        ],
        batch_size=1000,
    )

    chapters, tools = _toolkit_references(checked)
    items = _checklist_items(
        checked, dialogue=dialogue, chapters=chapters, tools=tools, person=person
    )
    ChecklistItem.objects.bulk_create(items, batch_size=500)

    StageTransition.objects.bulk_create(
        StageTransition(dialogue=dialogue, user=person(entry.record.get("user")), **entry.values)
        for entry in checked.stage_transitions
    )

    meetings = {
        entry.ref: Meeting(
            dialogue=dialogue, created_by=person(entry.record.get("created_by")), **entry.values
        )
        for entry in checked.meetings
    }
    Meeting.objects.bulk_create(meetings.values(), batch_size=500)
    invited, attended, agenda = [], [], []
    for entry in checked.meetings:
        meeting = meetings[entry.ref]
        invited += [
            Meeting.invited.through(meeting=meeting, stakeholder=stakeholders[ref])
            for ref in entry.invited
        ]
        attended += [
            Meeting.attended.through(meeting=meeting, stakeholder=stakeholders[ref])
            for ref in entry.attended
        ]
        agenda += [
            AgendaItem(meeting=meeting, tool=tools.get(line.record.get("tool")), **line.values)
            for line in entry.agenda
        ]
    Meeting.invited.through.objects.bulk_create(invited, batch_size=1000)
    Meeting.attended.through.objects.bulk_create(attended, batch_size=1000)
    AgendaItem.objects.bulk_create(agenda, batch_size=1000)

    followers = set(commitment_followers(dialogue).values_list("pk", flat=True))

    def follower(email):
        member = person(email)
        return member if member is not None and member.pk in followers else None

    commitments = [
        Commitment(
            dialogue=dialogue,
            meeting=meetings.get(entry.meeting),
            created_by=person(entry.record.get("created_by")),
            assignee=follower(entry.record.get("assignee")),
            **entry.values,
        )
        for entry in checked.commitments
    ]
    Commitment.objects.bulk_create(commitments, batch_size=500)
    pairs = list(zip(commitments, checked.commitments, strict=True))
    Commitment.stakeholders.through.objects.bulk_create(
        [
            Commitment.stakeholders.through(commitment=commitment, stakeholder=stakeholders[ref])
            for commitment, entry in pairs
            for ref in entry.stakeholders
        ],
        batch_size=1000,
    )
    CommitmentUpdate.objects.bulk_create(
        [
            CommitmentUpdate(
                commitment=commitment,
                author=person(update.record.get("author")),
                **update.values,
            )
            for commitment, entry in pairs
            for update in entry.updates
        ],
        batch_size=1000,
    )

    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.IMPORTED,
        target=dialogue,
        details={
            "format": "json",
            "stakeholders": len(stakeholders),
            "checklist_items": len(items),
            "meetings": len(meetings),
            "commitments": len(commitments),
        },
    )
    return dialogue


def _checklist_items(checked, *, dialogue, chapters, tools, person):
    templates = ChecklistTemplateItem.objects.in_bulk(
        {entry.record.get("template") for entry in checked.checklist_items} - {None},
        field_name="key",
    )
    items = []
    for entry in checked.checklist_items:
        record, values = entry.record, entry.values
        template = templates.get(record.get("template"))
        if template is None and not values["title"]:
            # The receiving site has no such default item: keep the words the team saw.
            values["title"] = (record.get("template_title") or "")[:300]
        items.append(
            ChecklistItem(
                dialogue=dialogue,
                template=template,
                chapter=chapters.get(record.get("chapter")),
                tool=tools.get(record.get("tool")),
                assignee=person(record.get("assignee")),
                done_by=person(record.get("done_by")),
                **values,
            )
        )
    return items


def _toolkit_references(checked):
    """The chapters and tools the file names by slug that exist on this site."""
    chapter_slugs = {entry.record.get("chapter") for entry in checked.checklist_items}
    tool_slugs = {entry.record.get("tool") for entry in checked.checklist_items}
    tool_slugs |= {line.record.get("tool") for entry in checked.meetings for line in entry.agenda}
    chapters = Chapter.objects.in_bulk(
        {slug for slug in chapter_slugs if isinstance(slug, str)}, field_name="slug"
    )
    tools = Tool.objects.in_bulk(
        {slug for slug in tool_slugs if isinstance(slug, str)}, field_name="slug"
    )
    return chapters, tools
