"""Meetings of a dialogue and their agenda."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..links import reverse_ids
from .dialogues import Dialogue
from .organisations import TimeStamped, toolkit_link
from .stakeholders import Stakeholder


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

    # When and where: what an invited stakeholder sees of the meeting (with the agenda's
    # titles), and the first fields of the dialogue file's meetings.
    SCHEDULE_FIELDS = ("title", "starts_at", "duration_minutes", "timezone", "place", "online_url")

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
    tool = toolkit_link("content.Tool", _("method or tool"))

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
