"""Stakeholder spreadsheets: exporting the register, importing rows from a file."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Stakeholder
from ..portability.spreadsheet_import import (
    IMPORT_FIELDS,
    ImportFileError,
    read_table,
    split_names,
)
from ..portability.spreadsheet_import import REQUIRED_FIELDS as REQUIRED_IMPORT_FIELDS
from ..portability.spreadsheet_import import field_label as import_field_label
from ..portability.upload import megabytes
from .stakeholders import LABEL_MAX_LENGTH, check_consent

EXPORT_FORMATS = [("xlsx", _("Excel workbook (.xlsx)")), ("csv", _("CSV text (.csv, UTF-8)"))]


class StakeholderExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File format"), choices=EXPORT_FORMATS, initial="xlsx", widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"), widget=forms.CheckboxSelectMultiple, error_messages={}
    )

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = columns
        self.fields["columns"].error_messages["required"] = _("Choose at least one column.")


class StakeholderImportRowForm(forms.Form):
    """One imported row, checked like StakeholderForm, without touching the database."""

    tags = forms.CharField(required=False, max_length=1000)
    inclusion = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Stakeholder, fields=Stakeholder.EDITABLE_FIELDS))
        # Model validators run only in a ModelForm; the scores' range is checked here instead.
        for name in ("influence", "interest"):
            self.fields[name].validators.extend(Stakeholder._meta.get_field(name).validators)
        self.fields["consent_date"].input_formats = [
            "%Y-%m-%d",
            "%Y-%m-%dT%H:%M:%S",
            "%d/%m/%Y",
            "%d.%m.%Y",
            "%d-%m-%Y",
        ]

    def clean(self):
        cleaned = super().clean()
        check_consent(self, cleaned)
        for name in ("tags", "inclusion"):
            names = split_names(cleaned.get(name, ""))
            too_long = [n for n in names if len(n) > LABEL_MAX_LENGTH]
            if too_long:
                self.add_error(
                    name,
                    _("“%(name)s” is too long: %(max)s characters at most.")
                    % {"name": too_long[0], "max": LABEL_MAX_LENGTH},
                )
            cleaned[name] = names
        return cleaned


class StakeholderImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file (.csv) or an Excel workbook (.xlsx), %(max)s MB at most. The first row "
            "holds the column names, in English, French, Spanish or Arabic."
        ) % {"max": megabytes(settings.STAKEHOLDER_SPREADSHEET_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.table = read_table(upload)
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        return upload


class StakeholderImportMappingForm(forms.Form):
    """Which field each column of the file fills; guessed from the headers, then confirmed."""

    def __init__(self, *args, headers, samples, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— Do not import —"))] + [
            (name, import_field_label(name)) for name in IMPORT_FIELDS
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=initial_mapping[index] if index < len(initial_mapping) else "",
                help_text=samples[index],
            )

    def mapping(self):
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.fields))]

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for key, value in list(cleaned.items()):
            if not value:
                continue
            if value in seen:
                self.add_error(
                    key,
                    _("Another column already fills “%(field)s”.")
                    % {"field": import_field_label(value)},
                )
            seen[value] = key
        for name in REQUIRED_IMPORT_FIELDS:
            if name not in seen:
                self.add_error(
                    None,
                    _("Choose the column that holds “%(field)s”: it is required.")
                    % {"field": import_field_label(name)},
                )
        return cleaned


class StakeholderImportConfirmForm(forms.Form):
    SKIP, IMPORT = "skip", "import"
    duplicates = forms.ChoiceField(
        label=_("Rows that look like duplicates"),
        choices=[
            (SKIP, _("Skip them")),
            (IMPORT, _("Import them anyway, as new stakeholders")),
        ],
        initial=SKIP,
        required=False,  # only asked when the file has duplicates; skipping is the default
        widget=forms.RadioSelect,
    )
