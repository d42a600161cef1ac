"""Forms of meeting invitations: choosing whom to invite, and a stakeholder's reply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Agreement, MeetingFeedback, MeetingReply
from ..selectors.stakeholders import stakeholders_in_sector_order
from .stakeholders import GroupedStakeholdersMixin, stakeholder_field


class MeetingInviteForm(GroupedStakeholdersMixin, forms.Form):
    stakeholders = stakeholder_field(_("Stakeholders to invite"), required=True)

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["stakeholders"]
        field.queryset = (
            stakeholders_in_sector_order()
            .filter(dialogue=dialogue, erased_at__isnull=True, consent_date__isnull=False)
            .exclude(email="")
        )
        field.help_text = _(
            "Only stakeholders with an email address and recorded consent can be chosen. Each "
            "receives the meeting in their own language, with a personal link to reply."
        )
        field.error_messages["required"] = _("Choose at least one stakeholder to invite.")


class MeetingReplyForm(forms.ModelForm):
    class Meta:
        model = MeetingReply
        fields = ["answer", *MeetingReply.NEEDS, "note"]
        widgets = {
            "answer": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = list(MeetingReply.Answer.choices)


class AttendanceForm(GroupedStakeholdersMixin, forms.Form):
    """Who of the invited came: one checkbox each, grouped by sector."""

    present = stakeholder_field(_("Who came?"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = stakeholders_in_sector_order().filter(
            dialogue=meeting.dialogue_id, meetings_invited=meeting
        )
        field.help_text = _(
            "Tick everyone invited who took part. People who came without an invitation are "
            "added on the meeting's edit page."
        )
        if not self.is_bound:
            self.initial["present"] = [person.pk for person in meeting.attended.all()]


class MeetingFeedbackForm(forms.ModelForm):
    class Meta:
        model = MeetingFeedback
        fields = ["heard", "fair", "change"]
        widgets = {
            "heard": forms.RadioSelect,
            "fair": forms.RadioSelect,
            "change": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("heard", "fair"):
            self.fields[name].choices = list(Agreement.choices)
