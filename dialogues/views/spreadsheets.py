"""Answering with a spreadsheet of the dialogue: CSV streamed row by row, or an XLSX workbook."""

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language_bidi

from ..portability import spreadsheet_export

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_download(writer, rows, *, dialogue, stem, title, file_format):
    """The rows ``writer`` makes of ``rows`` as ``<stem>-<dialogue>-<date>.<csv|xlsx>``; the
    workbook's sheet is called ``title`` and reads right to left in a right-to-left language."""
    name = slugify(dialogue.title, allow_unicode=True) or "dialogue"
    filename = f"{stem}-{name}-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            spreadsheet_export.csv_chunks(writer, rows),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    return FileResponse(
        spreadsheet_export.xlsx_file(writer, rows, title=title, rtl=get_language_bidi()),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_TYPE,
    )
