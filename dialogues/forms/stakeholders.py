"""The stakeholder register: a stakeholder and its labels, its log, the register's filters,
and the stakeholder pickers of meetings and commitments."""

from typing import NamedTuple

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Interaction, Label, Quadrant, Sector, Stakeholder, StakeholderStatus, Stance
from ..portability.spreadsheet_import import split_names
from ..selectors.stakeholders import by_sector
from .versioning import VersionedModelForm
from .widgets import DateInput


def check_consent(form, cleaned):
    """Contact details are kept only with a record of when and how consent was given."""
    if cleaned.get("email") or cleaned.get("phone"):
        message = _("Record when and how consent was given before keeping contact details.")
        if not cleaned.get("consent_date") and "consent_date" not in form.errors:
            form.add_error("consent_date", message)
        if not cleaned.get("consent_method") and "consent_method" not in form.errors:
            form.add_error("consent_method", message)
    consent_date = cleaned.get("consent_date")
    if consent_date and consent_date > timezone.localdate():
        form.add_error("consent_date", _("Consent cannot be dated in the future."))


def _label_names(form, picked_field, typed_field):
    names = [label.name for label in form.cleaned_data.get(picked_field) or []]
    known = {name.casefold() for name in names}
    for name in split_names(form.cleaned_data.get(typed_field, "")):
        if len(name) > LABEL_MAX_LENGTH:
            form.add_error(
                typed_field,
                _("“%(name)s” is too long: %(max)s characters at most.")
                % {"name": name, "max": LABEL_MAX_LENGTH},
            )
        elif name.casefold() not in known:
            known.add(name.casefold())
            names.append(name)
    return names


LABEL_MAX_LENGTH = Label._meta.get_field("name").max_length
SCORE_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


class StakeholderForm(VersionedModelForm):
    """A stakeholder with its tags and inclusion markers, picked or typed (created on save)."""

    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Label.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        max_length=1000,
        help_text=_("Type names separated by commas; they are created when you save."),
    )
    inclusion = forms.ModelMultipleChoiceField(
        label=_("Inclusion markers"),
        queryset=Label.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_inclusion = forms.CharField(
        label=_("New inclusion markers"),
        required=False,
        max_length=1000,
        help_text=_(
            "For example: women-led, youth, marginalised group. Never required; seen only by "
            "the members of this workspace."
        ),
    )

    class Meta:
        model = Stakeholder
        fields = Stakeholder.EDITABLE_FIELDS
        widgets = {
            "influence": forms.RadioSelect(choices=SCORE_CHOICES),
            "interest": forms.RadioSelect(choices=SCORE_CHOICES),
            "consent_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "influence": _("Power over the outcome: 1 very little, 5 decisive."),
            "interest": _("How much the issue matters to them: 1 very little, 5 very much."),
        }

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        labels = Label.objects.filter(dialogue=dialogue)
        self.fields["tags"].queryset = labels.filter(kind=Label.Kind.TAG)
        self.fields["inclusion"].queryset = labels.filter(kind=Label.Kind.INCLUSION)
        for name in ("name", "organisation", "role_title", "notes", "consent_method"):
            self.fields[name].widget.attrs["dir"] = "auto"
        if self.instance.pk:
            current = list(self.instance.labels.all())
            self.fields["tags"].initial = [lb for lb in current if lb.kind == Label.Kind.TAG]
            self.fields["inclusion"].initial = [
                lb for lb in current if lb.kind == Label.Kind.INCLUSION
            ]

    def clean(self):
        cleaned = super().clean()
        check_consent(self, cleaned)
        cleaned["tag_names"] = _label_names(self, "tags", "new_tags")
        cleaned["inclusion_names"] = _label_names(self, "inclusion", "new_inclusion")
        return cleaned

    def changed_fields(self):
        """The model fields the user changed (labels are compared by the service)."""
        return [name for name in self.changed_data if name in Stakeholder.EDITABLE_FIELDS]


class InteractionForm(VersionedModelForm):
    class Meta:
        model = Interaction
        fields = ["date", "kind", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}


SORT_CHOICES = [
    ("name", _("Name (A to Z)")),
    ("-name", _("Name (Z to A)")),
    ("sector", _("Sector")),
    ("-influence", _("Influence (highest first)")),
    ("-interest", _("Interest (highest first)")),
    ("status", _("Status")),
    ("-updated", _("Recently changed")),
]


class StakeholderFilterForm(forms.Form):
    """The register's filters (GET). Invalid values are ignored rather than failing the page."""

    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    stance = forms.ChoiceField(label=_("Stance"), required=False)
    quadrant = forms.ChoiceField(label=_("Grid quadrant"), required=False)
    label = forms.ChoiceField(label=_("Tag or marker"), required=False)
    influence = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, required=False, widget=forms.HiddenInput
    )
    interest = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, required=False, widget=forms.HiddenInput
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    FILTERS = ("q", "sector", "status", "stance", "quadrant", "label", "influence", "interest")
    DEFAULT_SORT = "name"

    def __init__(self, *args, labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]
        self.fields["status"].choices = [("", _("All statuses")), *StakeholderStatus.choices]
        self.fields["stance"].choices = [("", _("All stances")), *Stance.choices]
        self.fields["quadrant"].choices = [("", _("All quadrants")), *Quadrant.choices]
        tags = [(str(lb.pk), lb.name) for lb in labels if lb.kind == Label.Kind.TAG]
        markers = [(str(lb.pk), lb.name) for lb in labels if lb.kind == Label.Kind.INCLUSION]
        choices = [("", _("All tags and markers"))]
        if tags:
            choices.append((_("Tags"), tags))
        if markers:
            choices.append((_("Inclusion markers"), markers))
        self.fields["label"].choices = choices
        self.fields["q"].widget.attrs.update(type="search", dir="auto", **{"class": "form-control"})
        for name in ("sector", "status", "stance", "quadrant", "label", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self):
        """The valid filters only: a bad value in the address is dropped, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data[name] for name in self.FILTERS if data.get(name) not in ("", None)}
        if "label" in filters:
            filters["label"] = int(filters["label"])
        return filters

    def ordering(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("sort") or self.DEFAULT_SORT


class StakeholderBox(NamedTuple):
    """One checkbox of a stakeholder field (written by the `stakeholder_boxes` tag)."""

    value: int
    label: str
    checked: bool
    sector: str


class StakeholderGroup(NamedTuple):
    """One sector of a stakeholder field's checkboxes."""

    sector: str  # the sector's name
    boxes: list  # StakeholderBox
    open: bool  # unfolded: the field is short, or someone in the sector is chosen


# A stakeholder field with more checkboxes than this folds the sectors where nobody is chosen
# (and stakeholder_choices.js then offers a search by name).
FOLD_OVER = 40


class GroupedStakeholdersMixin:
    """Stakeholder checkboxes grouped by sector, so long registers stay readable."""

    def stakeholder_groups(self, name):
        """[StakeholderGroup, ...] in sector order, for the template.

        Read straight from the field's choices: a meeting of a large dialogue lists thousands
        of stakeholders twice, and Django's widget builds a dictionary of attributes for each
        option.
        """
        bound = self[name]
        values = bound.value() or ()
        checked = {str(getattr(value, "pk", value)) for value in values}
        rows = bound.field.queryset.values_list("pk", "name", "sector")
        boxes = [StakeholderBox(pk, name, str(pk) in checked, sector) for pk, name, sector in rows]
        short = len(boxes) <= FOLD_OVER
        return [
            StakeholderGroup(
                sector.label, sector_boxes, short or any(box.checked for box in sector_boxes)
            )
            for sector, sector_boxes in by_sector(boxes)
        ]


def stakeholder_field(label, *, required=False):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Stakeholder.objects.none(),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )
