"""Template helpers of the stages, meetings and commitments pages."""

from django import template

from accounts.names import display_name

register = template.Library()


@register.filter
def person(user):
    """A workspace member as people know them: full name, else email; a dash if gone."""
    if user is None:
        return "—"
    return display_name(user)
