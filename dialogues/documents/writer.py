"""A small layer over python-docx: headings, labelled values, tables and lines to fill in,
written the same way in every document and turned right to left for Arabic."""

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

# What a blank or empty value becomes: a line to write on in the printed or edited document.
BLANK = "_" * 40
CHECKBOX = "☐"


class Writer:
    """One document being written; ``rtl`` turns every paragraph, run and table around."""

    def __init__(self, *, rtl=False):
        self.rtl = rtl
        self.document = Document()
        style = self.document.styles["Normal"]
        style.font.size = Pt(11)
        # Arabic text is drawn with the complex-script font of the style.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), "Arial")

    def title(self, text, subtitle=""):
        self.document.add_heading(text, level=0)
        if subtitle:
            self.document.add_paragraph(subtitle, style="Subtitle")

    def heading(self, text):
        self.document.add_heading(text, level=1)

    def paragraph(self, text=""):
        return self.document.add_paragraph(text or BLANK)

    def lines(self, text, empty_lines=3):
        """A block of free text, one paragraph per line; blank lines to write on when empty."""
        rows = [row for row in (text or "").splitlines() if row.strip()]
        for row in rows or [BLANK] * empty_lines:
            self.document.add_paragraph(row)

    def field(self, label, value):
        """ "Label: value", or "Label: ____" to fill in."""
        paragraph = self.document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value) if value not in (None, "") else BLANK)
        return paragraph

    def bullets(self, items):
        for item in items:
            self.document.add_paragraph(str(item), style="List Bullet")

    def numbered(self, items):
        for item in items:
            self.document.add_paragraph(str(item), style="List Number")

    def checkboxes(self, items):
        for item in items:
            self.document.add_paragraph(f"{CHECKBOX} {item}")

    def table(self, headers, rows, *, blank_rows=0):
        """A table with a header row; ``blank_rows`` empty rows are added to fill in."""
        rows = [list(row) for row in rows] + [[""] * len(headers)] * blank_rows
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = str(header)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for table_row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(table_row.cells, values, strict=True):
                cell.text = str(value)
        return table

    def signature(self, labels):
        for label in labels:
            self.field(label, "")

    def save(self):
        if self.rtl:
            _right_to_left(self.document)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def all_paragraphs(document):
    """Every paragraph of the body, table cells included."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


# Where each flag goes in its parent: before the first of these elements (the schema's order).
_FOLLOWING = {
    "w:bidi": (
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    ),
    "w:rtl": ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:bidiVisual": (
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    ),
}


def _set_flag(parent, tag):
    if parent.find(qn(tag)) is None:
        parent.insert_element_before(OxmlElement(tag), *_FOLLOWING[tag])


def _right_to_left(document):
    """Arabic: each paragraph is bidi (so it starts, and aligns, on the right), each run is
    right-to-left text, tables run from the right and the section's pages are mirrored."""
    for paragraph in all_paragraphs(document):
        _set_flag(paragraph._p.get_or_add_pPr(), "w:bidi")
        for run in paragraph.runs:
            _set_flag(run._r.get_or_add_rPr(), "w:rtl")
    for table in document.tables:
        _set_flag(table._tbl.tblPr, "w:bidiVisual")
    for section in document.sections:
        _set_flag(section._sectPr, "w:bidi")
