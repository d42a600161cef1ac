"""``{% kept "name" %}…{% endkept %}``: keep a rendered part of a workspace page until the
dialogue changes.

The view sets ``fragment_key`` (see DialogueMixin.fragment_key): it moves with the dialogue's
revision, the language, the reader's rights, the day and the address. Without it, or when the
part carries a CSRF token (which belongs to one reader), the part is rendered every time.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        key = context.get("fragment_key")
        if not key or settings.WORKSPACE_FRAGMENT_SECONDS <= 0:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        cache_key = "dialogues:kept:" + hashlib.sha256(f"{name}|{key}".encode()).hexdigest()
        html = cache.get(cache_key)
        if html is None:
            html = self.nodelist.render(context)
            if "csrfmiddlewaretoken" in html:
                return html
            cache.set(cache_key, str(html), settings.WORKSPACE_FRAGMENT_SECONDS)
        return mark_safe(html)  # noqa: S308 (rendered, and so escaped, by the template)


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept %} takes one argument: the part's name.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), nodelist)
