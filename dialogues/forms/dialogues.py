"""A dialogue: its description, its settings, and moving it from stage to stage."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Dialogue, Stage
from .versioning import VersionedModelForm
from .widgets import DateInput


class DialogueForm(VersionedModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages used in the dialogue"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Dialogue
        fields = [*Dialogue.DESCRIPTION_FIELDS, "languages"]
        widgets = {
            "why_multi_stakeholder": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class DialogueSettingsForm(VersionedModelForm):
    class Meta:
        model = Dialogue
        fields = ["show_contacts_to_viewers"]


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    from_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.dialogue = dialogue
        self.fields["to_stage"].choices = [
            (value, label) for value, label in Stage.choices if value != dialogue.stage
        ]
        self.fields["from_stage"].initial = dialogue.stage
        following = Stage.index(dialogue.stage) + 1
        if following < len(Stage.values):
            self.fields["to_stage"].initial = Stage.values[following]
