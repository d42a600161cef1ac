"""Checklists: the default items of each stage and a dialogue's own copy of them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dialogues import Dialogue, Stage
from .organisations import TimeStamped, toolkit_link


class ChecklistTemplateItem(models.Model):
    """A default checklist item given to every new dialogue; admins edit it in four languages."""

    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    order = models.PositiveIntegerField(_("order"), default=0)
    key = models.SlugField(unique=True, help_text=_("Stable identifier used by the loader."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    chapter = toolkit_link("content.Chapter", _("toolkit chapter"))
    tool = toolkit_link("content.Tool", _("toolkit tool"))
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
    chapter = toolkit_link("content.Chapter", _("toolkit chapter"))
    tool = toolkit_link("content.Tool", _("toolkit tool"))
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
