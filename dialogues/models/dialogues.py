"""A dialogue, its members' roles, its stage history and its activity feed."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ..links import reverse_ids
from .choices import ChoiceLabels
from .organisations import Organisation, OrganisationRole, TimeStamped, new_token


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
        """Dialogues the user may open: members, and every member of the organisation (an
        account switched off has no role, as in rules.py)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return (
            self.alive()
            .filter(Q(memberships__user=user) | Q(organisation__memberships__user=user))
            .distinct()
        )

    def at_work_for(self, user, *, two_factor=True):
        """The unarchived dialogues the user may open, where work is given to them; without
        ``two_factor`` (the session did not sign in with it), not those of organisations that
        require it."""
        dialogues = self.visible_to(user).filter(archived_at__isnull=True)
        if not two_factor:
            dialogues = dialogues.exclude(organisation__require_two_factor=True)
        return dialogues

    def deleted_visible_to(self, user):
        """Deleted dialogues that the user could restore (owners)."""
        if not user.is_authenticated or not user.is_active:
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
    # When the feed address last changed (an owner asked, or someone who had it lost the right);
    # empty while it is the one the dialogue was created with.
    calendar_token_changed_at = models.DateTimeField(
        _("calendar feed address changed"), null=True, blank=True
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # Moves with every change to the dialogue's content (services.dialogues.activity_record):
    # the {% cache %} fragments of pages that show all of it (activity, plan) are keyed on it.
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    # One more per part of the content (PARTS), moved only by changes to what that part's pages
    # show, so that a commitment's progress leaves the kept register alone.
    stakeholders_revision = models.PositiveBigIntegerField(default=0, editable=False)
    # The stakeholder map (the grid) moves only when a stakeholder comes or goes or a field it
    # shows or filters by changes (MAPPED_FIELDS in selectors.stakeholders), so that editing
    # someone's role or contact details leaves it kept.
    stakeholder_map_revision = models.PositiveBigIntegerField(default=0, editable=False)
    # What the overview counts of the register (stakeholders by sector, those identified long
    # ago and not contacted) moves only when someone comes or goes or a sector or a status
    # changes (CENSUS_FIELDS in selectors.stakeholders): moving someone on the grid leaves it.
    stakeholder_census_revision = models.PositiveBigIntegerField(default=0, editable=False)
    checklists_revision = models.PositiveBigIntegerField(default=0, editable=False)
    meetings_revision = models.PositiveBigIntegerField(default=0, editable=False)
    commitments_revision = models.PositiveBigIntegerField(default=0, editable=False)
    # What the overview lists of the commitments (the open ones due soon or overdue) moves only
    # when one comes or goes or its wording, due date or status changes (DUE_FIELDS in
    # selectors.commitments): a progress note that leaves the status leaves it.
    commitments_due_revision = models.PositiveBigIntegerField(default=0, editable=False)
    # The stage and its timeline (the stage moves): moved by a stage move, which moves every
    # part, and left by the work inside a stage, such as ticking a checklist item.
    stage_revision = models.PositiveBigIntegerField(default=0, editable=False)

    # The parts of the content with a revision of their own (the field `<part>_revision`).
    PARTS = (
        "stakeholders",
        "stakeholder_map",
        "stakeholder_census",
        "checklists",
        "meetings",
        "commitments",
        "commitments_due",
        "stage",
    )

    objects = DialogueQuerySet.as_manager()

    # What the team writes about the dialogue, in the order the form shows it; declared once
    # for the form and the dialogue file.
    DESCRIPTION_FIELDS = (
        "title",
        "challenge",
        "why_multi_stakeholder",
        "goals",
        "scope",
        "start_date",
        "end_date",
    )

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


class Activity(ChoiceLabels):
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
        JOINED = "joined", pgettext_lazy("activity", "joined")
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
        UNSUBSCRIBED = "unsubscribed", pgettext_lazy("activity", "stopped emails from the team")
        LINK_REVOKED = "link_revoked", pgettext_lazy("activity", "revoked a personal link")
        INVITATIONS_SENT = "invitations_sent", pgettext_lazy("activity", "sent meeting invitations")
        REPLIED = "replied", pgettext_lazy("activity", "replied to a meeting invitation")
        FEEDBACK_REQUESTED = (
            "feedback_requested",
            pgettext_lazy("activity", "asked the attendees for feedback"),
        )
        CONFIRMED = "confirmed", pgettext_lazy("activity", "confirmed a commitment")
        REPORTED = "reported", pgettext_lazy("activity", "reported progress")

    # Reads worth recording (who was shown contact details, who took data away): the content
    # did not change, so recording one leaves the dialogue's revision, and its row, alone.
    READ_VERBS = frozenset({Verb.VIEWED_CONTACTS, Verb.EXPORTED})

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

    @property
    def role_label(self):
        """The role this entry gave someone, as people read it; empty if it gave none."""
        role = self.details.get("role")
        return Role(role).label if role in Role.values else ""

    @property
    def assignment_label(self):
        """Who this entry gave the work to follow up (a commitment), as people read it; empty
        if it gave it to no one new."""
        if "assigned_to" not in self.details:
            return ""
        name = self.details["assigned_to"]
        if not name:
            return gettext("followed up by nobody now")
        return gettext("followed up by %(name)s") % {"name": name}
