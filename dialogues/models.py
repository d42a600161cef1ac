"""Organisations, their dialogues and everything a dialogue's workspace tracks."""

import functools
import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .links import reverse_ids


def new_token():
    return secrets.token_urlsafe(32)


@functools.cache
def timezone_names():
    """IANA time zone names, sorted; read from the system once."""
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_timezone(value):
    if value not in timezone_names():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_timezone")


class TimeStamped(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


# --- Organisations --------------------------------------------------------------------------


class OrganisationQuerySet(models.QuerySet):
    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("short description"), max_length=1000, blank=True)
    website = models.URLField(_("website"), blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("Used as the default time zone of new meetings."),
    )
    require_two_factor = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_("Members must turn on two-factor authentication to open its dialogues."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganisationMembership", related_name="organisations"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_ids("dialogues:organisation-detail", self.pk)


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class OrganisationMembership(TimeStamped):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=OrganisationRole, default=OrganisationRole.MEMBER
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_org_member"),
            models.CheckConstraint(
                condition=Q(role__in=OrganisationRole.values), name="org_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"


# --- Dialogues ------------------------------------------------------------------------------


class Stage(models.TextChoices):
    READY = "ready", _("Ready!")
    GET_SET = "get_set", _("Get Set!")
    GO = "go", _("Go!")
    FOLLOW_UP = "follow_up", _("Follow-up")

    @classmethod
    def index(cls, value):
        return cls.values.index(value)


class Role(models.TextChoices):
    """A person's role in one dialogue's workspace, from least to most rights."""

    VIEWER = "viewer", _("Viewer")
    FACILITATOR = "facilitator", _("Facilitator")
    OWNER = "owner", _("Owner")

    @classmethod
    def rank(cls, value):
        return cls.values.index(value) if value else -1


class DialogueQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Dialogues the user may open: members, and every member of the organisation."""
        if not user.is_authenticated:
            return self.none()
        return (
            self.alive()
            .filter(Q(memberships__user=user) | Q(organisation__memberships__user=user))
            .distinct()
        )

    def deleted_visible_to(self, user):
        """Deleted dialogues that the user could restore (owners)."""
        if not user.is_authenticated:
            return self.none()
        return (
            self.filter(deleted_at__isnull=False)
            .filter(
                Q(memberships__user=user, memberships__role=Role.OWNER)
                | Q(
                    organisation__memberships__user=user,
                    organisation__memberships__role=OrganisationRole.ADMIN,
                )
            )
            .distinct()
        )


class Dialogue(TimeStamped):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="dialogues",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    challenge = models.CharField(
        _("challenge"),
        max_length=300,
        help_text=_("The challenge the dialogue addresses, in one sentence."),
    )
    why_multi_stakeholder = models.TextField(
        _("why no single sector can solve it"), max_length=5000, blank=True
    )
    goals = models.TextField(_("goals"), max_length=5000, blank=True)
    scope = models.TextField(_("scope and geography"), max_length=5000, blank=True)
    start_date = models.DateField(_("expected start"), null=True, blank=True)
    end_date = models.DateField(_("expected end"), null=True, blank=True)
    languages = models.JSONField(_("languages used in the dialogue"), default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage, default=Stage.READY)
    show_contacts_to_viewers = models.BooleanField(
        _("viewers may see contact details"), default=False
    )
    calendar_token = models.CharField(max_length=64, default=new_token, unique=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # Moves with every change recorded in the dialogue's activity (services.activity_record):
    # rendered parts of its pages are kept under it.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    objects = DialogueQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="dialogue_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="dialogue_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_ids("dialogues:dialogue-detail", self.pk)

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def purge_after(self):
        if self.deleted_at is None:
            return None
        return self.deleted_at + timedelta(days=settings.DIALOGUE_RESTORE_DAYS)

    @property
    def is_stage_ready(self):
        return self.stage == Stage.READY

    @property
    def is_stage_go(self):
        return self.stage == Stage.GO

    @property
    def stage_index(self):
        return Stage.index(self.stage)


class DialogueMembership(TimeStamped):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dialogue_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.VIEWER)

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "user"], name="unique_dialogue_member"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="dialogue_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.dialogue} ({self.role})"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(TimeStamped):
    """An emailed, single-use invitation to an organisation or to one dialogue's workspace."""

    VALID_DAYS = 14

    email = models.EmailField(_("email"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=12)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    language = models.CharField(max_length=5, default="en")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=True) & Q(dialogue__isnull=False))
                | (Q(organisation__isnull=False) & Q(dialogue__isnull=True)),
                name="invitation_has_one_target",
            )
        ]

    def __str__(self):
        return self.email

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def target(self):
        return self.dialogue or self.organisation


class StageTransition(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=10, choices=Stage)
    to_stage = models.CharField(_("to"), max_length=10, choices=Stage)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Activity(models.Model):
    """One recorded change (or sensitive read) in a dialogue's workspace."""

    class Verb(models.TextChoices):
        CREATED = "created", pgettext_lazy("activity", "created")
        UPDATED = "updated", pgettext_lazy("activity", "updated")
        DELETED = "deleted", pgettext_lazy("activity", "deleted")
        RESTORED = "restored", pgettext_lazy("activity", "restored")
        ARCHIVED = "archived", pgettext_lazy("activity", "archived")
        UNARCHIVED = "unarchived", pgettext_lazy("activity", "unarchived")
        STAGE_MOVED = "stage_moved", pgettext_lazy("activity", "moved the stage")
        MEMBER_ADDED = "member_added", pgettext_lazy("activity", "added a member")
        MEMBER_CHANGED = "member_changed", pgettext_lazy("activity", "changed a member's role")
        MEMBER_REMOVED = "member_removed", pgettext_lazy("activity", "removed a member")
        INVITED = "invited", pgettext_lazy("activity", "invited")
        INVITATION_REVOKED = (
            "invitation_revoked",
            pgettext_lazy("activity", "revoked an invitation"),
        )
        VIEWED_CONTACTS = "viewed_contacts", pgettext_lazy("activity", "viewed contact details")
        EXPORTED = "exported", pgettext_lazy("activity", "exported")
        IMPORTED = "imported", pgettext_lazy("activity", "imported")
        COMPLETED = "completed", pgettext_lazy("activity", "completed")
        REOPENED = "reopened", pgettext_lazy("activity", "reopened")
        ERASED = "erased", pgettext_lazy("activity", "erased personal data")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=20, choices=Verb)
    target_type = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.actor} {self.verb} {self.target_label}"


# --- Stakeholders ---------------------------------------------------------------------------


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    GOVERNMENT = "government", _("Government")
    PRIVATE = "private", _("Private sector")
    ACADEMIA = "academia", _("Academia and science")
    PUBLIC = "public", _("General public and communities")
    MEDIA = "media", _("Media")
    DONORS = "donors", _("Donors and international organisations")
    OTHER = "other", _("Other")

    @classmethod
    def core(cls):
        """The five sectors the toolkit's argument names; a dialogue without one gets a warning."""
        return [cls.CIVIL_SOCIETY, cls.GOVERNMENT, cls.PRIVATE, cls.ACADEMIA, cls.PUBLIC]


class Stance(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    NEUTRAL = "neutral", _("Neutral")
    OPPOSED = "opposed", _("Opposed")
    UNKNOWN = "unknown", _("Unknown")


class Engagement(models.TextChoices):
    UNAWARE = "unaware", _("Unaware")
    RESISTANT = "resistant", _("Resistant")
    NEUTRAL = "neutral", pgettext_lazy("engagement", "Neutral")
    SUPPORTIVE = "supportive", pgettext_lazy("engagement", "Supportive")
    LEADING = "leading", _("Leading")


class ParticipationLevel(models.TextChoices):
    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class StakeholderStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    CONFIRMED = "confirmed", _("Confirmed")
    PARTICIPATING = "participating", _("Participating")
    DECLINED = "declined", _("Declined")


class Quadrant(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")

    @classmethod
    def of(cls, influence, interest):
        """Scores 1–5; 3 and above counts as high."""
        high_influence, high_interest = influence >= 3, interest >= 3
        if high_influence and high_interest:
            return cls.MANAGE_CLOSELY
        if high_influence:
            return cls.KEEP_SATISFIED
        if high_interest:
            return cls.KEEP_INFORMED
        return cls.MONITOR

    @classmethod
    def filter_for(cls, value):
        high = 3
        return {
            cls.MANAGE_CLOSELY: Q(influence__gte=high, interest__gte=high),
            cls.KEEP_SATISFIED: Q(influence__gte=high, interest__lt=high),
            cls.KEEP_INFORMED: Q(influence__lt=high, interest__gte=high),
            cls.MONITOR: Q(influence__lt=high, interest__lt=high),
        }[value]


class Label(models.Model):
    """A tag or inclusion marker chosen by a dialogue's team."""

    class Kind(models.TextChoices):
        TAG = "tag", _("Tag")
        INCLUSION = "inclusion", _("Inclusion marker")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="labels")
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "kind", "name"], name="unique_label"),
        ]

    def __str__(self):
        return self.name


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(TimeStamped):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PERSON = "person", _("Person")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="stakeholders")
    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.ORGANISATION)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role_title = models.CharField(_("role or title"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=SCORE_VALIDATORS
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), default=3, validators=SCORE_VALIDATORS
    )
    stance = models.CharField(_("stance"), max_length=12, choices=Stance, default=Stance.UNKNOWN)
    engagement_current = models.CharField(
        _("current engagement"), max_length=12, choices=Engagement, default=Engagement.UNAWARE
    )
    engagement_desired = models.CharField(
        _("desired engagement"), max_length=12, choices=Engagement, default=Engagement.SUPPORTIVE
    )
    participation_level = models.CharField(
        _("participation level"),
        max_length=12,
        choices=ParticipationLevel,
        default=ParticipationLevel.CONSULT,
    )
    status = models.CharField(
        _("status"), max_length=14, choices=StakeholderStatus, default=StakeholderStatus.IDENTIFIED
    )
    status_changed = models.DateTimeField(default=timezone.now)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("how consent was given"),
        max_length=200,
        blank=True,
        help_text=_("For example: verbally at the meeting of 3 May, by email, signed form."),
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    labels = models.ManyToManyField(Label, blank=True, related_name="stakeholders")
    erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["dialogue", "sector"]),
            models.Index(fields=["dialogue", "name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5), name="influence_1_5"
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5), name="interest_1_5"
            ),
            models.CheckConstraint(condition=Q(sector__in=Sector.values), name="sector_valid"),
            models.CheckConstraint(
                condition=Q(status__in=StakeholderStatus.values), name="stakeholder_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_ids("dialogues:stakeholder-detail", self.dialogue_id, self.pk)

    @property
    def quadrant(self):
        return Quadrant.of(self.influence, self.interest)

    @property
    def has_contact(self):
        return bool(self.email or self.phone)


class Interaction(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("Email")
        OTHER = "other", _("Other")

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="interactions"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.MEETING)
    note = models.TextField(_("note"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.kind}"


# --- Stages: checklists ---------------------------------------------------------------------


class ChecklistTemplateItem(models.Model):
    """A default checklist item given to every new dialogue; admins edit it in four languages."""

    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    order = models.PositiveIntegerField(_("order"), default=0)
    key = models.SlugField(unique=True, help_text=_("Stable identifier used by the loader."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    chapter = models.ForeignKey(
        "content.Chapter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toolkit chapter"),
    )
    tool = models.ForeignKey(
        "content.Tool",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toolkit tool"),
    )
    active = models.BooleanField(_("active"), default=True)
    # {language or "_meta": hash of what load_checklists last wrote}; tells admin edits apart.
    loaded_hashes = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["stage", "order"]
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="template_stage_valid"
            ),
        ]

    def __str__(self):
        return self.title


class ChecklistItem(TimeStamped):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="checklist_items")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    order = models.PositiveIntegerField(_("order"), default=0)
    template = models.ForeignKey(
        ChecklistTemplateItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Blank while the item still says what its template says, so each member reads it in their
    # own language; filled once the team rewrites it.
    title = models.CharField(_("title"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    chapter = models.ForeignKey(
        "content.Chapter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toolkit chapter"),
    )
    tool = models.ForeignKey(
        "content.Tool",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toolkit tool"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_items",
        verbose_name=_("assigned to"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["stage", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="item_stage_valid"),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if self.title:
            return self.title
        return self.template.title if self.template_id else ""

    @property
    def description(self):
        return self.template.description if self.template_id and not self.title else ""

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return (
            not self.is_done and self.due_date is not None and self.due_date < timezone.localdate()
        )


# --- Meetings and commitments ---------------------------------------------------------------


class Meeting(TimeStamped):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(60 * 24 * 7)],
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    invited = models.ManyToManyField(
        Stakeholder, blank=True, related_name="meetings_invited", verbose_name=_("invited")
    )
    attended = models.ManyToManyField(
        Stakeholder, blank=True, related_name="meetings_attended", verbose_name=_("attended")
    )
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=20000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_ids("dialogues:meeting-detail", self.dialogue_id, self.pk)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MaxValueValidator(60 * 24)]
    )
    tool = models.ForeignKey(
        "content.Tool",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("method or tool"),
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class CommitmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def open(cls):
        return [cls.PROPOSED, cls.AGREED, cls.IN_PROGRESS]


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=CommitmentStatus.open(), due_date__lt=today)

    def due_soon(self, days=14, today=None):
        today = today or timezone.localdate()
        return self.filter(
            status__in=CommitmentStatus.open(),
            due_date__gte=today,
            due_date__lte=today + timedelta(days=days),
        )


class Commitment(TimeStamped):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("meeting"),
    )
    stakeholders = models.ManyToManyField(
        Stakeholder, related_name="commitments", verbose_name=_("who")
    )
    description = models.TextField(_("commits to"), max_length=5000)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    resources = models.TextField(_("with what resources"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus, default=CommitmentStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values), name="commitment_status_valid"
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse_ids("dialogues:commitment-detail", self.dialogue_id, self.pk)

    @property
    def is_overdue(self):
        return (
            self.status in CommitmentStatus.open()
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class OverdueDigest(models.Model):
    """One overdue-commitments email sent to one owner on one day; keeps the digest idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="overdue_digests"
    )
    date = models.DateField()
    commitments = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="unique_digest_per_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.date}"


class CommitmentUpdate(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=12, choices=CommitmentStatus)
    note = models.TextField(_("progress"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.status}"
