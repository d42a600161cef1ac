"""The printable plan: the whole dialogue on paper or as a PDF from the browser."""

from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.views.generic import TemplateView

from .. import grid, selectors
from ..links import url_for_each
from .base import DialogueMixin


class PlanPrintView(DialogueMixin, TemplateView):
    template_name = "dialogues/plan_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.plan_for_print(self.dialogue))
        context.update(
            today=timezone.localdate(),
            grid=grid.describe(
                grid.layout(context["stakeholders"], rtl=get_language_bidi()),
                url_for_each("dialogues:stakeholder-detail", self.dialogue.pk),
            ),
        )
        return context
