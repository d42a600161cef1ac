"""Documents that fill themselves: choose one, its language and what it is for; download it."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from .. import documents
from ..forms.documents import DocumentForm
from ..rules import can
from ..selectors import documents as document_selectors
from ..services.documents import document_downloaded
from .workspace import INVALID_FORM_STATUS, DialogueMixin


class DocumentListView(DialogueMixin, TemplateView):
    """Every document with its own small form; each form posts to the download address."""

    permission_required = "dialogues.download_documents"
    template_name = "dialogues/document_list.html"

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = []
        for kind in documents.KINDS:
            form = bound if bound is not None and bound.kind.slug == kind else None
            forms.append(form or DocumentForm(dialogue=self.dialogue, kind=kind))
        context["document_forms"] = forms
        return context


class DocumentDownloadView(DocumentListView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        kind = kwargs["kind"]
        if kind not in documents.KINDS:
            raise Http404
        form = DocumentForm(request.POST, dialogue=self.dialogue, kind=kind)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(bound=form), status=INVALID_FORM_STATUS
            )
        language = form.cleaned_data["language"]
        source = self.source(form)
        if kind == "invitation":
            files = documents.invitation_files(
                language=language, source=source, stakeholders=form.cleaned_data["stakeholders"]
            )
        else:
            files = [
                (
                    documents.filename(kind, language=language, source=source),
                    documents.build(kind, language=language, source=source),
                )
            ]
        document_downloaded(
            dialogue=self.dialogue,
            user=request.user,
            kind=kind,
            language=language,
            count=len(files),
            contacts=source.include_contacts,
        )
        if len(files) == 1:
            name, content = files[0]
            content_type = documents.DOCX_TYPE
        else:
            name = documents.filename(kind, language=language, source=source)
            name = name.removesuffix(".docx") + ".zip"
            content, content_type = documents.zip_files(files), documents.ZIP_TYPE
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    def source(self, form):
        """What the document is written from; contact details only for who may see them."""
        meeting = form.cleaned_data.get("meeting")
        if form.kind.slug == "facilitator-brief":
            meeting = document_selectors.next_meeting(self.dialogue)
        else:
            meeting = document_selectors.document_meeting(self.dialogue, meeting)
        return documents.Source(
            dialogue=self.dialogue,
            stakeholders=document_selectors.document_stakeholders(self.dialogue),
            meeting=meeting,
            include_contacts=can(self.request.user, "dialogues.view_contacts", self.dialogue),
        )
