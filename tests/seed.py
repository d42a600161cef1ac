"""What many tests stand on, built once per test process and put back in milliseconds.

The real toolkit text and default checklists (``load_toolkit``, ``load_checklists``) and a
demo dialogue with a person in each role are built once, inside a transaction that is rolled
back: the rows they added are kept in memory. A test that asks for them gets them inserted
again as they were (same primary keys), inside its own transaction, or committed for a
live-server test, whose database is emptied after it anyway.
"""

import copy
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

# Rows that migrations create and a flush recreates with other keys: never part of a seed.
_BASE_MODELS = (ContentType, Permission)


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model not in _BASE_MODELS
    ]


def _keys():
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _models()}


class Snapshot:
    """The rows added to the database since ``before`` (from ``_keys()``), kept as values."""

    def __init__(self, before):
        self.rows = []
        for model in _models():
            fields = [field.attname for field in model._meta.concrete_fields]
            rows = [
                row
                for row in model._base_manager.order_by("pk").values(*fields)
                if row[model._meta.pk.attname] not in before.get(model, ())
            ]
            if rows:
                self.rows.append((model, self._content_types_by_name(model, rows)))

    @staticmethod
    def _content_types_by_name(model, rows):
        """Content types get new keys when a flush recreates them: keep them by name."""
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Permission:
                raise ValueError(f"{model.__name__} points at a permission: not seedable")
            if field.is_relation and field.related_model is ContentType:
                for row in rows:
                    if row[field.attname] is not None:
                        row[field.attname] = ContentType.objects.get_for_id(
                            row[field.attname]
                        ).natural_key()
        return rows

    def restore(self):
        """Insert the rows again, foreign keys checked at the end of the transaction."""
        with transaction.atomic():
            for model, rows in self.rows:
                objects = []
                for row in rows:
                    values = dict(row)
                    for field in model._meta.concrete_fields:
                        if isinstance(values[field.attname], tuple):
                            values[field.attname] = ContentType.objects.get_by_natural_key(
                                *values[field.attname]
                            ).pk
                    objects.append(model(**values))
                model._base_manager.bulk_create(objects)


@dataclass
class Seed:
    toolkit: Snapshot
    demo: Snapshot
    demo_objects: object

    def restore_toolkit(self):
        self.toolkit.restore()

    def restore_demo(self):
        self.toolkit.restore()
        self.demo.restore()
        return copy.deepcopy(self.demo_objects)


def seed_build():
    """Load the toolkit and checklists, build the demo, keep the rows, and roll back."""
    with transaction.atomic():
        before = _keys()
        toolkit_load()
        toolkit = Snapshot(before)
        after_toolkit = _keys()
        demo_objects = demo_build()
        seed = Seed(toolkit=toolkit, demo=Snapshot(after_toolkit), demo_objects=demo_objects)
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return seed


def toolkit_load():
    """The real toolkit text and the default checklists, loaded from the files."""
    call_command("load_toolkit", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_checklists", stdout=io.StringIO(), stderr=io.StringIO())


@dataclass
class Demo:
    """One organisation's dialogue with a person in each role and something on every page."""

    organisation: object
    dialogue: object
    owner: object
    facilitator: object
    viewer: object
    outsider: object
    stakeholders: list
    meeting: object
    commitments: list
    invitation: object
    confirmation_key: str
    chapter: object
    tool: object

    @property
    def stakeholder(self):
        return self.stakeholders[0]

    @property
    def commitment(self):
        return self.commitments[0]

    @property
    def interaction(self):
        return self.stakeholder.interactions.first()

    @property
    def checklist_item(self):
        return self.dialogue.checklist_items.order_by("stage", "order", "pk").first()


def demo_build():
    """Build the demo dialogue on top of the loaded toolkit and checklists."""
    from content.models import Chapter
    from dialogues.models import ChecklistItem, Role, Sector, StakeholderStatus
    from dialogues.services.dialogues import dialogue_create
    from dialogues.services.organisations import organisation_create
    from dialogues.services.stakeholders import interaction_create
    from tests.dialogues import factories

    owner = factories.UserFactory(email="owner@example.org")
    facilitator = factories.UserFactory(email="facilitator@example.org")
    viewer = factories.UserFactory(email="viewer@example.org")
    outsider = factories.UserFactory(email="outsider@example.org")
    organisation = organisation_create(
        user=owner,
        name="Coastal Women's Network",
        country="Senegal",
        city="Dakar",
        timezone="Africa/Dakar",
    )
    dialogue = dialogue_create(
        user=owner,
        organisation=organisation,
        title="Artisanal fisheries of the Petite Côte",
        challenge="Fish stocks are collapsing and no sector can reverse it alone.",
        goals="Agree on a shared plan for the fishing season.",
        start_date=date(2026, 3, 1),
        end_date=date(2026, 11, 30),
    )
    factories.DialogueMembershipFactory(dialogue=dialogue, user=facilitator, role=Role.FACILITATOR)
    factories.DialogueMembershipFactory(dialogue=dialogue, user=viewer, role=Role.VIEWER)
    stakeholders = [
        factories.StakeholderFactory(
            dialogue=dialogue,
            name="Ministry of Fisheries",
            organisation="Government of Senegal",
            sector=Sector.GOVERNMENT,
            influence=5,
            interest=4,
            email="contact@peche.example.sn",
            status=StakeholderStatus.CONFIRMED,
        ),
        factories.StakeholderFactory(
            dialogue=dialogue,
            name="اتحاد الصيادين",
            organisation="Fishers' Union",
            sector=Sector.CIVIL_SOCIETY,
            influence=3,
            interest=5,
            status=StakeholderStatus.PARTICIPATING,
        ),
        factories.StakeholderFactory(
            dialogue=dialogue,
            name="Atlantic Seafood Exporters",
            organisation="",
            sector=Sector.PRIVATE,
            influence=4,
            interest=2,
            status=StakeholderStatus.IDENTIFIED,
        ),
    ]
    interaction_create(
        stakeholder=stakeholders[0],
        user=facilitator,
        date=date(2026, 3, 2),
        kind="call",
        note="Agreed to join the first round table.",
    )
    meeting = factories.MeetingFactory(
        dialogue=dialogue,
        title="First round table",
        starts_at=datetime(2026, 4, 14, 9, 30, tzinfo=UTC),
        timezone="Africa/Dakar",
        place="Mbour town hall",
        minutes="Everyone agreed the stocks are falling.",
        decisions="Meet again in June.",
    )
    meeting.invited.set(stakeholders)
    meeting.attended.set(stakeholders[:2])
    commitments = [
        factories.CommitmentFactory(
            dialogue=dialogue,
            meeting=meeting,
            description="Publish the landing data every month.",
            due_date=date(2026, 5, 31),
        ),
        factories.CommitmentFactory(
            dialogue=dialogue,
            meeting=meeting,
            description="Train twenty fishers in catch reporting.",
            due_date=date(2026, 9, 30),
        ),
    ]
    commitments[0].stakeholders.set(stakeholders[:1])
    commitments[1].stakeholders.set(stakeholders[1:2])
    # A few steps of the first stage are done.
    done = ChecklistItem.objects.filter(dialogue=dialogue).order_by("stage", "order")[:2]
    ChecklistItem.objects.filter(pk__in=[item.pk for item in done]).update(done_at=timezone.now())
    chapter = (
        Chapter.objects.filter(tools__isnull=False, published=True)
        .select_related("part")
        .order_by("part__order", "order")
        .first()
    )
    return Demo(
        organisation=organisation,
        dialogue=dialogue,
        owner=owner,
        facilitator=facilitator,
        viewer=viewer,
        outsider=outsider,
        stakeholders=stakeholders,
        meeting=meeting,
        commitments=commitments,
        invitation=factories.InvitationFactory(
            dialogue=dialogue, email="invited@example.org", invited_by=owner
        ),
        confirmation_key=_confirmation_key("newcomer@example.org"),
        chapter=chapter,
        tool=chapter.tools.order_by("order").first(),
    )


def _confirmation_key(email):
    """The key of the link mailed to someone who signed up and has not confirmed yet."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="newcomer", email=email)
    address = EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return EmailConfirmationHMAC(address).key
