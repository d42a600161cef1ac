"""Reads of the dialogues app, one module per domain; each a fixed number of queries whatever
the data size."""

from django.db.models import Case, IntegerField, Value, When


def with_rows(items, attribute, rows):
    """``items`` as a list, each with ``attribute``: the values that ``rows``, pairs of (an
    item's pk, a value), give for it, in their order; an empty list for an item with none.
    Read in one query beside the items, these stand in for a prefetch and its objects."""
    values = {item.pk: [] for item in items}
    for pk, value in rows:
        values[pk].append(value)
    for item in items:
        setattr(item, attribute, values[item.pk])
    return items


def in_order(field, choices):
    """Sort by the order of a choices class (the process order), not alphabetically by code."""
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values)],
        default=Value(len(choices.values)),
        output_field=IntegerField(),
    )
