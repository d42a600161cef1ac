"""A commitment's holder confirms it and reports progress through their personal link; the
team sends that link from the commitment's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from ..forms.commitments import HolderProgressForm
from ..models import Commitment
from ..services.commitment_holders import (
    commitment_confirm,
    commitment_confirmation_request,
    commitment_progress_report,
)
from .link_pages import link_render
from .workspace import INVALID_FORM_STATUS, DialogueMixin


def commitment_page(request, link):
    """The commitment's wording, a button to confirm it, and the progress form, while the
    link's stakeholder holds it: a link sent to a former holder opens nothing."""
    commitment = Commitment.objects.filter(
        pk=link.commitment_id, dialogue=link.stakeholder.dialogue, holder=link.stakeholder
    ).first()
    if commitment is None:
        return link_render(request, "dialogues/link_invalid.html", {}, status=404)
    form = HolderProgressForm(initial={"status": commitment.status})
    done = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        commitment = commitment_confirm(link=link)
        done = _("Thank you: the wording is confirmed.")
    elif request.method == "POST":
        form = HolderProgressForm(request.POST)
        if form.is_valid():
            commitment_progress_report(link=link, **form.cleaned_data)
            commitment.refresh_from_db()
            form = HolderProgressForm(initial={"status": commitment.status})
            done = _("Thank you: your progress update reached the team.")
    return link_render(
        request,
        "dialogues/link_commitment.html",
        {"commitment": commitment, "form": form, "done": done, "stakeholder": link.stakeholder},
        status=INVALID_FORM_STATUS if form.is_bound and form.errors else 200,
    )


class CommitmentConfirmationRequestView(DialogueMixin, View):
    """Email the holder their link (POST only)."""

    permission_required = "dialogues.edit_workspace"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        commitment = (
            Commitment.objects.filter(dialogue=self.dialogue, pk=kwargs["pk"])
            .select_related("holder__dialogue")
            .first()
        )
        if commitment is None:
            raise Http404
        try:
            commitment_confirmation_request(commitment=commitment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s was sent a link to confirm the commitment and report progress.")
                % {"name": commitment.holder.name},
            )
        return redirect(commitment.get_absolute_url() + "#holder-heading")
