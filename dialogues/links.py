"""Addresses for long lists: reverse() once per page rather than once per row."""

from django.urls import reverse

_MARK = 2147483647  # a primary key no row has, replaced by each row's


def url_for_each(name, *args):
    """A function ``pk -> URL`` for the view `name` with `args` and then the row's key."""
    before, after = reverse(name, args=[*args, _MARK]).rsplit(str(_MARK), 1)
    return lambda pk: f"{before}{pk}{after}"


def memoised_urls():
    """``url(item)``: the item's get_absolute_url(), computed once per item (by class and key)."""
    known = {}

    def url(item):
        key = (type(item), item.pk)
        if key not in known:
            known[key] = item.get_absolute_url()
        return known[key]

    return url
