from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Case, When
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from content.models import Tool

from .imports import IMPORT_FIELDS, ImportFileError, read_table, split_names
from .imports import REQUIRED_FIELDS as REQUIRED_IMPORT_FIELDS
from .imports import field_label as import_field_label
from .models import (
    AgendaItem,
    ChecklistItem,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Dialogue,
    Interaction,
    Label,
    Meeting,
    Organisation,
    OrganisationRole,
    Quadrant,
    Role,
    Sector,
    Stage,
    Stakeholder,
    StakeholderStatus,
    Stance,
    timezone_names,
)
from .portability import read_upload


class FastSelect(forms.Select):
    """A select that writes its options in Python rather than one template per option.

    The same markup as Django's Select; a list of 2,000 stakeholders then costs milliseconds.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        values = value if isinstance(value, list | tuple) else [value]
        selected = {"" if v is None else str(v) for v in values}
        options = mark_safe("".join(self._options(self.choices, selected)))  # noqa: S308
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _options(self, choices, selected):
        for option_value, label in choices:
            if isinstance(label, list | tuple):
                inner = mark_safe("".join(self._options(label, selected)))  # noqa: S308
                yield format_html('<optgroup label="{}">{}</optgroup>', option_value, inner)
                continue
            text = "" if option_value is None else str(option_value)
            chosen = mark_safe(" selected") if text in selected else ""  # noqa: S308
            yield format_html('<option value="{}"{}>{}</option>', text, chosen, label)


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user started from, so a concurrent save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_version(self):
        version = self.cleaned_data.get("version")
        return version if version is not None else self.instance.version


class OrganisationForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        initial="UTC",
        help_text=_("Used as the default time zone of new meetings."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "country",
            "city",
            "timezone",
            "description",
            "website",
            "require_two_factor",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(name, name) for name in timezone_names()]

    def clean_timezone(self):
        return self.cleaned_data.get("timezone") or "UTC"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DialogueForm(VersionedModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages used in the dialogue"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Dialogue
        fields = [
            "title",
            "challenge",
            "why_multi_stakeholder",
            "goals",
            "scope",
            "start_date",
            "end_date",
            "languages",
        ]
        widgets = {
            "why_multi_stakeholder": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class DialogueSettingsForm(VersionedModelForm):
    class Meta:
        model = Dialogue
        fields = ["show_contacts_to_viewers"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles.choices
        self.fields["role"].initial = roles.values[0]


def dialogue_invitation_form(*args, **kwargs):
    return InvitationForm(*args, roles=Role, **kwargs)


def organisation_invitation_form(*args, **kwargs):
    return InvitationForm(*args, roles=OrganisationRole, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles.choices


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Stakeholder register -------------------------------------------------------------------


def _check_consent(form, cleaned):
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


STAKEHOLDER_FIELDS = [
    "kind",
    "name",
    "organisation",
    "role_title",
    "sector",
    "influence",
    "interest",
    "stance",
    "engagement_current",
    "engagement_desired",
    "participation_level",
    "status",
    "email",
    "phone",
    "consent_date",
    "consent_method",
    "notes",
]
CONTACT_FIELDS = ["email", "phone", "consent_date", "consent_method"]
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
        fields = STAKEHOLDER_FIELDS
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
        _check_consent(self, cleaned)
        cleaned["tag_names"] = _label_names(self, "tags", "new_tags")
        cleaned["inclusion_names"] = _label_names(self, "inclusion", "new_inclusion")
        return cleaned

    @property
    def changed_fields(self):
        """The model fields the user changed (labels are compared by the service)."""
        return [name for name in self.changed_data if name in STAKEHOLDER_FIELDS]


class StakeholderImportRowForm(forms.Form):
    """One imported row, checked like StakeholderForm, without touching the database."""

    tags = forms.CharField(required=False, max_length=1000)
    inclusion = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Stakeholder, fields=STAKEHOLDER_FIELDS))
        # Model validators run only in a ModelForm; the scores' range is checked here instead.
        for name in ("influence", "interest"):
            self.fields[name].validators.extend(Stakeholder._meta.get_field(name).validators)
        self.fields["consent_date"].input_formats = [
            "%Y-%m-%d",
            "%Y-%m-%dT%H:%M:%S",
            "%d/%m/%Y",
            "%d.%m.%Y",
            "%d-%m-%Y",
        ]

    def clean(self):
        cleaned = super().clean()
        _check_consent(self, cleaned)
        for name in ("tags", "inclusion"):
            names = split_names(cleaned.get(name, ""))
            too_long = [n for n in names if len(n) > LABEL_MAX_LENGTH]
            if too_long:
                self.add_error(
                    name,
                    _("“%(name)s” is too long: %(max)s characters at most.")
                    % {"name": too_long[0], "max": LABEL_MAX_LENGTH},
                )
            cleaned[name] = names
        return cleaned


class InteractionForm(VersionedModelForm):
    class Meta:
        model = Interaction
        fields = ["date", "kind", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}

    def changed_fields(self):
        return [name for name in self.changed_data if name != "version"]


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
        return getattr(self, "cleaned_data", {}).get("sort") or "name"


EXPORT_FORMATS = [("xlsx", _("Excel workbook (.xlsx)")), ("csv", _("CSV text (.csv, UTF-8)"))]


class StakeholderExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File format"), choices=EXPORT_FORMATS, initial="xlsx", widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"), widget=forms.CheckboxSelectMultiple, error_messages={}
    )

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = columns
        self.fields["columns"].error_messages["required"] = _("Choose at least one column.")


class StakeholderImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "A CSV file (.csv) or an Excel workbook (.xlsx), 5 MB at most. The first row holds "
            "the column names, in English, French, Spanish or Arabic."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.table = read_table(upload)
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        return upload


class StakeholderImportMappingForm(forms.Form):
    """Which field each column of the file fills; guessed from the headers, then confirmed."""

    def __init__(self, *args, headers, samples, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— Do not import —"))] + [
            (name, import_field_label(name)) for name in IMPORT_FIELDS
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=initial_mapping[index] if index < len(initial_mapping) else "",
                help_text=samples[index],
            )

    def mapping(self):
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.fields))]

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for key, value in cleaned.items():
            if not value:
                continue
            if value in seen:
                self.add_error(
                    key,
                    _("Another column already fills “%(field)s”.")
                    % {"field": import_field_label(value)},
                )
            seen[value] = key
        for name in REQUIRED_IMPORT_FIELDS:
            if name not in seen:
                self.add_error(
                    None,
                    _("Choose the column that holds “%(field)s”: it is required.")
                    % {"field": import_field_label(name)},
                )
        return cleaned


class StakeholderImportConfirmForm(forms.Form):
    SKIP, IMPORT = "skip", "import"
    duplicates = forms.ChoiceField(
        label=_("Rows that look like duplicates"),
        choices=[
            (SKIP, _("Skip them")),
            (IMPORT, _("Import them anyway, as new stakeholders")),
        ],
        initial=SKIP,
        required=False,  # only asked when the file has duplicates; skipping is the default
        widget=forms.RadioSelect,
    )


# --- Stages, checklists, meetings, commitments ----------------------------------------------


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class GroupedStakeholdersMixin:
    """Stakeholder checkboxes grouped by sector, so long registers stay readable."""

    def stakeholder_groups(self, name):
        """[(sector label, [checkbox, ...]), ...] in sector order, for the template."""
        groups = {}
        for checkbox in self[name]:
            sector = checkbox.data["value"].instance.sector
            groups.setdefault(sector, []).append(checkbox)
        return [(sector.label, groups[sector.value]) for sector in Sector if sector.value in groups]


def _stakeholder_field(label, *, required=False):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Stakeholder.objects.none(),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


def _sector_ordered_stakeholders(dialogue):
    return Stakeholder.objects.filter(dialogue=dialogue).order_by(
        Case(*[When(sector=value, then=index) for index, value in enumerate(Sector.values)]),
        "name",
        "pk",
    )


class ChecklistItemAddForm(forms.ModelForm):
    """A new item of one stage; it is assigned and annotated on its edit page."""

    class Meta:
        model = ChecklistItem
        fields = ["stage", "title", "due_date"]
        labels = {"title": _("New item")}
        widgets = {"stage": forms.HiddenInput, "due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True


def _person_label(user):
    full_name = user.get_full_name()
    return f"{full_name} <{user.email}>" if full_name else user.email


class ChecklistItemForm(VersionedModelForm):
    """Edit one item. A default item keeps an empty title, so each member reads it in their
    own language, until the team rewrites it."""

    class Meta:
        model = ChecklistItem
        fields = ["title", "assignee", "due_date", "note", "chapter", "tool"]
        widgets = {"due_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("A short note for the team.")}

    def __init__(self, *args, people, chapters, tools, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        self.fields["assignee"].queryset = people
        self.fields["assignee"].label_from_instance = _person_label
        self.fields["chapter"].queryset = chapters
        self.fields["tool"].queryset = tools
        for name in ("assignee", "chapter", "tool"):
            self.fields[name].empty_label = "—"
        self.fields["chapter"].help_text = _("The toolkit chapter that explains how to do this.")
        if item.template_id:
            self.initial["title"] = self.initial.get("title") or item.display_title
            self.fields["title"].help_text = _(
                "Leave it as it is, or empty, to keep the default text: each member then reads "
                "it in their own language."
            )
        else:
            self.fields["title"].required = True

    def changed_fields(self):
        """The fields to save; the default text, left unchanged or emptied, stays translatable."""
        item = self.instance
        if item.template_id and item.title in ("", item.template.title):
            item.title = ""
        return [name for name in self.changed_data if name != "version"]


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    from_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.dialogue = dialogue
        self.fields["to_stage"].choices = [
            (value, label) for value, label in Stage.choices if value != dialogue.stage
        ]
        self.fields["from_stage"].initial = dialogue.stage
        following = Stage.index(dialogue.stage) + 1
        if following < len(Stage.values):
            self.fields["to_stage"].initial = Stage.values[following]


class MeetingForm(GroupedStakeholdersMixin, VersionedModelForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    timezone = forms.ChoiceField(label=_("Time zone"))
    invited = _stakeholder_field(_("Invited"))
    attended = _stakeholder_field(_("Attended"))

    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "start_time",
            "timezone",
            "duration_minutes",
            "place",
            "online_url",
            "invited",
            "attended",
            "minutes",
            "decisions",
        ]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"online_url": _("For online or hybrid meetings.")}

    # Fields that make up ``starts_at``.
    WHEN = ("date", "start_time", "timezone")

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(name, name) for name in timezone_names()]
        stakeholders = _sector_ordered_stakeholders(dialogue)
        self.fields["invited"].queryset = stakeholders
        self.fields["attended"].queryset = stakeholders
        meeting = self.instance
        if meeting.pk:
            local = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone))
            self.initial.update(date=local.date(), start_time=local.time().replace(second=0))
        elif "timezone" not in kwargs.get("initial", {}):
            self.initial["timezone"] = dialogue.organisation.timezone

    def clean(self):
        cleaned = super().clean()
        day, time, zone = (cleaned.get(name) for name in self.WHEN)
        if day and time and zone:
            self.instance.starts_at = datetime.combine(day, time, tzinfo=ZoneInfo(zone))
        return cleaned

    def changed_fields(self):
        """The model fields to save: ``starts_at`` stands for the date, time and zone."""
        names = [
            name
            for name in self.changed_data
            if name not in ("version", "invited", "attended", "date", "start_time")
        ]
        if set(self.WHEN) & set(self.changed_data):
            names.append("starts_at")
        return names


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "duration_minutes", "tool"]
        labels = {"tool": _("Method or tool")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            # An untouched empty line must not count as changed because of the default order.
            self.fields["order"].initial = None
            self.initial.pop("order", None)
        self.fields["tool"].queryset = Tool.objects.filter(published=True)
        self.fields["tool"].empty_label = "—"
        self.fields["tool"].widget.attrs["class"] = "form-select form-select-sm"


AgendaFormSet = forms.inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=3, can_delete=True, max_num=100
)


def agenda_rows(formset):
    """The agenda as rows for ``services.meetings.meeting_*``, in the order the team gave."""
    rows = []
    for position, form in enumerate(formset.forms, start=1):
        data = form.cleaned_data
        if not data or (not form.instance.pk and not form.has_changed()):
            continue
        rows.append(
            {
                "id": data["id"].pk if data.get("id") else None,
                "delete": data.get("DELETE", False),
                "order": data.get("order") if data.get("order") is not None else position * 10,
                "title": data.get("title", ""),
                "duration_minutes": data.get("duration_minutes"),
                "tool": data.get("tool"),
            }
        )
    return rows


class CommitmentForm(GroupedStakeholdersMixin, VersionedModelForm):
    stakeholders = _stakeholder_field(_("Who commits"), required=True)

    class Meta:
        model = Commitment
        fields = ["stakeholders", "description", "due_date", "resources", "status", "meeting"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }
        help_texts = {"meeting": _("The meeting where the commitment was made, if any.")}

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = _sector_ordered_stakeholders(dialogue)
        self.fields["meeting"].queryset = Meeting.objects.filter(dialogue=dialogue)

    def changed_fields(self):
        return [name for name in self.changed_data if name not in ("version", "stakeholders")]


class CommitmentProgressForm(forms.ModelForm):
    class Meta:
        model = CommitmentUpdate
        fields = ["date", "status", "note"]
        labels = {"status": _("Status now")}
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A progress update cannot be dated in the future."))
        return date


class CommitmentFilterForm(forms.Form):
    # Typed rather than picked: a dialogue can have thousands of stakeholders.
    stakeholder = forms.CharField(
        label=_("Stakeholder or organisation"), required=False, max_length=100
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]
        self.fields["status"].choices = [("", _("All statuses")), *CommitmentStatus.choices]

    def filters(self):
        """The valid filters; an invalid one (a stale link) is ignored rather than failing."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class DialogueImportForm(forms.Form):
    """A dialogue file exported from this or another Dialogue Toolkit site."""

    file = forms.FileField(
        label=_("Dialogue file"),
        help_text=_("A .json file made with “Export the whole dialogue”, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.data_read = read_upload(upload)
        return upload
