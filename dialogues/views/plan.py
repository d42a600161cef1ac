"""The printable plan: the whole dialogue on paper or as a PDF from the browser."""

from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.views.generic import TemplateView

from .. import grid
from ..links import url_for_each
from ..selectors.dialogues import plan_for_print
from .base import DialogueMixin, lazy_parts

PLAN_PARTS = (
    "stakeholders_by_sector",
    "stakeholder_total",
    "quadrants",
    "stakeholders",
    "checklist",
    "meetings",
    "commitments",
    "transitions",
    "grid",
)


class PlanPrintView(DialogueMixin, TemplateView):
    template_name = "dialogues/plan_print.html"
    keeps_fragments = True

    def plan(self):
        plan = plan_for_print(self.dialogue)
        plan["grid"] = grid.describe(
            grid.layout(plan["stakeholders"], rtl=get_language_bidi()),
            url_for_each("dialogues:stakeholder-detail", self.dialogue.pk),
        )
        return plan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(today=timezone.localdate(), **lazy_parts(self.plan, PLAN_PARTS))
        return context
