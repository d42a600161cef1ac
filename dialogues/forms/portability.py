"""Importing a whole dialogue from its file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..portability import read_upload


class DialogueImportForm(forms.Form):
    """A dialogue file exported from this or another Dialogue Toolkit site."""

    file = forms.FileField(
        label=_("Dialogue file"),
        help_text=_("A .json file made with “Export the whole dialogue”, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.data_read = read_upload(upload)
        return upload
