"""The readiness self-checks a team saved into its dialogue's Ready stage, oldest kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..readiness import Result
from .dialogues import Dialogue


class ReadinessCheck(models.Model):
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="readiness_checks"
    )
    # {question key: "yes" | "partly" | "no"}, the keys of dialogues.readiness.QUESTIONS.
    answers = models.JSONField(_("answers"), default=dict)
    result = models.CharField(_("result"), max_length=10, choices=Result)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("readiness self-check")
        verbose_name_plural = _("readiness self-checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=Result.values), name="readiness_result_valid"
            ),
        ]

    def __str__(self):
        return f"{self.dialogue} {self.created:%Y-%m-%d} {self.result}"
