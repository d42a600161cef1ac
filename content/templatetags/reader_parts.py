"""`{% per_reader "name" %}…{% endper_reader %}`: the part of a page that is the reader's own.

On a toolkit page kept for every reader (content/kept.py), the block is rendered for each
request, with only `request`, `user`, `csrf_token`, `LANGUAGE_CODE` and `LANGUAGE_BIDI` in its
context; everywhere else it renders in place. Names are unique within a template.
"""

from django import template

from content.kept import PerReaderNode

register = template.Library()


@register.tag
def per_reader(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or len(bits[1]) < 3 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name")
    nodelist = parser.parse(("endper_reader",))
    parser.delete_first_token()
    return PerReaderNode(bits[1][1:-1], nodelist)
