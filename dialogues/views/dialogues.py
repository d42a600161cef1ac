"""Dialogues: the home list, creating, the overview, editing and settings, archiving, deleting,
the activity feed, moving between stages and the printable plan."""

from functools import cached_property

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.two_factor import session_used_two_factor

from .. import grid
from .. import plan as plan_rows
from ..charts import attendance_chart
from ..forms.dialogues import DialogueForm, DialogueSettingsForm, StageMoveForm
from ..models import Stage
from ..selectors import checklists as checklist_selectors
from ..selectors.checklists import next_items, stage_progress
from ..selectors.commitments import commitments_due, commitments_for_plan
from ..selectors.dialogues import (
    activity_feed,
    assigned_work,
    assigned_work_page,
    deleted_dialogues,
    dialogue_revisions,
    dialogues_for_home,
    plan_meetings,
    plan_stakeholders,
    stage_transitions,
)
from ..selectors.meeting_invitations import attendance_by_sector
from ..selectors.organisations import locked_organisations, user_organisations
from ..selectors.stakeholders import (
    by_sector,
    missing_core_sectors,
    sector_counts_and_uncontacted,
    stakeholders_chapter,
)
from ..services import dialogues as dialogue_services
from .versioning import VersionedUpdateView
from .workspace import (
    INVALID_FORM_STATUS,
    DialogueMixin,
    form_status,
    fragment_context,
    organisation_view,
    two_factor_url,
)

# Rows of "My work" per page: enough for a season of work, few enough for a phone.
MY_WORK_PAGE_SIZE = 100
# Dialogue cards per page of "My dialogues": rows of two and of three columns fill evenly.
HOME_PAGE_SIZE = 24


@login_required
def my_work(request):
    """Everything assigned to the signed-in person, across their dialogues, due first."""
    rows = assigned_work(request.user, two_factor=session_used_two_factor(request))
    page = Paginator(rows, MY_WORK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "dialogues/my_work.html", {"work": assigned_work_page(page), "page": page}
    )


@login_required
def home(request):
    archived = request.GET.get("archived") == "1"
    two_factor = session_used_two_factor(request)
    dialogues = dialogues_for_home(user=request.user, archived=archived, two_factor=two_factor)
    page = Paginator(dialogue_revisions(dialogues), HOME_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    listing = list(page.object_list)
    return render(
        request,
        "dialogues/home.html",
        {
            # The page's cards are read (lazily, by the template) only when the cache has none
            # for this listing: which dialogues, in which order, at which revision.
            "dialogues": dialogues.filter(pk__in=[pk for pk, _revision in listing]),
            "listing": listing,
            "page": page,
            **fragment_context(),
            "organisations": user_organisations(request.user),
            **_two_factor_lock(request, two_factor),
            "showing_archived": archived,
            "deleted_count": deleted_dialogues(request.user, two_factor=two_factor).count(),
        },
    )


def _two_factor_lock(request, two_factor):
    """What a list says about the organisations whose dialogues it hides until this session
    signs in with a second factor, and where to go to do it."""
    if two_factor:
        return {"locked_organisations": []}
    has_two_factor = is_mfa_enabled(request.user)
    return {
        "locked_organisations": locked_organisations(request.user),
        "has_two_factor": has_two_factor,
        "two_factor_url": two_factor_url(request, has_two_factor),
    }


@organisation_view("dialogues.add_dialogue", url_kwarg="organisation_pk")
def dialogue_create(request, organisation):
    form = DialogueForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        dialogue = dialogue_services.dialogue_create(
            user=request.user, organisation=organisation, **fields
        )
        messages.success(request, _("Dialogue created. It starts in the Ready! stage."))
        return redirect(dialogue)
    return render(
        request,
        "dialogues/dialogue_form.html",
        {"form": form, "organisation": organisation},
        status=form_status(form),
    )


class DialogueDetailView(DialogueMixin, TemplateView):
    template_name = "dialogues/dialogue_detail.html"

    # What the overview shows, part by part: each is read by the template only when the cache
    # has no copy of the fragments that show it (keyed on the revision of that part).

    @cached_property
    def register(self):
        counts, uncontacted = sector_counts_and_uncontacted(self.dialogue)
        missing = missing_core_sectors(counts)
        return {
            "sector_counts": counts,
            "missing_sectors": missing,
            "stakeholder_total": sum(row["count"] for row in counts),
            "uncontacted_count": uncontacted,
            # The chapter that helps find the missing ones, when some are missing.
            "stakeholders_chapter": stakeholders_chapter() if missing else None,
        }

    @cached_property
    def checklists(self):
        return {"progress": stage_progress(self.dialogue), "next_items": next_items(self.dialogue)}

    @cached_property
    def due(self):
        return commitments_due(self.dialogue)

    @cached_property
    def transitions(self):
        return stage_transitions(self.dialogue)[:10]

    @cached_property
    def attendance(self):
        rows = attendance_by_sector(self.dialogue)
        if not any(row["invited"] for row in rows):
            return None
        return {"rows": rows, "chart": attendance_chart(rows, rtl=get_language_bidi())}


class DialogueUpdateView(VersionedUpdateView):
    permission_required = "dialogues.change_dialogue"
    template_name = "dialogues/dialogue_form.html"
    form_class = DialogueForm
    service = staticmethod(dialogue_services.dialogue_update)
    object_name = "dialogue"
    conflict_message = gettext_lazy(
        "Someone else saved this dialogue while you were editing. "
        "Their version is shown below; your changes are kept in the form. "
        "Review them and save again."
    )

    def get_object(self):
        return self.dialogue

    def stored_object(self, conflict):
        return conflict.current


class DialogueSettingsView(DialogueUpdateView):
    """Owners decide whether viewers may see stakeholders' contact details."""

    permission_required = "dialogues.manage_dialogue"
    template_name = "dialogues/stakeholder_settings.html"
    form_class = DialogueSettingsForm
    conflict_message = gettext_lazy(
        "Someone else changed this dialogue's settings while you were editing. Both versions "
        "are shown below; the form still holds yours. Review it and save again."
    )
    success_message = gettext_lazy("Settings saved.")

    def save(self, form):
        if form.changed_fields():
            super().save(form)

    def get_success_url(self, instance):
        return reverse("dialogues:dialogue-settings", kwargs={"dialogue_pk": instance.pk})


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
    two_factor = session_used_two_factor(request)
    return render(
        request,
        "dialogues/deleted_list.html",
        {
            "dialogues": deleted_dialogues(request.user, two_factor=two_factor),
            **_two_factor_lock(request, two_factor),
        },
    )


class DialogueRestoreView(DialogueMixin, View):
    """Bring a deleted dialogue back, within the 30 days before it is erased (owners)."""

    permission_required = "dialogues.restore_dialogue"
    http_method_names = ["post"]

    def get_dialogues(self):
        return deleted_dialogues(self.request.user)

    def get_comeback_fallback(self):
        return reverse("dialogues:deleted-list")

    def post(self, request, *args, **kwargs):
        dialogue_services.dialogue_restore(dialogue=self.dialogue, user=request.user)
        messages.success(request, _("Dialogue restored."))
        return redirect(self.dialogue)


class ActivityView(DialogueMixin, TemplateView):
    template_name = "dialogues/activity_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Recorded reads (contacts shown, exports) are listed but leave the revision alone: the
        # number of entries, counted by the paginator anyway, keys the cached list too.
        context["page"] = Paginator(activity_feed(self.dialogue), 50).get_page(
            self.request.GET.get("page")
        )
        return context


class StageMoveView(DialogueMixin, TemplateView):
    """Move the dialogue forward or back; open items of the current stage need a confirmation."""

    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stage_move.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = {}
            if self.request.GET.get("to") in Stage.values:
                initial["to_stage"] = self.request.GET["to"]
            context["form"] = StageMoveForm(dialogue=self.dialogue, initial=initial)
        context.setdefault(
            "open_items", checklist_selectors.open_items(self.dialogue, self.dialogue.stage)
        )
        return context

    def post(self, request, *args, **kwargs):
        form = StageMoveForm(request.POST, dialogue=self.dialogue)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form), status=INVALID_FORM_STATUS
            )
        data = form.cleaned_data
        open_items = checklist_selectors.open_items(self.dialogue, self.dialogue.stage)
        if open_items and not data["confirm"]:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    open_items=open_items,
                    confirming=True,
                    target=Stage(data["to_stage"]),
                )
            )
        try:
            dialogue_services.dialogue_stage_move(
                dialogue=self.dialogue,
                user=request.user,
                to_stage=data["to_stage"],
                note=data["note"],
                from_stage=data["from_stage"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("dialogues:checklist", dialogue_pk=self.dialogue.pk)
        messages.success(
            request,
            _("The dialogue is now in the %(stage)s stage.")
            % {"stage": Stage(data["to_stage"]).label},
        )
        return redirect("dialogues:checklist", dialogue_pk=self.dialogue.pk)


class PlanPrintView(DialogueMixin, TemplateView):
    template_name = "dialogues/plan_print.html"

    # The plan's parts, each kept in the cache on the revision of what it shows (the summary
    # on the dialogue's, which every change moves): each is read by the template only when the
    # cache has no copy of its part, so a ticked item renders the checklists again, not the
    # stakeholders.

    @cached_property
    def summary(self):
        return {
            "progress": stage_progress(self.dialogue),
            "transitions": list(stage_transitions(self.dialogue)),
        }

    @cached_property
    def register(self):
        stakeholders = plan_stakeholders(self.dialogue)
        chart = grid.layout(stakeholders, rtl=get_language_bidi())
        return {
            "by_sector": plan_rows.stakeholder_groups(by_sector(stakeholders)),
            "total": len(stakeholders),
            "grid": chart,
            "quadrants": chart.quadrant_counts(),
        }

    @cached_property
    def checklists(self):
        return [
            {**row, "items": plan_rows.checklist_rows(row["items"])}
            for row in checklist_selectors.checklist_by_stage(self.dialogue)
        ]

    @cached_property
    def meetings(self):
        return plan_meetings(self.dialogue)

    @cached_property
    def commitments(self):
        return plan_rows.commitment_rows(commitments_for_plan(self.dialogue))
