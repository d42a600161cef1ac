"""Addresses for long lists: reverse() once per page and language rather than once per row.

reverse() costs tens of microseconds; a page of 350 stakeholder marks would spend most of its
time in it. The URL patterns here take integer keys only, so the address is reversed once
with marker numbers and the markers are then replaced by each row's keys.
"""

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARK = 2147483000  # keys no row has, replaced by each row's
_templates = {}


def _template(name, count):
    key = (name, count, get_language(), get_script_prefix(), get_urlconf())
    template = _templates.get(key)
    if template is None:
        marks = [_MARK + index for index in range(count)]
        template = reverse(name, args=marks).replace("{", "{{").replace("}", "}}")
        for index, mark in enumerate(marks):
            template = template.replace(str(mark), f"{{{index}}}")
        _templates[key] = template
    return template


def reverse_ids(name, *ids):
    """``reverse(name, args=ids)`` for a view whose URL takes integer keys only."""
    return _template(name, len(ids)).format(*ids)


def url_for_each(name, *ids):
    """A function ``pk -> URL`` for the view `name` with `ids` and then the row's key."""
    template = _template(name, len(ids) + 1)
    return lambda pk: template.format(*ids, pk)
