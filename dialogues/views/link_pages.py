"""How every page opened by a stakeholder's personal link is answered."""

from django.shortcuts import render

# A link page sends no Referer onward, so its address cannot leak to another site.
LINK_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def link_render(request, template, context, status=200):
    response = render(request, template, context, status=status)
    for name, value in LINK_HEADERS.items():
        response[name] = value
    return response
