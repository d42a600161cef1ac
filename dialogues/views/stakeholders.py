"""The stakeholder register: list, power–interest grid, detail with its interaction log,
editing, export, import, and the owner's contact-sharing setting."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView

from .. import grid
from ..forms.dialogues import DialogueSettingsForm
from ..forms.stakeholder_spreadsheets import (
    StakeholderExportForm,
    StakeholderImportConfirmForm,
    StakeholderImportMappingForm,
    StakeholderImportUploadForm,
)
from ..forms.stakeholders import (
    InteractionForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from ..links import url_for_each
from ..models import Label, Quadrant, Sector, Stakeholder
from ..portability import spreadsheet_export, spreadsheet_import
from ..portability.upload import MemoryOnlyUploadHandler
from ..selectors import stakeholders as stakeholder_selectors
from ..services.dialogues import ConflictError, dialogue_update
from ..services.stakeholders import (
    interaction_create,
    interaction_delete,
    interaction_update,
    stakeholder_contacts_viewed,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_update,
    stakeholders_exported,
    stakeholders_import,
)
from .base import DialogueMixin, lazy_parts
from .conflicts import differences, resubmittable

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
PREVIEW_VALID_ROWS = 100


def _query_string(request, *drop):
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


class RegisterMixin(DialogueMixin):
    """Reads the register's filters from the address, as the list, grid and export share them."""

    def filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = StakeholderFilterForm(
                self.request.GET or None,
                labels=stakeholder_selectors.dialogue_labels(self.dialogue),
            )
        return self._filter_form


class StakeholderListView(RegisterMixin, TemplateView):
    template_name = "dialogues/stakeholder_list.html"
    keeps_fragments = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        filters = form.filters()
        queryset = stakeholder_selectors.stakeholders_register(
            self.dialogue, filters=filters, sort=form.ordering()
        )
        sector_counts = stakeholder_selectors.sector_counts(self.dialogue)
        context.update(
            filter_form=form,
            filters=filters,
            hidden_filters=[],
            page=Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page")),
            total=sum(row["count"] for row in sector_counts),
            sector_counts=sector_counts,
            status_counts=stakeholder_selectors.status_counts(self.dialogue),
            query_string=_query_string(self.request),
            filter_query=_query_string(self.request, "sort"),
            can_export=self.request.user.has_perm("dialogues.export_stakeholders", self.dialogue),
            cell_filter=(filters.get("influence"), filters.get("interest")),
        )
        return context


class StakeholderGridView(RegisterMixin, TemplateView):
    template_name = "dialogues/stakeholder_grid.html"
    keeps_fragments = True

    def chart(self, filters):
        chart = grid.describe(
            grid.layout(
                stakeholder_selectors.stakeholders_for_grid(self.dialogue, filters=filters),
                rtl=get_language_bidi(),
            ),
            url_for_each("dialogues:stakeholder-detail", self.dialogue.pk),
        )
        counts = dict.fromkeys(Quadrant, 0)
        for cell in chart.cells.values():
            counts[cell.quadrant] += cell.count
        quadrants = [
            {
                "quadrant": quadrant,
                "count": counts[quadrant],
                "share": round(100 * counts[quadrant] / chart.total) if chart.total else 0,
            }
            for quadrant in Quadrant
        ]
        return {"grid": chart, "quadrants": quadrants}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        filters = form.filters()
        context.update(
            filter_form=form,
            filters=filters,
            hidden_filters=["quadrant", "sort"],
            list_url=reverse("dialogues:stakeholder-list", args=[self.dialogue.pk]),
            query_string=_query_string(self.request, "sort", "influence", "interest"),
            legend=[
                {"sector": sector, "colour": colour, "path": path}
                for sector, (colour, path) in grid.SECTOR_STYLES.items()
            ],
            **lazy_parts(lambda: self.chart(filters), ("grid", "quadrants")),
        )
        return context


class StakeholderObjectMixin:
    """Loads ``self.stakeholder`` from the dialogue already checked by DialogueMixin."""

    def get_stakeholder(self):
        stakeholder = stakeholder_selectors.stakeholder_with_log(self.dialogue, self.kwargs["pk"])
        if stakeholder is None:
            raise Http404
        stakeholder.dialogue = self.dialogue
        return stakeholder


class StakeholderDetailView(StakeholderObjectMixin, DialogueMixin, TemplateView):
    """The stakeholder and its log. Contact details are shown on request, and each showing is
    recorded in the activity feed."""

    template_name = "dialogues/stakeholder_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stakeholder = self.get_stakeholder()
        show_contacts = (
            context["can_view_contacts"]
            and stakeholder.has_contact
            and self.request.GET.get("contacts") == "show"
        )
        if show_contacts:
            stakeholder_contacts_viewed(stakeholder=stakeholder, user=self.request.user)
        labels = list(stakeholder.labels.all())
        context.update(
            stakeholder=stakeholder,
            show_contacts=show_contacts,
            tags=[label for label in labels if label.kind == Label.Kind.TAG],
            markers=[label for label in labels if label.kind == Label.Kind.INCLUSION],
            interaction_form=kwargs.get("interaction_form") or InteractionForm(),
        )
        return context


class StakeholderCreateView(DialogueMixin, TemplateView):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stakeholder_form.html"

    def get(self, request, *args, **kwargs):
        form = StakeholderForm(dialogue=self.dialogue)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = StakeholderForm(request.POST, dialogue=self.dialogue)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        stakeholder = stakeholder_create(
            dialogue=self.dialogue,
            user=request.user,
            fields={name: form.cleaned_data[name] for name in Stakeholder.EDITABLE_FIELDS},
            tag_names=form.cleaned_data["tag_names"],
            inclusion_names=form.cleaned_data["inclusion_names"],
        )
        messages.success(
            request, _("%(name)s was added to the register.") % {"name": stakeholder.name}
        )
        if "add_another" in request.POST:
            return redirect("dialogues:stakeholder-create", dialogue_pk=self.dialogue.pk)
        return redirect(stakeholder)


class StakeholderUpdateView(StakeholderObjectMixin, DialogueMixin, TemplateView):
    """Editing; when someone else saved in the meantime, both versions are shown, nothing lost."""

    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stakeholder_form.html"

    def get(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        if stakeholder.has_contact:
            # The form shows the contact details to the facilitator editing them.
            stakeholder_contacts_viewed(stakeholder=stakeholder, user=request.user)
        form = StakeholderForm(instance=stakeholder, dialogue=self.dialogue)
        return self.render_to_response(self.get_context_data(form=form, stakeholder=stakeholder))

    def post(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        form = StakeholderForm(request.POST, instance=stakeholder, dialogue=self.dialogue)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, stakeholder=stakeholder)
            )
        try:
            stakeholder_update(
                stakeholder=form.instance,
                user=request.user,
                version=form.cleaned_data["version"],
                fields=form.changed_fields(),
                tag_names=form.cleaned_data["tag_names"],
                inclusion_names=form.cleaned_data["inclusion_names"],
            )
        except ConflictError:
            return self.conflict(form)
        messages.success(request, _("Changes saved."))
        return redirect(stakeholder)

    def conflict(self, form):
        current = self.get_stakeholder()  # theirs, with its labels, as stored now
        differences = _differences(form, current)
        messages.error(
            self.request,
            _(
                "Someone else saved this stakeholder while you were editing. Both versions are "
                "shown below; the form still holds yours. Review it and save again to keep it."
            ),
        )
        form = StakeholderForm(self.request.POST, instance=current, dialogue=self.dialogue)
        form.data = form.data.copy()
        form.data["version"] = current.version
        return self.render_to_response(
            self.get_context_data(
                form=form, stakeholder=current, conflict=current, differences=differences
            ),
            status=409,
        )


def _display(form, name, value):
    """A value as the form would show it to a person: choice labels, dates, label names."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(value)
    choices = dict(getattr(form.fields[name], "choices", None) or [])
    if name not in ("influence", "interest") and value in choices:
        return str(choices[value])
    if hasattr(value, "isoformat"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _differences(form, current):
    """Field by field, what is stored now (theirs) against what the user sent (yours)."""
    current_labels = list(current.labels.all())
    theirs = {name: getattr(current, name) for name in Stakeholder.EDITABLE_FIELDS}
    theirs["tag_names"] = sorted(lb.name for lb in current_labels if lb.kind == Label.Kind.TAG)
    theirs["inclusion_names"] = sorted(
        lb.name for lb in current_labels if lb.kind == Label.Kind.INCLUSION
    )
    yours = {name: form.cleaned_data.get(name) for name in theirs}
    yours["tag_names"] = sorted(yours["tag_names"] or [])
    yours["inclusion_names"] = sorted(yours["inclusion_names"] or [])
    rows = []
    for name in theirs:
        if theirs[name] == yours[name] or (not theirs[name] and not yours[name]):
            continue
        field_name = {"tag_names": "tags", "inclusion_names": "inclusion"}.get(name, name)
        rows.append(
            {
                "label": form.fields[field_name].label,
                "theirs": _display(form, field_name, theirs[name]),
                "yours": _display(form, field_name, yours[name]),
            }
        )
    return rows


class StakeholderDeleteView(StakeholderObjectMixin, DialogueMixin, TemplateView):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stakeholder_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stakeholder"] = self.get_stakeholder()
        return context

    def post(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        stakeholder_delete(stakeholder=stakeholder, user=request.user)
        messages.success(
            request, _("%(name)s was deleted from the register.") % {"name": stakeholder.name}
        )
        return redirect("dialogues:stakeholder-list", dialogue_pk=self.dialogue.pk)


class InteractionCreateView(StakeholderObjectMixin, DialogueMixin, TemplateView):
    """Adds a dated entry to the stakeholder's log (the form also sits on the detail page)."""

    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stakeholder_interaction_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("stakeholder", self.get_stakeholder())
        context.setdefault("form", InteractionForm())
        return context

    def post(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        form = InteractionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, stakeholder=stakeholder)
            )
        data = form.cleaned_data
        interaction_create(
            stakeholder=stakeholder,
            user=request.user,
            date=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
        messages.success(request, _("The entry was added to the log."))
        return redirect(f"{stakeholder.get_absolute_url()}#log")


class InteractionMixin(DialogueMixin):
    """One entry of a stakeholder's log, found within the dialogue already checked."""

    permission_required = "dialogues.edit_workspace"

    def get_interaction(self):
        return get_object_or_404(
            stakeholder_selectors.interactions(self.dialogue),
            stakeholder_id=self.kwargs["pk"],
            pk=self.kwargs["interaction_pk"],
        )


class InteractionUpdateView(InteractionMixin, TemplateView):
    """Correct an entry of the log; two facilitators editing it at once see both versions."""

    template_name = "dialogues/stakeholder_interaction_form.html"

    def render_form(self, interaction, form, status=200, **extra):
        context = self.get_context_data(
            stakeholder=interaction.stakeholder, interaction=interaction, form=form, **extra
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        interaction = self.get_interaction()
        return self.render_form(interaction, InteractionForm(instance=interaction))

    def post(self, request, *args, **kwargs):
        interaction = self.get_interaction()
        form = InteractionForm(request.POST, instance=interaction)
        if not form.is_valid():
            return self.render_form(interaction, form, status=400)
        try:
            interaction_update(
                interaction=form.instance,
                user=request.user,
                version=form.cleaned_data["version"],
                fields=form.changed_fields(),
            )
        except ConflictError:
            current = self.get_interaction()
            messages.error(
                request,
                _(
                    "Someone else saved this entry while you were editing. Both versions are "
                    "shown below; the form still holds yours. Review it and save again."
                ),
            )
            return self.render_form(
                current,
                resubmittable(InteractionForm, request, current),
                status=409,
                differences=differences(form, InteractionForm(instance=current)),
            )
        messages.success(request, _("The entry was saved."))
        return redirect(f"{interaction.stakeholder.get_absolute_url()}#log")


class InteractionDeleteView(InteractionMixin, TemplateView):
    template_name = "dialogues/interaction_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        interaction = self.get_interaction()
        return self.render_to_response(
            self.get_context_data(interaction=interaction, stakeholder=interaction.stakeholder)
        )

    def post(self, request, *args, **kwargs):
        interaction = self.get_interaction()
        interaction_delete(interaction=interaction, user=request.user)
        messages.success(request, _("The entry was removed from the log."))
        return redirect(f"{interaction.stakeholder.get_absolute_url()}#log")


# --- Export ---------------------------------------------------------------------------------


class StakeholderExportView(RegisterMixin, TemplateView):
    """Choose columns and format; the file holds the register as filtered on the list page."""

    permission_required = "dialogues.export_stakeholders"
    template_name = "dialogues/stakeholder_export.html"

    def columns(self):
        include_contacts = self.request.user.has_perm("dialogues.view_contacts", self.dialogue)
        return spreadsheet_export.available_columns(include_contacts=include_contacts)

    def make_form(self, data=None):
        choices = [(c.key, spreadsheet_export.column_label(c)) for c in self.columns()]
        return StakeholderExportForm(
            data, columns=choices, initial={"columns": list(spreadsheet_export.DEFAULT_KEYS)}
        )

    def queryset(self):
        form = self.filter_form()
        return stakeholder_selectors.stakeholders_register(
            self.dialogue, filters=form.filters(), sort=form.ordering()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context.update(
            filters=self.filter_form().filters(),
            query_string=_query_string(self.request),
            count=self.queryset().count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
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
        writer = spreadsheet_export.Writer(columns)
        name = slugify(self.dialogue.title, allow_unicode=True) or "dialogue"
        filename = f"{_('stakeholders')}-{name}-{timezone.localdate().isoformat()}.{file_format}"
        if file_format == "csv":
            response = StreamingHttpResponse(
                spreadsheet_export.csv_chunks(writer, queryset),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = content_disposition_header(True, filename)
            return response
        return FileResponse(
            spreadsheet_export.xlsx_file(
                writer, queryset, title=_("Stakeholders"), rtl=get_language_bidi()
            ),
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


# --- Import ---------------------------------------------------------------------------------


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
            return self.render_to_response(self.get_context_data(form=form), status=400)
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
                self.get_context_data(form=form, pending=pending), status=400
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
                self.get_context_data(pending=pending, results=results, form=form), status=400
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


# --- Sharing contact details ----------------------------------------------------------------


class DialogueSettingsView(DialogueMixin, TemplateView):
    """Owners decide whether viewers may see stakeholders' contact details."""

    permission_required = "dialogues.manage_dialogue"
    template_name = "dialogues/stakeholder_settings.html"

    def get(self, request, *args, **kwargs):
        form = DialogueSettingsForm(instance=self.dialogue)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = DialogueSettingsForm(request.POST, instance=self.dialogue)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        fields = [name for name in form.changed_data if name != "version"]
        if fields:
            try:
                dialogue_update(
                    dialogue=form.instance,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    fields=fields,
                )
            except ConflictError as conflict:
                messages.error(
                    request,
                    _(
                        "Someone else changed this dialogue's settings while you were editing. "
                        "The stored setting is shown; save again to change it."
                    ),
                )
                form = DialogueSettingsForm(instance=conflict.current)
                return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("Settings saved."))
        return redirect("dialogues:dialogue-settings", dialogue_pk=self.dialogue.pk)
