"""Meetings: when and where, who was invited and came, the agenda, minutes, decisions."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import Tool

from ..models import AgendaItem, Meeting, timezone_names
from ..selectors.stakeholders import stakeholders_in_sector_order
from .stakeholders import GroupedStakeholdersMixin, stakeholder_field
from .versioning import VersionedModelForm
from .widgets import DateInput, TimeInput


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "duration_minutes", "tool"]
        labels = {"tool": _("Method or tool")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            # An untouched empty line must not count as changed because of the default order.
            self.fields["order"].initial = None
            self.initial.pop("order", None)
        self.fields["tool"].queryset = Tool.objects.filter(published=True)
        self.fields["tool"].empty_label = "—"
        self.fields["tool"].widget.attrs["class"] = "form-select form-select-sm"


AgendaFormSet = forms.inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=3, can_delete=True, max_num=100
)


class MeetingForm(GroupedStakeholdersMixin, VersionedModelForm):
    """A meeting with its agenda lines (``self.agenda``, a formset checked and saved with it)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    timezone = forms.ChoiceField(label=_("Time zone"))
    invited = stakeholder_field(_("Invited"))
    attended = stakeholder_field(_("Attended"))

    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "start_time",
            "timezone",
            "duration_minutes",
            "place",
            "online_url",
            "invited",
            "attended",
            "minutes",
            "decisions",
        ]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"online_url": _("For online or hybrid meetings.")}

    # Fields that make up ``starts_at``.
    WHEN = ("date", "start_time", "timezone")

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = AgendaFormSet(
            self.data if self.is_bound else None, instance=self.instance, prefix="agenda"
        )
        self.fields["timezone"].choices = [(name, name) for name in timezone_names()]
        stakeholders = stakeholders_in_sector_order().filter(dialogue=dialogue)
        self.fields["invited"].queryset = stakeholders
        self.fields["attended"].queryset = stakeholders
        meeting = self.instance
        if meeting.pk:
            local = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone))
            self.initial.update(date=local.date(), start_time=local.time().replace(second=0))
        elif "timezone" not in kwargs.get("initial", {}):
            self.initial["timezone"] = dialogue.organisation.timezone

    def is_valid(self):
        """The meeting and its agenda lines, each checked so that every error is shown."""
        agenda_valid = self.agenda.is_valid()
        return super().is_valid() and agenda_valid

    def clean(self):
        cleaned = super().clean()
        day, time, zone = (cleaned.get(name) for name in self.WHEN)
        if day and time and zone:
            self.instance.starts_at = datetime.combine(day, time, tzinfo=ZoneInfo(zone))
        return cleaned

    def changed_fields(self):
        """The model fields to save: ``starts_at`` stands for the date, time and zone."""
        names = [
            name
            for name in self.changed_data
            if name not in ("version", "invited", "attended", "date", "start_time")
        ]
        if set(self.WHEN) & set(self.changed_data):
            names.append("starts_at")
        return names

    def agenda_rows(self):
        """The agenda as rows for ``services.meetings.meeting_*``, in the order the team gave."""
        rows = []
        for position, form in enumerate(self.agenda.forms, start=1):
            data = form.cleaned_data
            if not data or (not form.instance.pk and not form.has_changed()):
                continue
            rows.append(
                {
                    "id": data["id"].pk if data.get("id") else None,
                    "delete": data.get("DELETE", False),
                    "order": data.get("order") if data.get("order") is not None else position * 10,
                    "title": data.get("title", ""),
                    "duration_minutes": data.get("duration_minutes"),
                    "tool": data.get("tool"),
                }
            )
        return rows
