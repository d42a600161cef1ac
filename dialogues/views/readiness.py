"""The readiness self-check in a dialogue: saving one into the Ready stage, seeing them all."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from accounts.two_factor import session_used_two_factor

from ..forms.readiness import ReadinessSaveForm
from ..selectors import readiness as readiness_selectors
from ..services.readiness import readiness_check_save
from .workspace import INVALID_FORM_STATUS, DialogueMixin, sign_in_required


@sign_in_required
@require_POST
def readiness_save(request):
    dialogues = readiness_selectors.dialogues_to_save_into(
        request.user, two_factor=session_used_two_factor(request)
    )
    form = ReadinessSaveForm(request.POST, dialogues=dialogues)
    if not form.is_valid():
        if not dialogues:
            raise PermissionDenied
        return render(
            request,
            "dialogues/readiness_save_invalid.html",
            {"form": form},
            status=INVALID_FORM_STATUS,
        )
    dialogue = form.chosen_dialogue()
    readiness_check_save(dialogue=dialogue, user=request.user, answers=form.answers())
    messages.success(request, _("The self-check is saved in the dialogue's Ready stage."))
    return redirect("dialogues:readiness", dialogue_pk=dialogue.pk)


class ReadinessHistoryView(DialogueMixin, TemplateView):
    """Every saved self-check of the dialogue, side by side, oldest on the start side."""

    template_name = "dialogues/readiness.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checks = readiness_selectors.readiness_history(self.dialogue)
        for check in checks:
            check.result_label = readiness_selectors.result_label(check.result)
        context.update(checks=checks, rows=readiness_selectors.readiness_rows(checks))
        return context
