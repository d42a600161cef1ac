"""Forms of objects two people may edit at once: the version the user started from."""

from django import forms


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user started from, so a concurrent save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_version(self):
        version = self.cleaned_data.get("version")
        return version if version is not None else self.instance.version

    def changed_fields(self):
        """The model fields to save: what the user changed, the version aside."""
        return [name for name in self.changed_data if name != "version"]
