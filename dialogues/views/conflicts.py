"""Two versions side by side when someone else saved an object while the user was editing it."""

from django import forms
from django.utils import formats


def _display(field, value):
    """A value as a person reads it: choice labels, names, local dates; a dash when empty."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = {getattr(v, "pk", v) for v in value}
        return ", ".join(str(obj) for obj in field.queryset.filter(pk__in=pks)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        obj = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(obj) if obj is not None else "—"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.BooleanField):
        return str(formats.localize(bool(value)))
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


def resubmittable(form_class, request, current, **kwargs):
    """The user's submission again, now based on the stored version, so saving keeps theirs."""
    form = form_class(request.POST, instance=current, **kwargs)
    form.data = form.data.copy()
    form.data["version"] = current.version
    return form
