"""Personal data: the whole dialogue as a JSON file, importing one, erasing one stakeholder."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView

from ..forms.portability import DialogueImportForm
from ..models import Stakeholder
from ..portability.create import import_dialogue
from ..portability.export import export_dialogue_stream, export_filename
from ..portability.upload import MemoryOnlyUploadHandler
from ..selectors.stakeholders import stakeholder_mentions
from ..services.dialogues import dialogue_exported
from ..services.stakeholders import stakeholder_erase
from .workspace import INVALID_FORM_STATUS, DialogueMixin, organisation_view


class DialogueExportJsonView(DialogueMixin, View):
    """Download everything recorded in the dialogue (owners only; recorded in the feed)."""

    permission_required = "dialogues.export_dialogue"

    def get(self, request, *args, **kwargs):
        dialogue_exported(dialogue=self.dialogue, user=request.user)
        response = StreamingHttpResponse(
            export_dialogue_stream(self.dialogue), content_type="application/json"
        )
        response["Content-Disposition"] = content_disposition_header(
            True, export_filename(self.dialogue)
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


# The upload stays in memory (never a temporary file on disk) and stops growing past the
# limit; the handler must be set before the CSRF check reads the body, so the check runs after.
# Finding the organisation and checking the rule read no part of the body.
@csrf_exempt
@organisation_view("dialogues.add_dialogue", url_kwarg="organisation_pk")
def dialogue_import_json(request, organisation):
    """Create a dialogue in the organisation from a file: any member may, as for a new one."""
    if request.method == "POST":
        request.upload_handlers = [
            MemoryOnlyUploadHandler(request, max_bytes=settings.DIALOGUE_FILE_MAX_BYTES)
        ]
    return csrf_protect(_dialogue_import_json)(request, organisation)


def _dialogue_import_json(request, organisation):
    form = DialogueImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = import_dialogue(form.data_read, organisation=organisation, user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("Dialogue imported. You are its owner; invite the team again.")
            )
            return redirect(dialogue)
    return render(
        request,
        "dialogues/dialogue_import.html",
        {"form": form, "organisation": organisation},
        status=INVALID_FORM_STATUS if request.method == "POST" else 200,
    )


class StakeholderEraseView(DialogueMixin, TemplateView):
    """Confirm, then erase one stakeholder's personal data for good (owners only)."""

    permission_required = "dialogues.erase_stakeholder"
    template_name = "dialogues/stakeholder_confirm_erase.html"

    def get_stakeholder(self):
        return get_object_or_404(Stakeholder, dialogue=self.dialogue, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stakeholder = self.get_stakeholder()
        meetings, commitments = stakeholder_mentions(stakeholder)
        context.update(
            stakeholder=stakeholder,
            mentioned_in_meetings=meetings,
            mentioned_in_commitments=commitments,
        )
        return context

    def post(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        if stakeholder.erased_at is not None:
            messages.info(request, _("This stakeholder's personal data was already erased."))
        else:
            stakeholder_erase(stakeholder=stakeholder, user=request.user)
            messages.success(
                request,
                _(
                    "Personal data erased. The stakeholder is still counted, anonymously, "
                    "in the dialogue's statistics."
                ),
            )
        return redirect(stakeholder)
