"""Choice labels read in constant time, for models listed many rows at a time."""

from functools import cache

from django.db import models
from django.utils.encoding import force_str


@cache
def _labels(field):
    """{value: label} of a model field's choices; the labels stay lazy, so translated on use."""
    return dict(field.flatchoices)


class ChoiceLabels(models.Model):
    """``get_FOO_display()`` through a mapping built once per field.

    Django's own builds a dict of the field's choices on every call, hashing every label on the
    way, and hashing a lazy label translates it: a register page of fifty stakeholders
    translated some eight hundred labels to show a hundred and fifty. Here only the label shown
    is translated, in the language of the moment, as before.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name)
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # a value that cannot be a key: Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
