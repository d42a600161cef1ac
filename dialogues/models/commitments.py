"""Commitments made in a dialogue, their progress, and the overdue digest sent to owners."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..links import reverse_ids
from .choices import ChoiceLabels
from .dialogues import Dialogue
from .meetings import Meeting
from .organisations import TimeStamped
from .stakeholders import Stakeholder


class CommitmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def open(cls):
        return [cls.PROPOSED, cls.AGREED, cls.IN_PROGRESS]


def overdue_condition(today=None):
    """Open and due before ``today`` (by default, the local date)."""
    return Q(status__in=CommitmentStatus.open(), due_date__lt=today or timezone.localdate())


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(overdue_condition(today))

    def count_with_overdue(self, today=None):
        """(how many, how many of them overdue), in one query."""
        counts = self.aggregate(
            total=models.Count("pk"), overdue=models.Count("pk", filter=overdue_condition(today))
        )
        return counts["total"], counts["overdue"]


class Commitment(ChoiceLabels, TimeStamped):
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
    holder = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_held",
        verbose_name=_("held by"),
        help_text=_(
            "The stakeholder who confirms the wording and reports progress through a personal "
            "link (one of those who commit)."
        ),
    )
    # The team member who keeps track of it; one of those who edit the workspace (see rules).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_commitments",
        verbose_name=_("followed up by"),
        help_text=_(
            "The team member who keeps track of it and reminds the holder; they are told by "
            "email and find it under My work."
        ),
    )
    description = models.TextField(_("commits to"), max_length=5000)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    resources = models.TextField(_("with what resources"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus, default=CommitmentStatus.PROPOSED
    )
    # The wording the holder confirmed, and when: an edit after that shows as not confirmed.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_description = models.TextField(blank=True)
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
    def is_confirmed(self):
        """The holder confirmed the wording as it stands now."""
        return self.confirmed_at is not None and self.confirmed_description == self.description

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
    # Set when the commitment's holder reported this update through their personal link.
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.status}"
