"""Template helpers of the stages, meetings and commitments pages."""

from django import template

register = template.Library()


@register.filter
def person(user):
    """A workspace member as people know them: full name, else email; a dash if gone."""
    if user is None:
        return "—"
    return user.get_full_name() or user.email or user.get_username()
