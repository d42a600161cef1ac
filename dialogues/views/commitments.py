"""Commitments, the dialogue's outcome: who commits to what, by when, and how it is going."""

from functools import cached_property

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from toolkit_site.text import list_separator

from ..forms.commitments import CommitmentFilterForm, CommitmentForm, CommitmentProgressForm
from ..models import Commitment, CommitmentStatus, Sector, Stakeholder
from ..portability import spreadsheet_export
from ..selectors.commitments import (
    commitment_full,
    commitment_of,
    commitments_list,
    with_stakeholder_names,
)
from ..selectors.meetings import meeting_of
from ..selectors.outreach import undelivered_messages
from ..services.commitments import (
    commitment_create,
    commitment_delete,
    commitment_progress_add,
    commitment_update,
    commitments_exported,
)
from .spreadsheets import spreadsheet_download
from .versioning import VersionedUpdateView
from .workspace import INVALID_FORM_STATUS, DialogueMixin


def _filters(request, dialogue):
    form = CommitmentFilterForm(request.GET or None, dialogue=dialogue, user=request.user)
    return form, form.filters() if request.GET else {}


COMMITMENTS_PER_PAGE = 50


class CommitmentListView(DialogueMixin, TemplateView):
    template_name = "dialogues/commitment_list.html"

    @cached_property
    def filtering(self):
        return _filters(self.request, self.dialogue)

    @cached_property
    def listing(self):
        """The page of commitments and the counts, read by the template only when the cache has
        no copy."""
        commitments = commitments_list(self.dialogue, filters=self.filtering[1])
        total, overdue = commitments.count_with_overdue()
        paginator = Paginator(commitments.prefetch_related(None), COMMITMENTS_PER_PAGE)
        paginator.count = total  # counted already
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = with_stakeholder_names(page.object_list)
        return {
            "commitments": page.object_list,
            "page": page,
            "total": total,
            "overdue_count": overdue,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = self.filtering
        context.update(
            filter_form=form,
            filtered=bool(filters),
            # The same address lists other commitments for each reader when it asks for theirs.
            reader_filter=self.request.user.pk if "assignee" in filters else "",
        )
        return context


class CommitmentObjectMixin:
    def get_commitment(self):
        commitment = commitment_full(self.dialogue, self.kwargs["pk"])
        if commitment is None:
            raise Http404
        return commitment


class CommitmentFormMixin(DialogueMixin):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/commitment_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stakeholder_groups"] = context["form"].stakeholder_groups("stakeholders")
        return context


class CommitmentCreateView(CommitmentFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        initial = {}
        meeting = request.GET.get("meeting", "")
        if meeting.isdigit():
            initial["meeting"] = meeting_of(self.dialogue, meeting)
        form = CommitmentForm(initial=initial, dialogue=self.dialogue)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = CommitmentForm(request.POST, dialogue=self.dialogue)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form), status=INVALID_FORM_STATUS
            )
        data = form.cleaned_data
        commitment = commitment_create(
            dialogue=self.dialogue,
            user=request.user,
            fields={name: data[name] for name in form.Meta.fields if name != "stakeholders"},
            stakeholders=data["stakeholders"],
        )
        messages.success(request, _("Commitment saved."))
        return redirect(commitment)


class CommitmentUpdateView(CommitmentObjectMixin, CommitmentFormMixin, VersionedUpdateView):
    form_class = CommitmentForm
    service = staticmethod(commitment_update)
    object_name = "commitment"
    conflict_message = gettext_lazy(
        "Someone else saved this commitment while you were editing. Both versions "
        "are shown below; the form still holds yours. Review it and save again."
    )
    success_message = gettext_lazy("Commitment saved.")

    def get_object(self):
        return self.get_commitment()

    def get_form_kwargs(self):
        return {"dialogue": self.dialogue}

    def service_kwargs(self, form):
        return {"stakeholders": form.cleaned_data["stakeholders"]}


class CommitmentDetailView(CommitmentObjectMixin, DialogueMixin, TemplateView):
    """One commitment with its history of progress updates; POST adds an update."""

    template_name = "dialogues/commitment_detail.html"
    post_permission_required = "dialogues.edit_workspace"

    @cached_property
    def shown(self):
        """The commitment with what its kept parts show, read only when they are rendered."""
        return self.get_commitment()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commitment = commitment_of(self.dialogue, self.kwargs["pk"])
        if commitment is None:
            raise Http404
        context.setdefault(
            "progress_form",
            CommitmentProgressForm(
                initial={"status": commitment.status, "date": timezone.localdate()}
            ),
        )
        context["commitment"] = commitment
        if context["can_edit"]:
            context["undelivered"] = undelivered_messages(commitment=commitment)
        return context

    def post(self, request, *args, **kwargs):
        commitment = commitment_of(self.dialogue, self.kwargs["pk"])  # not what its page shows
        if commitment is None:
            raise Http404
        form = CommitmentProgressForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(progress_form=form), status=INVALID_FORM_STATUS
            )
        commitment_progress_add(
            commitment=commitment,
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            date=form.cleaned_data["date"],
        )
        messages.success(request, _("Progress update saved."))
        return redirect(commitment)


class CommitmentDeleteView(CommitmentObjectMixin, DialogueMixin, TemplateView):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/commitment_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(commitment=self.get_commitment()))

    def post(self, request, *args, **kwargs):
        commitment_delete(commitment=self.get_commitment(), user=request.user)
        messages.success(request, _("Commitment deleted."))
        return redirect("dialogues:commitment-list", dialogue_pk=self.dialogue.pk)


class CommitmentWriter:
    """Commitments as rows of plain values in the current language, safe for spreadsheets."""

    def __init__(self):
        field = Commitment._meta.get_field
        self.headers = [
            capfirst(str(label))
            for label in (
                field("stakeholders").verbose_name,
                Stakeholder._meta.get_field("sector").verbose_name,
                field("description").verbose_name,
                field("due_date").verbose_name,
                field("resources").verbose_name,
                field("status").verbose_name,
                _("Overdue"),
                field("meeting").verbose_name,
                _("Last update"),
                _("Progress"),
            )
        ]
        self.statuses = {value: str(label) for value, label in CommitmentStatus.choices}
        self.sectors = {value: str(label) for value, label in Sector.choices}
        self.yes = _("yes")
        # The rows are written as the response streams, when the request's language may no
        # longer be active: the separator is taken now, as the labels are.
        self.separator = list_separator()

    def row(self, commitment):
        stakeholders = list(commitment.stakeholders.all())
        sectors = dict.fromkeys(self.sectors[s.sector] for s in stakeholders)
        values = [
            self.separator.join(s.name for s in stakeholders),
            self.separator.join(sectors),
            commitment.description,
            commitment.due_date,
            commitment.resources,
            self.statuses.get(commitment.status, commitment.status),
            self.yes if commitment.is_overdue else "",
            commitment.meeting.title if commitment.meeting_id else "",
            commitment.last_update_date,
            commitment.last_update_note or "",
        ]
        return [spreadsheet_export.neutralise(value) for value in values]

    def rows(self, commitments):
        for commitment in commitments:
            yield self.row(commitment)


class CommitmentExportView(DialogueMixin, TemplateView):
    """The commitments shown by the current filters, as CSV or XLSX; the export is logged."""

    file_format = "csv"

    def get(self, request, *args, **kwargs):
        _form, filters = _filters(request, self.dialogue)
        commitments = list(commitments_list(self.dialogue, filters=filters))
        commitments_exported(
            dialogue=self.dialogue,
            user=request.user,
            file_format=self.file_format,
            count=len(commitments),
        )
        return spreadsheet_download(
            CommitmentWriter(),
            commitments,
            dialogue=self.dialogue,
            stem=_("commitments"),
            title=_("Commitments"),
            file_format=self.file_format,
        )
