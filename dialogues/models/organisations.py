"""Organisations, their members and the invitations that bring people into a workspace.

Also the small pieces every other model module builds on: `TimeStamped` and `new_token`.
"""

import functools
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..links import reverse_ids


def new_token():
    return secrets.token_urlsafe(32)


@functools.cache
def timezone_names():
    """IANA time zone names, sorted; read from the system once."""
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_timezone(value):
    if value not in timezone_names():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_timezone")


def toolkit_link(to, verbose_name):
    """A link from the workspace to a toolkit chapter or tool (``"content.Chapter"``,
    ``"content.Tool"``): optional, and emptied rather than deleted when the toolkit item goes."""
    return models.ForeignKey(
        to,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class TimeStamped(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


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
        "Dialogue", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
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

    @property
    def role_label(self):
        """The invited role as people read it, in the current language."""
        from .dialogues import Role  # dialogues.py builds on this module

        choices = Role if self.dialogue_id else OrganisationRole
        return choices(self.role).label if self.role in choices.values else self.role
