"""Stakeholder spreadsheets: exporting the register as filtered, importing a CSV or XLSX file
in three steps (upload, columns, preview)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView

from ..forms.stakeholder_spreadsheets import (
    StakeholderExportForm,
    StakeholderImportConfirmForm,
    StakeholderImportMappingForm,
    StakeholderImportUploadForm,
)
from ..models import Sector
from ..portability import spreadsheet_export, spreadsheet_import
from ..portability.upload import MemoryOnlyUploadHandler
from ..rules import can
from ..selectors import stakeholders as stakeholder_selectors
from ..services.stakeholders import stakeholders_exported, stakeholders_import
from .spreadsheets import spreadsheet_download
from .stakeholders import RegisterMixin
from .workspace import INVALID_FORM_STATUS, DialogueMixin

logger = logging.getLogger(__name__)

PREVIEW_VALID_ROWS = 100


class StakeholderExportView(RegisterMixin, TemplateView):
    """Choose columns and format; the file holds the register as filtered on the list page."""

    permission_required = "dialogues.export_stakeholders"
    template_name = "dialogues/stakeholder_export.html"

    def columns(self):
        include_contacts = can(self.request.user, "dialogues.view_contacts", self.dialogue)
        return spreadsheet_export.available_columns(include_contacts=include_contacts)

    def make_form(self, data=None):
        choices = [(c.key, spreadsheet_export.column_label(c)) for c in self.columns()]
        return StakeholderExportForm(
            data, columns=choices, initial={"columns": list(spreadsheet_export.DEFAULT_KEYS)}
        )

    def queryset(self):
        return stakeholder_selectors.stakeholders_register(
            self.dialogue, filters=self.filters, sort=self.ordering
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context.update(
            filters=self.filters,
            count=self.queryset().count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form), status=INVALID_FORM_STATUS
            )
        keys = form.cleaned_data["columns"]
        columns = [c for c in self.columns() if c.key in keys]
        file_format = form.cleaned_data["format"]
        queryset = self.queryset()
        stakeholders_exported(
            dialogue=self.dialogue,
            user=request.user,
            file_format=file_format,
            columns=[c.key for c in columns],
            count=queryset.count(),
        )
        return spreadsheet_download(
            spreadsheet_export.Writer(columns),
            queryset,
            dialogue=self.dialogue,
            stem=_("stakeholders"),
            title=_("Stakeholders"),
            file_format=file_format,
        )


class ImportMixin(DialogueMixin):
    """The parsed file waits in the session between the steps; nothing is written before the
    user confirms, and no file is kept."""

    permission_required = "dialogues.edit_workspace"

    @property
    def session_key(self):
        return f"stakeholder-import-{self.dialogue.pk}"

    def pending(self):
        return self.request.session.get(self.session_key)

    def store(self, data):
        self.request.session[self.session_key] = data

    def forget(self):
        self.request.session.pop(self.session_key, None)

    def start_again(self):
        messages.info(self.request, _("Upload the file to import first."))
        return redirect("dialogues:stakeholder-import", dialogue_pk=self.dialogue.pk)


class StakeholderImportView(ImportMixin, TemplateView):
    """Step 1: upload a CSV or XLSX file."""

    template_name = "dialogues/stakeholder_import.html"

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        # The upload stays in memory (never a temporary file on disk); the handlers must be
        # set before the CSRF check reads the body, so the check runs right after.
        if request.method == "POST":
            request.upload_handlers = [
                MemoryOnlyUploadHandler(
                    request, max_bytes=settings.STAKEHOLDER_SPREADSHEET_MAX_BYTES
                )
            ]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", StakeholderImportUploadForm())
        context["pending"] = self.pending()
        context["max_rows"] = spreadsheet_import.MAX_ROWS
        return context

    def post(self, request, *args, **kwargs):
        form = StakeholderImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form), status=INVALID_FORM_STATUS
            )
        headers, rows = form.table
        self.store(
            {
                "filename": form.cleaned_data["file"].name[:200],
                "headers": headers,
                "rows": rows,
                "mapping": spreadsheet_import.guess_mapping(headers),
            }
        )
        return redirect("dialogues:stakeholder-import-map", dialogue_pk=self.dialogue.pk)


class StakeholderImportMapView(ImportMixin, TemplateView):
    """Step 2: confirm which column fills which field (guessed from the headers)."""

    template_name = "dialogues/stakeholder_import_map.html"

    def make_form(self, pending, data=None):
        samples = []
        for index in range(len(pending["headers"])):
            values = [row[index] for row in pending["rows"][:50] if row[index]][:3]
            samples.append(
                _("For example: %(values)s") % {"values": " · ".join(v[:40] for v in values)}
                if values
                else _("Empty in the first rows.")
            )
        return StakeholderImportMappingForm(
            data,
            headers=pending["headers"],
            samples=samples,
            initial_mapping=pending["mapping"],
        )

    def get(self, request, *args, **kwargs):
        pending = self.pending()
        if not pending:
            return self.start_again()
        return self.render_to_response(
            self.get_context_data(form=self.make_form(pending), pending=pending)
        )

    def post(self, request, *args, **kwargs):
        pending = self.pending()
        if not pending:
            return self.start_again()
        form = self.make_form(pending, request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, pending=pending), status=INVALID_FORM_STATUS
            )
        pending["mapping"] = form.mapping()
        self.store(pending)
        return redirect("dialogues:stakeholder-import-preview", dialogue_pk=self.dialogue.pk)


class StakeholderImportPreviewView(ImportMixin, TemplateView):
    """Step 3: every row checked, duplicates flagged; the user confirms, then all rows are
    saved in one transaction, or none."""

    template_name = "dialogues/stakeholder_import_preview.html"

    def results(self, pending):
        return spreadsheet_import.validate_rows(
            dialogue=self.dialogue, rows=pending["rows"], mapping=pending["mapping"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = kwargs["results"]
        mapping = kwargs["pending"]["mapping"]
        problems = [r for r in results if not r.is_valid or r.is_duplicate]
        valid = [r for r in results if r.is_valid and not r.is_duplicate]
        context.update(
            form=kwargs.get("form") or StakeholderImportConfirmForm(),
            total=len(results),
            error_count=sum(1 for r in results if not r.is_valid),
            duplicate_count=sum(1 for r in results if r.is_duplicate),
            problems=problems,
            sample=valid[:PREVIEW_VALID_ROWS],
            more_valid=max(0, len(valid) - PREVIEW_VALID_ROWS),
            mapped=[
                (header, spreadsheet_import.field_label(name))
                for header, name in zip(kwargs["pending"]["headers"], mapping, strict=True)
                if name
            ],
            ignored=[
                header
                for header, name in zip(kwargs["pending"]["headers"], mapping, strict=True)
                if not name
            ],
            sector_labels=dict(Sector.choices),
        )
        return context

    def get(self, request, *args, **kwargs):
        pending = self.pending()
        if not pending:
            return self.start_again()
        return self.render_to_response(
            self.get_context_data(pending=pending, results=self.results(pending))
        )

    def post(self, request, *args, **kwargs):
        pending = self.pending()
        if request.POST.get("action") == "cancel":
            self.forget()
            messages.info(request, _("Import cancelled. Nothing was added."))
            return redirect("dialogues:stakeholder-list", dialogue_pk=self.dialogue.pk)
        if not pending:
            return self.start_again()
        form = StakeholderImportConfirmForm(request.POST)
        results = self.results(pending)  # checked again: the register may have changed
        if not form.is_valid() or any(not r.is_valid for r in results):
            return self.render_to_response(
                self.get_context_data(pending=pending, results=results, form=form),
                status=INVALID_FORM_STATUS,
            )
        skip = form.cleaned_data["duplicates"] != StakeholderImportConfirmForm.IMPORT
        rows = [r.data for r in results if not (skip and r.is_duplicate)]
        try:
            count = stakeholders_import(
                dialogue=self.dialogue, user=request.user, rows=rows, filename=pending["filename"]
            )
        except DatabaseError:
            # One transaction: a failure part-way leaves the register as it was.
            logger.exception("Stakeholder import failed in dialogue %s", self.dialogue.pk)
            messages.error(request, _("The import failed and nothing was added. Please try again."))
            return redirect("dialogues:stakeholder-import-preview", dialogue_pk=self.dialogue.pk)
        self.forget()
        skipped = len(results) - len(rows)
        message = _("Stakeholders imported: %(count)s.") % {"count": count}
        if skipped:
            message += " " + _("Duplicates skipped: %(skipped)s.") % {"skipped": skipped}
        messages.success(request, message)
        return redirect("dialogues:stakeholder-list", dialogue_pk=self.dialogue.pk)
