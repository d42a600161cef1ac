"""Checklists: each stage's plan, linked to the toolkit; adding, editing and ticking items."""

from functools import cached_property

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ..forms.checklists import ChecklistItemAddForm, ChecklistItemForm
from ..forms.dialogues import StageMoveForm
from ..links import url_for_each
from ..models import Stage
from ..selectors import checklists as checklist_selectors
from ..selectors.dialogues import stage_transitions, workspace_people
from ..services.checklists import (
    checklist_item_create,
    checklist_item_delete,
    checklist_item_move,
    checklist_item_set_done,
    checklist_item_update,
)
from ..templatetags.plan_tags import checklist_row
from .versioning import VersionedUpdateView
from .workspace import INVALID_FORM_STATUS, DialogueMixin

# The question each stage answers (the toolkit's own framing of the process).
STAGE_QUESTIONS = {
    Stage.READY: gettext_lazy("Is a dialogue the right tool, and are we the right convenor?"),
    Stage.GET_SET: gettext_lazy("How will the dialogue be designed?"),
    Stage.GO: gettext_lazy("How is it run, participatory and inclusive?"),
    Stage.FOLLOW_UP: gettext_lazy("Did it change anything?"),
}


def _checklist_url(dialogue, item=None, stage=None):
    """The checklist showing `item` (scrolled to it) or `stage`, by default the current one."""
    url = reverse("dialogues:checklist", kwargs={"dialogue_pk": dialogue.pk})
    if item is not None:
        return f"{url}?stage={item.stage}#item-{item.pk}"
    return f"{url}?stage={stage}" if stage else url


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


ITEM_ACTIONS = ("done", "update", "move", "delete")


def item_labels():
    """The words every checklist row repeats, translated once per page rather than per row."""
    return {
        "done": _("Mark as done:"),
        "reopen": _("Done. Mark as not done:"),
        "is_done": _("Done"),
        "is_open": _("open"),
        "assigned": _("Assigned to"),
        "overdue": _("Overdue:"),
        "edit": _("Edit"),
        "up": _("Move up:"),
        "down": _("Move down:"),
        "remove": _("Remove"),
    }


def _add_item_links(dialogue, items):
    """``item.links``: the addresses of each item's actions (edit, done, move, remove)."""
    makers = {
        action: url_for_each(f"dialogues:checklist-item-{action}", dialogue.pk)
        for action in ITEM_ACTIONS
    }
    for item in items:
        item.links = {action: make(item.pk) for action, make in makers.items()}


class ChecklistView(DialogueMixin, TemplateView):
    """The progress of every stage and the checklist of one (`?stage=`, by default the
    current stage), the stage move and the timeline; POST adds an item to a stage."""

    template_name = "dialogues/checklist.html"
    post_permission_required = "dialogues.edit_workspace"

    @cached_property
    def items(self):
        """The shown stage's items, read by the template only when the cache has no copy."""
        items = checklist_selectors.checklist_stage(self.dialogue, self.stage)
        _add_item_links(self.dialogue, items)
        return items

    def shown_stage(self, requested):
        return Stage(requested) if requested in Stage.values else Stage(self.dialogue.stage)

    def get_context_data(self, *, stage=None, add_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        stage = self.stage = stage or self.shown_stage(self.request.GET.get("stage"))
        stages = checklist_selectors.stage_progress(self.dialogue)
        for row in stages:
            row["question"] = STAGE_QUESTIONS[row["stage"]]
            row["shown"] = row["stage"] == stage
        context.update(
            stages=stages,
            current=next(row for row in stages if row["current"]),
            shown=next(row for row in stages if row["shown"]),
            labels=item_labels(),
            add_form=add_form or ChecklistItemAddForm(initial={"stage": stage}, prefix=stage),
            transitions=stage_transitions(self.dialogue),
            move_form=StageMoveForm(dialogue=self.dialogue),
        )
        return context

    def post(self, request, *args, **kwargs):
        stage = self.shown_stage(request.POST.get("stage_prefix"))
        form = ChecklistItemAddForm(request.POST, prefix=stage)
        if form.is_valid():
            item = checklist_item_create(
                dialogue=self.dialogue,
                user=request.user,
                stage=form.cleaned_data["stage"],
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
            )
            messages.success(request, _("Item added."))
            return redirect(_checklist_url(self.dialogue, item))
        context = self.get_context_data(stage=stage, add_form=form)
        return self.render_to_response(context, status=INVALID_FORM_STATUS)


class ChecklistItemMixin(DialogueMixin):
    permission_required = "dialogues.edit_workspace"

    def get_item(self):
        item = checklist_selectors.checklist_item_of(self.dialogue, self.kwargs["pk"])
        if item is None:
            raise Http404
        return item


class ChecklistItemUpdateView(ChecklistItemMixin, VersionedUpdateView):
    template_name = "dialogues/checklist_item_form.html"
    form_class = ChecklistItemForm
    service = staticmethod(checklist_item_update)
    object_name = "item"
    conflict_message = gettext_lazy(
        "Someone else saved this item while you were editing. Both versions are "
        "shown below; the form still holds yours. Review it and save again."
    )

    def get_object(self):
        return self.get_item()

    def get_form_kwargs(self):
        return {
            "people": workspace_people(self.dialogue),
            "chapters": checklist_selectors.published_chapters(),
            "tools": checklist_selectors.published_tools(),
        }

    def get_success_url(self, instance):
        return _checklist_url(self.dialogue, instance)


class ChecklistItemDoneView(ChecklistItemMixin, TemplateView):
    """Mark done or open again: a plain form, or fetch() from checklist.js for one click."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        done = request.POST.get("done") in ("1", "true", "on")
        checklist_item_set_done(item=item, user=request.user, done=done)
        if _wants_json(request):
            return JsonResponse(self.fragments(item))
        messages.success(request, _("Marked as done.") if done else _("Opened again."))
        return redirect(_checklist_url(self.dialogue, item))

    def fragments(self, item):
        """The item's row and the stage progress, rendered again for the page to swap in."""
        context = self.get_context_data()
        stages = checklist_selectors.stage_progress(self.dialogue)
        for row in stages:
            row["shown"] = row["stage"] == item.stage
        siblings = checklist_selectors.checklist_stage(self.dialogue, item.stage)
        position = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        _add_item_links(self.dialogue, [siblings[position]])
        context.update(stages=stages)
        row = checklist_row(
            siblings[position],
            labels=item_labels(),
            can_edit=context["can_edit"],
            is_first=position == 0,
            is_last=position == len(siblings) - 1,
        )
        track = render_to_string("dialogues/includes/stage_progress.html", context, self.request)
        message = _("Marked as done.") if item.is_done else _("Opened again.")
        return {"done": item.is_done, "row": row, "progress": track, "message": message}


class ChecklistItemMoveView(ChecklistItemMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        direction = request.POST.get("direction")
        if direction in ("up", "down"):
            checklist_item_move(item=item, user=request.user, direction=direction)
        return redirect(_checklist_url(self.dialogue, item))


class ChecklistItemDeleteView(ChecklistItemMixin, TemplateView):
    template_name = "dialogues/checklist_item_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(item=self.get_item()))

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        checklist_item_delete(item=item, user=request.user)
        messages.success(request, _("Item removed."))
        return redirect(_checklist_url(self.dialogue, stage=item.stage))
