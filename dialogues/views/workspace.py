"""Dialogues: the home list, creating, the overview, editing, archiving, deleting, activity."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from ..forms.dialogues import DialogueForm
from ..selectors.checklists import next_items, stage_progress
from ..selectors.commitments import commitments_due
from ..selectors.dialogues import (
    activity_feed,
    deleted_dialogues,
    dialogue_revisions,
    dialogues_for_home,
    stage_transitions,
)
from ..selectors.organisations import locked_organisations, user_organisations
from ..selectors.stakeholders import (
    missing_core_sectors,
    sector_counts,
    stakeholders_chapter,
    uncontacted_stakeholders,
)
from ..services import dialogues as dialogue_services
from .base import DialogueMixin, check_two_factor, lazy_parts


@login_required
def home(request):
    archived = request.GET.get("archived") == "1"
    two_factor = is_mfa_enabled(request.user)
    dialogues = dialogues_for_home(user=request.user, archived=archived, two_factor=two_factor)
    # The cards are kept rendered until one of the dialogues changes (its revision), or the
    # list, the language or the day does.
    listing = dialogue_revisions(dialogues)
    fragment_key = "|".join(
        [get_language(), timezone.localdate().isoformat(), str(archived), repr(listing)]
    )
    return render(
        request,
        "dialogues/home.html",
        {
            "dialogues": dialogues,
            "listing": listing,
            "fragment_key": fragment_key,
            "organisations": user_organisations(request.user),
            "locked_organisations": [] if two_factor else locked_organisations(request.user),
            "showing_archived": archived,
            "deleted_count": deleted_dialogues(request.user).count(),
        },
    )


@login_required
def dialogue_create(request, organisation_pk):
    organisation = get_object_or_404(user_organisations(request.user), pk=organisation_pk)
    check_two_factor(request, organisation)
    if not request.user.has_perm("dialogues.add_dialogue", organisation):
        raise PermissionDenied
    form = DialogueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        dialogue = dialogue_services.dialogue_create(
            user=request.user, organisation=organisation, **fields
        )
        messages.success(request, _("Dialogue created. It starts in the Ready! stage."))
        return redirect(dialogue)
    return render(
        request, "dialogues/dialogue_form.html", {"form": form, "organisation": organisation}
    )


class DialogueDetailView(DialogueMixin, TemplateView):
    template_name = "dialogues/dialogue_detail.html"
    keeps_fragments = True

    def summary(self):
        dialogue = self.dialogue
        counts = sector_counts(dialogue)
        return {
            "progress": stage_progress(dialogue),
            "next_items": next_items(dialogue),
            "sector_counts": counts,
            "missing_sectors": missing_core_sectors(counts),
            "stakeholder_total": sum(row["count"] for row in counts),
            "uncontacted_count": uncontacted_stakeholders(dialogue).count(),
            "stakeholders_chapter": stakeholders_chapter(),
            "due": commitments_due(dialogue),
            "transitions": stage_transitions(dialogue)[:10],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            lazy_parts(
                self.summary,
                (
                    "progress",
                    "next_items",
                    "sector_counts",
                    "missing_sectors",
                    "stakeholder_total",
                    "uncontacted_count",
                    "stakeholders_chapter",
                    "due",
                    "transitions",
                ),
            )
        )
        return context


class DialogueUpdateView(DialogueMixin, TemplateView):
    permission_required = "dialogues.change_dialogue"
    template_name = "dialogues/dialogue_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=DialogueForm(instance=self.dialogue))
        )

    def post(self, request, *args, **kwargs):
        form = DialogueForm(request.POST, instance=self.dialogue)
        if form.is_valid():
            try:
                dialogue_services.dialogue_update(
                    dialogue=form.instance,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    fields=[name for name in form.changed_data if name != "version"],
                )
            except dialogue_services.ConflictError as conflict:
                messages.error(
                    request,
                    _(
                        "Someone else saved this dialogue while you were editing. "
                        "Their version is shown below; your changes are kept in the form. "
                        "Review them and save again."
                    ),
                )
                form = DialogueForm(request.POST, instance=conflict.current)
                form.data = form.data.copy()
                form.data["version"] = conflict.current.version
                return self.render_to_response(
                    self.get_context_data(form=form, conflict=conflict.current), status=409
                )
            messages.success(request, _("Changes saved."))
            return redirect(self.dialogue)
        return self.render_to_response(self.get_context_data(form=form))


class DialogueArchiveView(DialogueMixin, TemplateView):
    permission_required = "dialogues.archive_dialogue"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        archive = not self.dialogue.is_archived
        dialogue_services.dialogue_archive(
            dialogue=self.dialogue, user=request.user, archived=archive
        )
        if archive:
            messages.success(request, _("Dialogue archived. It is now read-only."))
        else:
            messages.success(request, _("Dialogue taken out of the archive."))
        return redirect(self.dialogue)


class DialogueDeleteView(DialogueMixin, TemplateView):
    permission_required = "dialogues.delete_dialogue"
    template_name = "dialogues/dialogue_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        dialogue_services.dialogue_delete(dialogue=self.dialogue, user=request.user)
        messages.success(
            request,
            _("Dialogue deleted. You can restore it from the deleted dialogues for 30 days."),
        )
        return redirect("dialogues:home")


@login_required
def deleted_list(request):
    return render(
        request, "dialogues/deleted_list.html", {"dialogues": deleted_dialogues(request.user)}
    )


@login_required
@require_POST
def dialogue_restore(request, dialogue_pk):
    dialogue = get_object_or_404(deleted_dialogues(request.user), pk=dialogue_pk)
    dialogue_services.dialogue_restore(dialogue=dialogue, user=request.user)
    messages.success(request, _("Dialogue restored."))
    return redirect(dialogue)


class ActivityView(DialogueMixin, TemplateView):
    template_name = "dialogues/activity_list.html"
    keeps_fragments = True

    def get_context_data(self, **kwargs):
        self.page = Paginator(activity_feed(self.dialogue), 50).get_page(
            self.request.GET.get("page")
        )
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        return context

    def fragment_key(self, context):
        # Recorded reads (contacts shown, exports) are listed but leave the revision alone: the
        # number of entries, counted by the paginator anyway, keys the list too.
        return f"{super().fragment_key(context)}|{self.page.paginator.count}"
