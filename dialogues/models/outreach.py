"""Single-purpose links sent to stakeholders, who never have an account."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .stakeholders import Stakeholder


def hash_token(token):
    """Only this hash is stored: the database alone cannot open anyone's link."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_link_token():
    return secrets.token_urlsafe(32)


class StakeholderLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class StakeholderLink(models.Model):
    """One link for one purpose: it opens that one thing for that one person, until it expires
    or the team revokes it."""

    class Purpose(models.TextChoices):
        MEETING_REPLY = "meeting_reply", _("Reply to a meeting invitation")
        FEEDBACK = "feedback", _("Feedback on a meeting")
        COMMITMENT = "commitment", _("Confirm and report on a commitment")
        UNSUBSCRIBE = "unsubscribe", _("Stop emails")

    # Days a link stays valid, per purpose.
    VALID_DAYS = {
        Purpose.MEETING_REPLY: 60,
        Purpose.FEEDBACK: 30,
        Purpose.COMMITMENT: 365,
        Purpose.UNSUBSCRIBE: 365,
    }

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=20, choices=Purpose)
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    commitment = models.ForeignKey(
        "Commitment", on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = StakeholderLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=["meeting_reply", "feedback", "commitment", "unsubscribe"]),
                name="stakeholder_link_purpose_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} – {self.stakeholder}"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class MeetingReply(models.Model):
    """A stakeholder's answer to a meeting invitation, given through their personal link."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, I will come")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No, I cannot come")

    # The access needs a reply may name: for the form, the counts and the page.
    NEEDS = ("needs_interpretation", "needs_accessibility", "needs_childcare", "needs_travel")

    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, related_name="replies")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="meeting_replies"
    )
    answer = models.CharField(_("your answer"), max_length=5, choices=Answer)
    note = models.TextField(_("note for the organisers (optional)"), max_length=2000, blank=True)
    needs_interpretation = models.BooleanField(_("Interpretation"), default=False)
    needs_accessibility = models.BooleanField(_("Accessibility (venue, materials)"), default=False)
    needs_childcare = models.BooleanField(_("Childcare"), default=False)
    needs_travel = models.BooleanField(_("Travel support"), default=False)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stakeholder__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "stakeholder"], name="one_reply_each"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "maybe", "no"]), name="meeting_reply_answer_valid"
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} – {self.get_answer_display()}"

    @property
    def needs(self):
        """The labels of the access needs ticked."""
        return [
            self._meta.get_field(name).verbose_name for name in self.NEEDS if getattr(self, name)
        ]


class Agreement(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all")
    A_LITTLE = 2, _("A little")
    PARTLY = 3, _("Partly")
    MOSTLY = 4, _("Mostly")
    FULLY = 5, _("Fully")


class MeetingFeedback(models.Model):
    """One anonymous answer about a meeting. Nothing here, and nothing kept elsewhere, says whose
    it is: the link that brought it is deleted when it is given, and no time is stored."""

    # Results show only from this many answers up, so no single answer can be traced.
    MIN_ANSWERS = 3

    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, related_name="feedback")
    heard = models.PositiveSmallIntegerField(_("Did you feel heard?"), choices=Agreement)
    fair = models.PositiveSmallIntegerField(_("Was the process fair?"), choices=Agreement)
    change = models.TextField(
        _("What should change? (optional, in any language)"), max_length=2000, blank=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(heard__gte=1, heard__lte=5), name="heard_1_5"),
            models.CheckConstraint(condition=Q(fair__gte=1, fair__lte=5), name="fair_1_5"),
        ]

    def __str__(self):
        return str(self.meeting)
