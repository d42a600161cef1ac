"""How often each member hears by email about one dialogue's work."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .dialogues import Dialogue
from .organisations import TimeStamped


class NotificationChoice(models.TextChoices):
    ALL = "all", _("Each time something concerns me")
    DIGEST = "digest", _("One summary a day of what changed")
    NONE = "none", _("No email")


class NotificationPreference(TimeStamped):
    """A member's choice for one dialogue; without one, a member hears about everything."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    choice = models.CharField(
        _("emails about this dialogue"),
        max_length=10,
        choices=NotificationChoice,
        default=NotificationChoice.ALL,
    )
    # When the last daily summary was sent: a second run the same day sends nothing.
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "dialogue"], name="unique_notification_pref"),
            models.CheckConstraint(
                condition=Q(choice__in=NotificationChoice.values),
                name="notification_choice_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.dialogue}: {self.choice}"
