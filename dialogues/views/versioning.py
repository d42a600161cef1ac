"""Editing an object two people may save at once: one view for every versioned edit, and both
versions side by side when someone else saved the object while the user was editing it."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.defaultfilters import yesno
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from toolkit_site.text import text_list

from ..services.dialogues import ConflictError
from .workspace import INVALID_FORM_STATUS, DialogueMixin


def _display(field, value):
    """A value as a person reads it: choice labels, names, local dates; a dash when empty."""
    if isinstance(field, forms.BooleanField):
        return yesno(bool(value))
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = {getattr(v, "pk", v) for v in value}
        return text_list(field.queryset.filter(pk__in=pks)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        obj = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return field.label_from_instance(obj) if obj is not None else "—"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if hasattr(value, "isoformat"):
        return formats.localize(value)
    return str(value)


def differences(form, stored_form):
    """Rows {label, theirs, yours} for each field where the stored version and the user's
    submission differ. ``stored_form`` is an unbound form on the stored object."""
    rows = []
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput) or name not in form.cleaned_data:
            continue
        theirs = _display(field, stored_form[name].initial)
        yours = _display(field, form.cleaned_data[name])
        if theirs != yours:
            rows.append({"label": field.label, "theirs": theirs, "yours": yours})
    return rows


class VersionedUpdateView(DialogueMixin, TemplateView):
    """Edits one versioned object of the dialogue through its service. A save based on a
    version someone else has replaced meanwhile is refused (409): the page shows both versions
    and the form keeps the user's, now based on the stored version, so saving again keeps it.

    A subclass declares ``form_class``, ``service`` (``staticmethod(<thing>_update)``, called
    with the object under ``object_name``, the user, the version and the changed fields),
    ``conflict_message`` and ``get_object()``.
    """

    permission_required = "dialogues.edit_workspace"
    form_class = None
    service = None
    object_name = None
    conflict_message = None
    success_message = _("Changes saved.")

    def get_object(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {}

    def get_form(self, instance, data=None):
        return self.form_class(data, instance=instance, **self.get_form_kwargs())

    def service_kwargs(self, form):
        """What the service saves besides the model fields (labels, people, agenda)."""
        return {}

    def save(self, form):
        self.service(
            **{self.object_name: form.instance},
            user=self.request.user,
            version=form.cleaned_data["version"],
            fields=form.changed_fields(),
            **self.service_kwargs(form),
        )

    def stored_object(self, conflict):
        """The object as someone else saved it, loaded as the page shows it."""
        return self.get_object()

    def get_success_url(self, instance):
        return instance.get_absolute_url()

    def render_form(self, instance, form, status=200, **extra):
        context = self.get_context_data(form=form, **{self.object_name: instance}, **extra)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        instance = self.get_object()
        return self.render_form(instance, self.get_form(instance))

    def post(self, request, *args, **kwargs):
        instance = self.get_object()
        form = self.get_form(instance, request.POST)
        if not form.is_valid():
            return self.render_form(instance, form, status=INVALID_FORM_STATUS)
        try:
            self.save(form)
        except ConflictError as conflict:
            return self.conflict(form, self.stored_object(conflict))
        messages.success(request, self.success_message)
        return redirect(self.get_success_url(instance))

    def conflict(self, form, current):
        messages.error(self.request, self.conflict_message)
        resubmitted = self.get_form(current, self.request.POST)
        resubmitted.data = resubmitted.data.copy()
        resubmitted.data["version"] = current.version
        return self.render_form(
            current,
            resubmitted,
            status=409,
            conflict=current,
            differences=differences(form, self.get_form(current)),
        )
