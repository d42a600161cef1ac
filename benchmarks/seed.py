"""A realistic large organisation for the benchmark, written with bulk inserts.

- "Coastal Network" (the benchmark user is its admin): 50 dialogues. One, the big one, has
  2,000 stakeholders (two interactions each, labels), 200 checklist items, 100 meetings (agenda,
  30 invited, 20 attended), 500 commitments (stakeholders, progress updates) and 10,000
  activity entries; the 49 others are small (40 stakeholders, 5 meetings, 10 commitments).
- "Export bench": one dialogue with 20,000 stakeholders (exports) and an empty one (imports).
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dialogues.models import (
    Activity,
    AgendaItem,
    ChecklistItem,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Dialogue,
    Engagement,
    Interaction,
    Label,
    Meeting,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    ParticipationLevel,
    Sector,
    Stage,
    StageTransition,
    Stakeholder,
    StakeholderStatus,
    Stance,
)
from dialogues.services.dialogues import dialogue_create

ORGANISATION = "Coastal Network"
EXPORT_ORGANISATION = "Export bench"
OWNER_EMAIL = "bench-owner@example.org"

FIRST = ["Amina", "Moussa", "Fatou", "Ibrahima", "Leila", "Omar", "Awa", "Jean", "María", "Youssef"]
LAST = ["Diallo", "Ndiaye", "Sarr", "Fall", "Benali", "Haddad", "Gómez", "Martin", "Ba", "Sy"]
ORGANISATIONS = [
    "Ministry of Fisheries",
    "Joal women fish processors",
    "University Cheikh Anta Diop",
    "Radio Mbour FM",
    "Port authority",
    "جمعية الصيادين",
    "Coopérative des mareyeuses",
    "Blue Ocean Foods Ltd",
]


def _owner():
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="bench-owner", defaults={"email": OWNER_EMAIL}
    )
    if created:
        user.set_password("bench-Passphrase-2026")
        user.save()
        EmailAddress.objects.create(user=user, email=OWNER_EMAIL, verified=True, primary=True)
    return user


def is_seeded():
    return Organisation.objects.filter(name=ORGANISATION).exists()


def _stakeholders(dialogue, count, rng, user, *, with_contacts=True):
    now = timezone.now()
    sectors, stances = Sector.values, Stance.values
    rows = []
    for n in range(count):
        person = rng.random() < 0.6
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        rows.append(
            Stakeholder(
                dialogue=dialogue,
                kind=Stakeholder.Kind.PERSON if person else Stakeholder.Kind.ORGANISATION,
                name=name if person else f"{rng.choice(ORGANISATIONS)} {n}",
                organisation=rng.choice(ORGANISATIONS),
                role_title=rng.choice(["Director", "Fisher", "Researcher", "Journalist", ""]),
                sector=sectors[n % len(sectors)],
                influence=rng.randint(1, 5),
                interest=rng.randint(1, 5),
                stance=rng.choice(stances),
                engagement_current=rng.choice(Engagement.values),
                engagement_desired=rng.choice(Engagement.values),
                participation_level=rng.choice(ParticipationLevel.values),
                status=rng.choice(StakeholderStatus.values),
                status_changed=now - timedelta(days=rng.randint(0, 120)),
                email=f"person{n}@example.org" if with_contacts and person else "",
                phone=f"+221 77 {n:06d}" if with_contacts and person else "",
                consent_date=(now - timedelta(days=30)).date() if person else None,
                consent_method="verbally at the first meeting" if person else "",
                notes="Met at the landing site; prefers WhatsApp." if n % 3 == 0 else "",
                created_by=user,
            )
        )
    stakeholders = Stakeholder.objects.bulk_create(rows, batch_size=2000)
    labels = Label.objects.bulk_create(
        [Label(dialogue=dialogue, kind=Label.Kind.TAG, name=f"tag {n}") for n in range(8)]
        + [
            Label(dialogue=dialogue, kind=Label.Kind.INCLUSION, name=name)
            for name in ("women-led", "youth", "marginalised group", "persons with disabilities")
        ]
    )
    Stakeholder.labels.through.objects.bulk_create(
        [
            Stakeholder.labels.through(stakeholder=stakeholder, label=label)
            for stakeholder in stakeholders
            for label in rng.sample(labels, rng.randint(0, 3))
        ],
        batch_size=5000,
    )
    return stakeholders


def _interactions(stakeholders, rng, user, per_stakeholder):
    today = timezone.localdate()
    Interaction.objects.bulk_create(
        [
            Interaction(
                stakeholder=stakeholder,
                date=today - timedelta(days=rng.randint(0, 200)),
                kind=rng.choice(Interaction.Kind.values),
                note="Talked about the closed season and the new landing quay.",
                recorded_by=user,
            )
            for stakeholder in stakeholders
            for _n in range(per_stakeholder)
        ],
        batch_size=5000,
    )


def _checklist(dialogue, total, rng, user):
    existing = ChecklistItem.objects.filter(dialogue=dialogue).count()
    stages = Stage.values
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                dialogue=dialogue,
                stage=stages[n % len(stages)],
                order=100 + n,
                title=f"Team task {n}: prepare the next step with the steering group",
                assignee=user if n % 2 else None,
                due_date=timezone.localdate() + timedelta(days=rng.randint(-30, 60)),
            )
            for n in range(max(0, total - existing))
        ]
    )
    items = list(ChecklistItem.objects.filter(dialogue=dialogue))
    done = rng.sample(items, len(items) // 3)
    ChecklistItem.objects.filter(pk__in=[item.pk for item in done]).update(
        done_at=timezone.now(), done_by=user
    )


def _meetings(dialogue, stakeholders, count, rng, user, *, invited=30, attended=20):
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                dialogue=dialogue,
                title=f"Round table {n}",
                starts_at=now + timedelta(days=n * 7 - count * 3),
                duration_minutes=120,
                timezone="Africa/Dakar",
                place="Joal town hall",
                minutes="Decisions were taken on the fishing calendar." if n % 2 else "",
                created_by=user,
            )
            for n in range(count)
        ]
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, order=order, title=f"Agenda point {order}")
            for meeting in meetings
            for order in range(5)
        ]
    )
    invited_rows, attended_rows = [], []
    for meeting in meetings:
        guests = rng.sample(stakeholders, min(invited, len(stakeholders)))
        invited_rows += [
            Meeting.invited.through(meeting=meeting, stakeholder=guest) for guest in guests
        ]
        attended_rows += [
            Meeting.attended.through(meeting=meeting, stakeholder=guest)
            for guest in guests[:attended]
        ]
    Meeting.invited.through.objects.bulk_create(invited_rows, batch_size=5000)
    Meeting.attended.through.objects.bulk_create(attended_rows, batch_size=5000)
    return meetings


def _commitments(dialogue, stakeholders, meetings, count, rng, user):
    today = timezone.localdate()
    commitments = Commitment.objects.bulk_create(
        [
            Commitment(
                dialogue=dialogue,
                meeting=rng.choice(meetings) if meetings and n % 2 else None,
                description=f"Publish the landing data of the quay every month ({n})",
                due_date=today + timedelta(days=rng.randint(-60, 120)),
                resources="Two staff days a month",
                status=rng.choice(CommitmentStatus.values),
                created_by=user,
            )
            for n in range(count)
        ]
    )
    Commitment.stakeholders.through.objects.bulk_create(
        [
            Commitment.stakeholders.through(commitment=commitment, stakeholder=who)
            for commitment in commitments
            for who in rng.sample(stakeholders, rng.randint(1, 3))
        ],
        batch_size=5000,
    )
    CommitmentUpdate.objects.bulk_create(
        [
            CommitmentUpdate(
                commitment=commitment,
                date=today - timedelta(days=n * 10),
                status=commitment.status,
                note="On track.",
                author=user,
            )
            for commitment in commitments
            for n in range(rng.randint(0, 3))
        ],
        batch_size=5000,
    )


def _dialogue(organisation, user, title, rng):
    dialogue = dialogue_create(
        user=user,
        organisation=organisation,
        title=title,
        challenge="Fish stocks are collapsing and no sector can reverse it alone.",
        goals="Agree on a shared fishing calendar.",
    )
    StageTransition.objects.bulk_create(
        [
            StageTransition(
                dialogue=dialogue, from_stage=Stage.READY, to_stage=Stage.GET_SET, user=user
            ),
            StageTransition(
                dialogue=dialogue, from_stage=Stage.GET_SET, to_stage=Stage.GO, user=user
            ),
        ]
    )
    Dialogue.objects.filter(pk=dialogue.pk).update(stage=Stage.GO)
    return dialogue


@transaction.atomic
def seed(log=print):
    rng = random.Random(2026)  # noqa: S311 (reproducible sample data)
    user = _owner()
    organisation = Organisation.objects.create(name=ORGANISATION, country="Senegal", city="Joal")
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationRole.ADMIN
    )
    big = _dialogue(organisation, user, "Petite Côte fisheries (large)", rng)
    stakeholders = _stakeholders(big, 2000, rng, user)
    _interactions(stakeholders, rng, user, 2)
    _checklist(big, 200, rng, user)
    meetings = _meetings(big, stakeholders, 100, rng, user)
    _commitments(big, stakeholders, meetings, 500, rng, user)
    Activity.objects.bulk_create(
        [
            Activity(
                dialogue=big,
                actor=user,
                verb=Activity.Verb.UPDATED,
                target_type="stakeholder",
                target_label=stakeholders[n % len(stakeholders)].name,
                details={"fields": ["status"]},
            )
            for n in range(10_000)
        ],
        batch_size=5000,
    )
    log("  large dialogue seeded")
    for n in range(49):
        small = _dialogue(organisation, user, f"Dialogue {n + 1} of the network", rng)
        people = _stakeholders(small, 40, rng, user)
        _interactions(people, rng, user, 1)
        small_meetings = _meetings(small, people, 5, rng, user, invited=10, attended=6)
        _commitments(small, people, small_meetings, 10, rng, user)
    log("  49 small dialogues seeded")
    other = Organisation.objects.create(name=EXPORT_ORGANISATION, country="Senegal")
    OrganisationMembership.objects.create(
        organisation=other, user=user, role=OrganisationRole.ADMIN
    )
    huge = _dialogue(other, user, "Regional register (20,000 stakeholders)", rng)
    _stakeholders(huge, 20_000, rng, user)
    _dialogue(other, user, "Import target", rng)
    log("  export and import dialogues seeded")


def objects():
    """The seeded objects the benchmark opens."""
    user = get_user_model().objects.get(username="bench-owner")
    organisation = Organisation.objects.get(name=ORGANISATION)
    big = Dialogue.objects.get(title="Petite Côte fisheries (large)")
    small = Dialogue.objects.get(title="Dialogue 1 of the network")
    return {
        "user": user,
        "organisation": organisation,
        "big": big,
        "small": small,
        "huge": Dialogue.objects.get(title="Regional register (20,000 stakeholders)"),
        "import_target": Dialogue.objects.get(title="Import target"),
    }
