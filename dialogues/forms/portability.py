"""Importing a whole dialogue from its file."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..portability.upload import megabytes
from ..portability.validate import read_upload


class DialogueImportForm(forms.Form):
    """A dialogue file exported from this or another Dialogue Toolkit site."""

    file = forms.FileField(
        label=_("Dialogue file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A .json file made with “Export the whole dialogue”, %(max)s MB at most."
        ) % {"max": megabytes(settings.DIALOGUE_FILE_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.data_read = read_upload(upload)
        return upload
