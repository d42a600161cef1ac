"""Lists written out as the reader's language writes them."""

from django.utils.translation import gettext


def list_separator():
    """What goes between the items of a list in the active language: ", ", in Arabic "، ".

    Templates write it with ``{% translate ", " %}`` between the items of a loop.
    """
    # Translators: This string is used as a separator between list elements
    return gettext(", ")


def text_list(items):
    """The items joined as the active language writes a list: "a, b, c", in Arabic "a، b، c"."""
    return list_separator().join(str(item) for item in items)
