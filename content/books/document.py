"""What goes into a book: the whole published toolkit in one language, with links that stay
inside the book."""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from .. import handbook, selectors
from ..glossary import glossary_terms
from ..selectors import LANGUAGES

_HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True)
class Book:
    """The toolkit's text for one language, ready for a template."""

    language: str
    version: selectors.ContentVersion
    sections: list  # (part, intro, [(chapter, body)])
    tools: list  # (tool, [section])
    references: list  # (resource, description)
    glossary: list  # {"term": ..., "others": [(language, term)]}


def book_contents(language, version):
    """The toolkit as any reader sees it (drafts left out), rendered in `language`.

    Headings sit under the book's own: part h1, chapter h2, tool h2 with sections h3.
    """
    with translation.override(language):
        toolkit = handbook.whole_toolkit(
            None,
            language=language,
            links=selectors.toolkit_links(version),
            part_baselevel=2,
            tool_baselevel=4,
        )
    return Book(
        language=language,
        version=version,
        sections=toolkit.sections,
        tools=toolkit.tools,
        references=toolkit.references,
        glossary=glossary_terms(language),
    )


def page_addresses(book):
    """{address of a chapter or tool page in the book's language: (kind, slug)}."""
    addresses = {}
    with translation.override(book.language):
        for part, _intro, chapters in book.sections:
            for chapter, _body in chapters:
                url = reverse("content:chapter", kwargs={"part": part.slug, "slug": chapter.slug})
                addresses[url] = ("chapter", chapter.slug)
        for tool, _sections in book.tools:
            addresses[reverse("content:tool", kwargs={"slug": tool.slug})] = ("tool", tool.slug)
    return addresses


def relink(html, addresses, target):
    """Point links to pages the book holds at their place in the book, the others at the site.

    `target(kind, slug, fragment)` gives the in-book address; a fragment is the heading id
    inside the page, which the book prefixes with the page's slug.
    """

    def replace(match):
        href = match.group(1)
        path, _hash, fragment = href.partition("#")
        if path in addresses:
            kind, slug = addresses[path]
            return f'href="{target(kind, slug, fragment)}"'
        if href.startswith("/"):
            return f'href="{urljoin(settings.SITE_URL + "/", href)}"'
        return match.group(0)

    return mark_safe(_HREF.sub(replace, str(html)))  # noqa: S308 (hrefs of sanitised HTML)


def render_relinked(book, template, context, target):
    """Render a template of the book in its language, links pointed by `target`."""
    others = [code for code in LANGUAGES if code != book.language]
    with translation.override(book.language):
        identity = render_to_string("content/includes/identity.html")
        html = render_to_string(
            template,
            {
                "book": book,
                "site_url": settings.SITE_URL + "/",
                "description": strip_tags(identity).strip(),
                "glossary_languages": [
                    (code, get_language_info(code)["name_local"])
                    for code in [book.language, *others]
                ],
                **context,
            },
        )
    return relink(html, page_addresses(book), target)
