"""Reads of the dialogues app, one module per domain; each a fixed number of queries whatever
the data size."""

from django.db.models import Case, IntegerField, Value, When


def in_order(field, choices):
    """Sort by the order of a choices class (the process order), not alphabetically by code."""
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values)],
        default=Value(len(choices.values)),
        output_field=IntegerField(),
    )
