"""Reading a stakeholder spreadsheet (CSV or XLSX): parse, map its columns, validate its rows.

Nothing here writes: the parsed table lives in the user's session between the steps, and
services.stakeholders.stakeholders_import saves the confirmed rows in one transaction.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Engagement,
    ParticipationLevel,
    Sector,
    Stakeholder,
    StakeholderStatus,
    Stance,
)
from .upload import megabytes

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx that inflates beyond this is refused
EXTENSIONS = (".csv", ".xlsx")

# The columns a file may fill, in the order the mapping form offers them.
IMPORT_FIELDS = (
    "name",
    *(name for name in Stakeholder.EDITABLE_FIELDS if name != "name"),
    "tags",
    "inclusion",
)
REQUIRED_FIELDS = ("name", "sector")
LABEL_FIELDS = {
    "tags": gettext_lazy("Tags"),
    "inclusion": gettext_lazy("Inclusion markers"),
}
# The columns that hold one of a field's choices: read in any language, written as labels.
CHOICES = {
    "kind": Stakeholder.Kind,
    "sector": Sector,
    "stance": Stance,
    "engagement_current": Engagement,
    "engagement_desired": Engagement,
    "participation_level": ParticipationLevel,
    "status": StakeholderStatus,
}
# Other names people give these columns, beside the field labels in the four languages.
EXTRA_HEADERS = {
    "email": ("e-mail", "mail", "courriel", "correo", "correo electrónico", "البريد الإلكتروني"),
    "phone": ("telephone", "téléphone", "teléfono", "tel", "الهاتف"),
    "organisation": ("organization", "organización", "organisme"),
    "kind": ("type", "tipo", "النوع"),
    "tags": ("tag", "étiquettes", "etiquetas", "الوسوم"),
}


class ImportFileError(Exception):
    """The file cannot be read as a stakeholder table; the message is for the user."""


def field_label(name):
    if name in LABEL_FIELDS:
        return capfirst(str(LABEL_FIELDS[name]))
    return capfirst(str(Stakeholder._meta.get_field(name).verbose_name))


def normalise(text):
    """Compare text loosely: case, accents, Arabic letter variants, spaces and punctuation."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = text.translate(_ARABIC_VARIANTS)
    return "".join(c for c in text if c.isalnum() and unicodedata.category(c) != "Mn")


_ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": ""})


def _in_every_language(function):
    values = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values |= set(function())
    return values


def header_aliases():
    """Normalised column name -> field, from the labels in every language and common synonyms."""
    aliases = {}
    for name in IMPORT_FIELDS:
        names = {name, *EXTRA_HEADERS.get(name, ())}
        names |= _in_every_language(lambda name=name: [field_label(name)])
        for alias in names:
            aliases.setdefault(normalise(alias), name)
    return aliases


def choice_aliases(name):
    """Normalised code or label (in any language) -> the choice's code."""
    choices = CHOICES[name]
    aliases = {normalise(value): value for value in choices.values}
    for code, text in _in_every_language(lambda: [(v, str(lb)) for v, lb in choices.choices]):
        aliases.setdefault(normalise(text), code)
    return aliases


# --- Reading the file -----------------------------------------------------------------------


def read_table(upload):
    """Headers and rows (lists of strings) of the uploaded file, or ImportFileError."""
    name = upload.name.lower()
    if not name.endswith(EXTENSIONS):
        raise ImportFileError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if upload.size > settings.STAKEHOLDER_SPREADSHEET_MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(max)s MB. Split it and import each part.")
            % {"max": megabytes(settings.STAKEHOLDER_SPREADSHEET_MAX_BYTES)}
        )
    data = upload.read()
    rows = _read_xlsx(data) if name.endswith(".xlsx") else _read_csv(data)
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    headers, body = rows[0], rows[1:]
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS}
        )
    if not body:
        raise ImportFileError(_("The file has a header row but no stakeholders under it."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(count)s rows. Split it and import each part.")
            % {"count": MAX_ROWS}
        )
    width = len(headers)
    headers = [
        header or _("Column %(number)s") % {"number": index + 1}
        for index, header in enumerate(headers)
    ]
    body = [(row + [""] * width)[:width] for row in body]
    return headers, body


def _read_csv(data):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _("This file is an Excel workbook, not CSV text. Rename it to .xlsx and try again.")
        )
    if b"\x00" in data:
        raise ImportFileError(
            _("This file is not a CSV text file. Save it as “CSV UTF-8” and upload it again.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs in western European languages often save CSV this way.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file's characters cannot be read. Save it as “CSV UTF-8” and try again.")
            ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise ImportFileError(_("The file is not valid CSV.")) from None


def _read_xlsx(data):
    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("This file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ImportFileError(_("This workbook is too large once unpacked."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise ImportFileError(_("This Excel workbook cannot be read. Is it damaged?")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values[: MAX_COLUMNS + 1]])
            if len(rows) > MAX_ROWS + 1:
                break
        return _trim_columns(rows)
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _trim_columns(rows):
    """Drop the empty columns that spreadsheets report at the end of each row."""
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell), default=0)
    return [row[:width] for row in rows]


# --- Mapping and validating -----------------------------------------------------------------


def guess_mapping(headers):
    """The field each column most likely holds ("" to ignore it), each field used once."""
    aliases = header_aliases()
    used, mapping = set(), []
    for header in headers:
        name = aliases.get(normalise(header), "")
        if name in used:
            name = ""
        used.add(name)
        mapping.append(name)
    return mapping


@dataclass
class ImportRow:
    number: int  # the row's number in the spreadsheet, the header being row 1
    values: dict  # what the file says, per field
    data: dict = field(default_factory=dict)  # cleaned values, ready to save
    errors: list = field(default_factory=list)
    duplicate_of: int | None = None  # an earlier row of the file with the same stakeholder
    in_register: bool = False  # a stakeholder with this name and organisation exists

    @property
    def is_valid(self):
        return not self.errors

    @property
    def is_duplicate(self):
        return self.in_register or self.duplicate_of is not None


def split_names(text):
    """Label names typed in one cell or field: commas (Latin or Arabic) or semicolons."""
    for separator in ("،", ";"):
        text = text.replace(separator, ",")
    seen, names = set(), []
    for name in (part.strip() for part in text.split(",")):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def duplicate_key(name, organisation):
    return normalise(name), normalise(organisation)


def _row_message(name, error, value):
    """The form's message; for a value that is not one of a field's choices, the choices."""
    if name in CHOICES and error.code == "invalid_choice":
        return _("“%(value)s” is not on the list. Use one of: %(choices)s.") % {
            "value": value,
            "choices": ", ".join(str(label) for label in CHOICES[name].labels),
        }
    return " ".join(error.messages)


def validate_rows(*, dialogue, rows, mapping):
    """Check every row like the stakeholder form would, and flag duplicates."""
    from ..forms.stakeholder_spreadsheets import StakeholderImportRowForm

    columns = [(index, name) for index, name in enumerate(mapping) if name]
    choice_maps = {name: choice_aliases(name) for _index, name in columns if name in CHOICES}
    fields = [Stakeholder._meta.get_field(name) for name in Stakeholder.EDITABLE_FIELDS]
    defaults = {field.name: field.get_default() for field in fields if field.has_default()}
    existing = {
        duplicate_key(name, organisation)
        for name, organisation in Stakeholder.objects.filter(dialogue=dialogue).values_list(
            "name", "organisation"
        )
    }
    first_rows = {}
    results = []
    for offset, row in enumerate(rows):
        values = {name: row[index] for index, name in columns}
        result = ImportRow(number=offset + 2, values=values)
        data = {**defaults}
        for name, value in values.items():
            if name in choice_maps and value:
                value = choice_maps[name].get(normalise(value), value)
            if value != "" or name not in defaults:
                data[name] = value
        form = StakeholderImportRowForm(data=data)
        if form.is_valid():
            result.data = form.cleaned_data
        else:
            for name, errors in form.errors.as_data().items():
                label = field_label(name) if name in IMPORT_FIELDS else ""
                for error in errors:
                    message = _row_message(name, error, data.get(name))
                    result.errors.append(f"{label}: {message}" if label else message)
        key = duplicate_key(values.get("name", ""), values.get("organisation", ""))
        if key[0]:
            result.in_register = key in existing
            if key in first_rows:
                result.duplicate_of = first_rows[key]
            else:
                first_rows[key] = result.number
        results.append(result)
    return results
