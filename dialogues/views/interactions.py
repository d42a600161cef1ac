"""A stakeholder's log: dated entries of contacts and meetings, added, corrected, removed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ..forms.stakeholders import InteractionForm
from ..selectors import stakeholders as stakeholder_selectors
from ..services.stakeholders import interaction_create, interaction_delete, interaction_update
from .stakeholders import StakeholderObjectMixin
from .versioning import VersionedUpdateView
from .workspace import INVALID_FORM_STATUS, DialogueMixin


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
                self.get_context_data(form=form, stakeholder=stakeholder),
                status=INVALID_FORM_STATUS,
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


class InteractionUpdateView(InteractionMixin, VersionedUpdateView):
    """Correct an entry of the log; two facilitators editing it at once see both versions."""

    template_name = "dialogues/stakeholder_interaction_form.html"
    form_class = InteractionForm
    service = staticmethod(interaction_update)
    object_name = "interaction"
    conflict_message = gettext_lazy(
        "Someone else saved this entry while you were editing. Both versions are "
        "shown below; the form still holds yours. Review it and save again."
    )
    success_message = gettext_lazy("The entry was saved.")

    def get_object(self):
        return self.get_interaction()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("stakeholder", context["interaction"].stakeholder)
        return context

    def get_success_url(self, instance):
        return f"{instance.stakeholder.get_absolute_url()}#log"


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
