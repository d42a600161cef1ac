"""Commitments: who commits to what, by when, their progress, and the list's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.names import name_and_email

from ..models import Commitment, CommitmentStatus, CommitmentUpdate, Meeting, Sector
from ..selectors.commitments import commitment_followers
from ..selectors.stakeholders import stakeholders_in_sector_order
from .stakeholders import GroupedStakeholdersMixin, stakeholder_field
from .versioning import VersionedModelForm
from .widgets import DateInput


class CommitmentForm(GroupedStakeholdersMixin, VersionedModelForm):
    stakeholders = stakeholder_field(_("Who commits"), required=True)

    class Meta:
        model = Commitment
        fields = [
            "stakeholders",
            "holder",
            "assignee",
            "description",
            "due_date",
            "resources",
            "status",
            "meeting",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }
        help_texts = {"meeting": _("The meeting where the commitment was made, if any.")}

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        stakeholders = stakeholders_in_sector_order().filter(dialogue=dialogue)
        self.fields["stakeholders"].queryset = stakeholders
        self.fields["meeting"].queryset = Meeting.objects.filter(dialogue=dialogue)
        self.fields["holder"].queryset = stakeholders
        self.fields["assignee"].queryset = commitment_followers(dialogue)
        self.fields["assignee"].label_from_instance = name_and_email
        self.fields["assignee"].empty_label = "—"

    def clean(self):
        cleaned = super().clean()
        holder, who = cleaned.get("holder"), cleaned.get("stakeholders")
        if holder is not None and who is not None and holder not in who:
            self.add_error("holder", _("Choose one of those who commit."))
        return cleaned

    def changed_fields(self):
        return [name for name in self.changed_data if name not in ("version", "stakeholders")]


class CommitmentProgressForm(forms.ModelForm):
    class Meta:
        model = CommitmentUpdate
        fields = ["date", "status", "note"]
        labels = {"status": _("Status now")}
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A progress update cannot be dated in the future."))
        return date


class CommitmentFilterForm(forms.Form):
    # Typed rather than picked: a dialogue can have thousands of stakeholders.
    stakeholder = forms.CharField(
        label=_("Stakeholder or organisation"), required=False, max_length=100
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Followed up by me"), required=False)

    def __init__(self, *args, dialogue, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]
        self.fields["status"].choices = [("", _("All statuses")), *CommitmentStatus.choices]

    def filters(self):
        """The valid filters; an invalid one (a stale link) is ignored rather than failing."""
        self.is_valid()
        filters = {name: value for name, value in self.cleaned_data.items() if value}
        if filters.pop("mine", False):
            filters["assignee"] = self.user
        return filters


class HolderProgressForm(forms.ModelForm):
    """What a commitment's holder reports through their link: where it stands, and a note."""

    class Meta:
        model = CommitmentUpdate
        fields = ["status", "note"]
        labels = {"status": _("Status now")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}
