"""Writing the stakeholder register as CSV or XLSX, streamed, safe to open in a spreadsheet."""

import csv
import tempfile
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Label, Quadrant, Stakeholder
from .spreadsheet_import import CHOICES, field_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # None: the model field's name

    @property
    def contact(self):
        return self.key in Stakeholder.CONTACT_FIELDS


COLUMNS = (
    Column("name", None),
    Column("kind", None),
    Column("organisation", None),
    Column("role_title", None),
    Column("sector", None),
    Column("influence", None),
    Column("interest", None),
    Column("quadrant", _("Quadrant")),
    Column("stance", None),
    Column("engagement_current", None),
    Column("engagement_desired", None),
    Column("participation_level", None),
    Column("status", None),
    Column("tags", None),
    Column("inclusion", None),
    Column("notes", None),
    Column("email", None),
    Column("phone", None),
    Column("consent_date", None),
    Column("consent_method", None),
    Column("created", _("Added on")),
    Column("updated", _("Last changed")),
)
DEFAULT_KEYS = tuple(
    c.key for c in COLUMNS if c.key not in ("notes", "created", "updated") and not c.contact
)


def column_label(column):
    return capfirst(str(column.label)) if column.label is not None else field_label(column.key)


def available_columns(*, include_contacts):
    return [c for c in COLUMNS if include_contacts or not c.contact]


class Writer:
    """Turns stakeholders into rows of plain values in the current language.

    Labels are looked up once, up front, so rows can be produced after the view returned
    (a streamed response) without depending on the active language any more.
    """

    def __init__(self, columns):
        self.columns = list(columns)
        self.headers = [column_label(c) for c in self.columns]
        self.choices = {
            key: {value: str(label) for value, label in choices.choices}
            for key, choices in {**CHOICES, "quadrant": Quadrant}.items()
        }

    def value(self, stakeholder, key):
        if key in ("tags", "inclusion"):
            kind = Label.Kind.TAG if key == "tags" else Label.Kind.INCLUSION
            return ", ".join(label.name for label in stakeholder.labels.all() if label.kind == kind)
        value = stakeholder.quadrant if key == "quadrant" else getattr(stakeholder, key)
        if key in self.choices:
            return self.choices[key].get(value, value)
        if key in ("created", "updated"):
            return value.replace(microsecond=0, tzinfo=None)
        return value

    def row(self, stakeholder):
        return [neutralise(self.value(stakeholder, c.key)) for c in self.columns]

    def rows(self, queryset):
        for stakeholder in queryset.iterator(chunk_size=CHUNK):
            yield self.row(stakeholder)


class _Echo:
    def write(self, value):
        return value


def csv_chunks(writer, queryset):
    """The CSV text piece by piece: a byte order mark first, so spreadsheets read UTF-8."""
    out = csv.writer(_Echo())
    yield "\ufeff" + out.writerow(writer.headers)
    for row in writer.rows(queryset):
        yield out.writerow(["" if v is None else _csv_text(v) for v in row])


def _csv_text(value):
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return value


def xlsx_file(writer, queryset, *, title, rtl=False):
    """An .xlsx workbook written row by row (openpyxl write-only mode) into a temporary file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.sheet_view.rightToLeft = rtl
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in writer.headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in writer.rows(queryset):
        sheet.append(row)
    # Spooled: kept in memory unless the register is very large.
    output = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def _sheet_title(title):
    cleaned = "".join(c for c in str(title) if c not in "[]:*?/\\")
    return (cleaned or "Stakeholders")[:31]
