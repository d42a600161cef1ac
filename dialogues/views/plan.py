"""The printable plan: the whole dialogue on paper or as a PDF from the browser."""

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.views.generic import TemplateView

from .. import grid, selectors
from .base import DialogueMixin

# Drawn by the stakeholder grid's own template when it exists; a table by quadrant otherwise.
GRID_TEMPLATE = "dialogues/includes/grid_svg.html"


def _grid_template():
    try:
        get_template(GRID_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return GRID_TEMPLATE


class PlanPrintView(DialogueMixin, TemplateView):
    template_name = "dialogues/plan_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.plan_for_print(self.dialogue))
        context.update(today=timezone.localdate(), grid_template=_grid_template())
        if context["grid_template"]:
            context["grid"] = grid.layout(context["stakeholders"], rtl=get_language_bidi())
        return context
