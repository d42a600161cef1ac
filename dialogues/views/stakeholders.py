"""The stakeholder register: the list, the power–interest grid, a stakeholder's page,
adding, editing and deleting stakeholders."""

from functools import cached_property

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaulttags import querystring
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import grid
from ..forms.stakeholders import (
    InteractionForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from ..links import url_for_each
from ..models import Label, Stakeholder
from ..rules import can
from ..selectors import stakeholders as stakeholder_selectors
from ..selectors.outreach import active_links
from ..services.stakeholders import (
    stakeholder_contacts_viewed,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_update,
)
from .versioning import VersionedUpdateView
from .workspace import INVALID_FORM_STATUS, DialogueMixin

PAGE_SIZE = 50


class RegisterMixin(DialogueMixin):
    """Reads the register's filters from the address, as the list, grid and export share them."""

    @cached_property
    def labels(self):
        return stakeholder_selectors.dialogue_labels(self.dialogue)

    def filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = StakeholderFilterForm(self.request.GET or None, labels=self.labels)
        return self._filter_form

    @cached_property
    def filters(self):
        """The valid filters of the address; without a query string, none, and no form built
        (the pages keep the form's markup apart)."""
        return self.filter_form().filters() if self.request.GET else {}

    @cached_property
    def ordering(self):
        if not self.request.GET:
            return StakeholderFilterForm.DEFAULT_SORT
        return self.filter_form().ordering()

    @cached_property
    def filters_shown(self):
        """What the filters' form shows besides the address and the language: the tags and
        markers it offers. The pages keep the form's markup under this, so that a change to a
        stakeholder renders their list again but not the form."""
        return [(label.pk, label.kind, label.name) for label in self.labels]


class StakeholderListView(RegisterMixin, TemplateView):
    template_name = "dialogues/stakeholder_list.html"

    @cached_property
    def register(self):
        """The filters, the page of stakeholders and the counts, read by the template only when
        the cache has no copy."""
        filters = self.filters
        queryset = stakeholder_selectors.stakeholders_register(
            self.dialogue, filters=filters, sort=self.ordering
        ).prefetch_related(None)
        sector_counts, status_counts = stakeholder_selectors.sector_and_status_counts(self.dialogue)
        total = sum(row["count"] for row in sector_counts)
        paginator = Paginator(queryset, PAGE_SIZE)
        if not filters:
            paginator.count = total  # counted already: all of them are listed
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = stakeholder_selectors.with_label_names(page.object_list)
        return {
            "filters": filters,
            "page": page,
            "total": total,
            "sector_counts": sector_counts,
            "status_counts": status_counts,
            "cell_filter": (filters.get("influence"), filters.get("interest")),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hidden_filters=[],
            can_export=can(self.request.user, "dialogues.export_stakeholders", self.dialogue),
        )
        return context


class StakeholderGridView(RegisterMixin, TemplateView):
    template_name = "dialogues/stakeholder_grid.html"

    @cached_property
    def list_url(self):
        return reverse("dialogues:stakeholder-list", args=[self.dialogue.pk])

    @cached_property
    def chart(self):
        """The filters, the grid and its quadrant counts, read by the template only when the
        cache has no copy."""
        filters = self.filters

        def more_url(cell):
            """The register filtered to the cell, with the page's other filters."""
            return self.list_url + querystring(
                None,
                self.request.GET,
                influence=cell.influence,
                interest=cell.interest,
                sort=None,
                page=None,
            )

        chart = grid.describe(
            grid.layout(
                stakeholder_selectors.stakeholders_for_grid(self.dialogue, filters=filters),
                rtl=get_language_bidi(),
            ),
            url_for_each("dialogues:stakeholder-detail", self.dialogue.pk),
            more_url,
        )
        return {
            "filters": filters,
            "grid": chart,
            "quadrants": chart.quadrant_counts(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hidden_filters=["quadrant", "sort"],
            list_url=self.list_url,
            legend=[
                {"sector": sector, "colour": colour, "path": path}
                for sector, (colour, path) in grid.SECTOR_STYLES.items()
            ],
        )
        return context


class StakeholderObjectMixin:
    """Loads ``self.stakeholder`` from the dialogue already checked by DialogueMixin, with its
    interaction log unless the view says it shows none (``with_log``)."""

    with_log = True

    def get_stakeholder(self):
        stakeholder = stakeholder_selectors.stakeholder_of(
            self.dialogue, self.kwargs["pk"], with_log=self.with_log
        )
        if stakeholder is None:
            raise Http404
        stakeholder.dialogue = self.dialogue
        return stakeholder


class StakeholderDetailView(StakeholderObjectMixin, DialogueMixin, TemplateView):
    """The stakeholder and its log. Contact details are shown on request, and each showing is
    recorded in the activity feed."""

    template_name = "dialogues/stakeholder_detail.html"
    with_log = False  # read by `log`, only when its kept part is rendered

    @cached_property
    def log(self):
        return list(stakeholder_selectors.stakeholder_log(self.kwargs["pk"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stakeholder = self.get_stakeholder()
        show_contacts = (
            context["can_view_contacts"]
            and stakeholder.has_contact
            and self.request.GET.get("contacts") == "show"
        )
        if show_contacts:
            stakeholder_contacts_viewed(stakeholder=stakeholder, user=self.request.user)
        labels = list(stakeholder.labels.all())
        context.update(
            stakeholder=stakeholder,
            show_contacts=show_contacts,
            tags=[label for label in labels if label.kind == Label.Kind.TAG],
            markers=[label for label in labels if label.kind == Label.Kind.INCLUSION],
            interaction_form=kwargs.get("interaction_form") or InteractionForm(),
        )
        if can(self.request.user, "dialogues.manage_stakeholder_links", self.dialogue):
            context["links"] = active_links(stakeholder)
        return context


class StakeholderCreateView(DialogueMixin, TemplateView):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stakeholder_form.html"

    def get(self, request, *args, **kwargs):
        form = StakeholderForm(dialogue=self.dialogue)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = StakeholderForm(request.POST, dialogue=self.dialogue)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form), status=INVALID_FORM_STATUS
            )
        stakeholder = stakeholder_create(
            dialogue=self.dialogue,
            user=request.user,
            fields={name: form.cleaned_data[name] for name in Stakeholder.EDITABLE_FIELDS},
            tag_names=form.cleaned_data["tag_names"],
            inclusion_names=form.cleaned_data["inclusion_names"],
        )
        messages.success(
            request, _("%(name)s was added to the register.") % {"name": stakeholder.name}
        )
        if "add_another" in request.POST:
            return redirect("dialogues:stakeholder-create", dialogue_pk=self.dialogue.pk)
        return redirect(stakeholder)


class StakeholderUpdateView(StakeholderObjectMixin, VersionedUpdateView):
    """Editing; when someone else saved in the meantime, both versions are shown, nothing lost."""

    template_name = "dialogues/stakeholder_form.html"
    form_class = StakeholderForm
    with_log = False
    service = staticmethod(stakeholder_update)
    object_name = "stakeholder"
    conflict_message = gettext_lazy(
        "Someone else saved this stakeholder while you were editing. Both versions are "
        "shown below; the form still holds yours. Review it and save again to keep it."
    )

    def get_object(self):
        return self.get_stakeholder()

    def get_form_kwargs(self):
        return {"dialogue": self.dialogue}

    def service_kwargs(self, form):
        return {
            "tag_names": form.cleaned_data["tag_names"],
            "inclusion_names": form.cleaned_data["inclusion_names"],
        }

    def get(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        if stakeholder.has_contact:
            # The form shows the contact details to the facilitator editing them.
            stakeholder_contacts_viewed(stakeholder=stakeholder, user=request.user)
        return self.render_form(stakeholder, self.get_form(stakeholder))


class StakeholderDeleteView(StakeholderObjectMixin, DialogueMixin, TemplateView):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/stakeholder_confirm_delete.html"
    with_log = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stakeholder"] = self.get_stakeholder()
        return context

    def post(self, request, *args, **kwargs):
        stakeholder = self.get_stakeholder()
        stakeholder_delete(stakeholder=stakeholder, user=request.user)
        messages.success(
            request, _("%(name)s was deleted from the register.") % {"name": stakeholder.name}
        )
        return redirect("dialogues:stakeholder-list", dialogue_pk=self.dialogue.pk)
