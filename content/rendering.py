"""Toolkit Markdown to safe HTML: links between pages, a table of contents, and a cache."""

import hashlib
import html
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
SAFE_URL_PREFIXES = ("http://", "https://", "mailto:", "/", "#")
LINK_REL = "noopener noreferrer"

# Ids the page templates use themselves; a heading never takes one of them.
RESERVED_IDS = frozenset({"main", "toc", "toc-title", "content", "search", "q"})
RENDER_VERSION = "1"
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Links:
    """What `tool:` and `chapter:` links may point to: published chapters and tools."""

    chapters: dict[str, str] = field(default_factory=dict)  # chapter slug: part slug
    tools: frozenset[str] = frozenset()

    @property
    def digest(self):
        listing = repr((sorted(self.chapters.items()), sorted(self.tools)))
        return hashlib.sha256(listing.encode()).hexdigest()[:16]

    def url(self, kind, target, language):
        slug, _hash, fragment = target.strip().partition("#")
        try:
            with translation.override(language):
                if kind == "tool" and slug in self.tools:
                    url = reverse("content:tool", kwargs={"slug": slug})
                elif kind == "chapter" and slug in self.chapters:
                    url = reverse(
                        "content:chapter", kwargs={"part": self.chapters[slug], "slug": slug}
                    )
                else:
                    return None
        except NoReverseMatch:
            return None
        return f"{url}#{fragment}" if fragment else url


@dataclass(frozen=True)
class Rendered:
    """One field ready for a page: its HTML, headings, and the language it is really in."""

    html: SafeString
    toc: list
    language: str
    is_fallback: bool

    @property
    def is_empty(self):
        return not self.html.strip()


class _ToolkitTreeprocessor(Treeprocessor):
    """Points `tool:` and `chapter:` links at pages; a body never gets a second h1."""

    def __init__(self, md, links, language):
        super().__init__(md)
        self.links = links
        self.language = language

    def run(self, root):
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            if element.tag != "a":
                continue
            kind, colon, target = element.get("href", "").partition(":")
            if not colon or kind not in ("tool", "chapter"):
                continue
            url = self.links.url(kind, target, self.language)
            if url:
                element.set("href", url)
            else:
                # A link to a page that does not exist (yet) reads as plain text.
                element.tag = "span"
                element.attrib.clear()


class _ToolkitExtension(Extension):
    def __init__(self, links, language):
        super().__init__()
        self.links = links
        self.language = language

    def extendMarkdown(self, md):  # noqa: N802 (the Markdown API's name)
        # After inline links exist (priority 20), before the table of contents (5).
        md.treeprocessors.register(
            _ToolkitTreeprocessor(md, self.links, self.language), "toolkit_links", 10
        )


def _heading_slugifier(id_prefix):
    def heading_id(value, _separator):
        # Unicode ids, so Arabic and French headings keep readable anchors.
        slug = slugify(value, allow_unicode=True) or "section"
        if slug in RESERVED_IDS:
            slug = f"{slug}-section"
        return f"{id_prefix}{slug}"

    return heading_id


def _toc_entries(tokens):
    return [
        {
            "id": token["id"],
            "text": html.unescape(token["name"]),
            "children": _toc_entries(token.get("children", [])),
        }
        for token in tokens
    ]


def _only_plain_urls(element, attribute, value):
    """Drop any link that is not plainly a page of ours, a web page or an email address.

    Stricter than the scheme check alone: odd relative URLs ("java script:...") go too.
    """
    if attribute == "href" and not value.startswith(SAFE_URL_PREFIXES):
        return None
    return value


def sanitise(raw_html):
    """Keep only the tags, attributes and URL schemes the toolkit's text needs."""
    return nh3.clean(
        raw_html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_only_plain_urls,
    )


def markdown_to_html(text, *, links, language, id_prefix="", baselevel=1):
    """Render Markdown and sanitise it; returns (safe HTML, table of contents).

    `baselevel` pushes headings down for pages that nest the text deeper (print views):
    with 3, a `##` heading becomes h4.
    """
    md = markdown.Markdown(
        extensions=[
            TocExtension(
                slugify=_heading_slugifier(id_prefix), toc_depth="2-3", baselevel=baselevel
            ),
            TableExtension(use_align_attribute=True),
            "sane_lists",
            _ToolkitExtension(links, language),
        ],
        output_format="html",
    )
    raw = md.convert(text or "")
    return mark_safe(sanitise(raw)), _toc_entries(md.toc_tokens)  # noqa: S308 (sanitised)


def localized_text(item, field_name, language):
    """The field's text in `language`, else in English; returns (text, its language)."""
    text = getattr(item, f"{field_name}_{language}", None) or ""
    if text.strip():
        return text, language
    english = getattr(item, f"{field_name}_en", None) or ""
    if english.strip():
        return english, "en"
    return "", language


def _cache_key(item, field_name, language, text, links, variant):
    digest = hashlib.sha256(f"{links.digest}\n{variant}\n{text}".encode()).hexdigest()[:32]
    where = f"{item._meta.label_lower}.{item.pk}.{field_name}"
    return f"content:md:{RENDER_VERSION}:{where}:{language}:{digest}"


def render_field(item, field_name, *, language, links, id_prefix="", baselevel=1):
    """A Markdown field of an item as HTML in the reader's language, or English when missing.

    Rendered HTML is cached by item, field, language and a hash of the text and link targets,
    so an edit or a newly published page shows at once and nothing else is re-rendered.
    """
    text, text_language = localized_text(item, field_name, language)
    key = _cache_key(item, field_name, language, text, links, f"{id_prefix}|{baselevel}")
    cached = cache.get(key)
    if cached is None:
        body, toc = markdown_to_html(
            text, links=links, language=language, id_prefix=id_prefix, baselevel=baselevel
        )
        cached = {"html": str(body), "toc": toc}
        cache.set(key, cached, CACHE_SECONDS)
    return Rendered(
        html=mark_safe(cached["html"]),  # noqa: S308 (sanitised before caching)
        toc=cached["toc"],
        language=text_language,
        is_fallback=text_language != language,
    )


_MARKDOWN_SYNTAX = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)?"), r"\1"),  # [text](target) -> text
    (re.compile(r"\]\([^)\s]*\)?"), ""),  # the tail of a link cut by a snippet
    (re.compile(r"\b(?:tool|chapter):[^\s)]*\)?"), ""),  # a link target cut from its text
    (re.compile(r"(?m)^[\s|:-]*-{3,}[\s|:-]*$"), ""),  # table rulers
    (re.compile(r"\s*\|\s*"), " "),  # table cells
    (re.compile(r"(?m)^\s{0,3}(?:(?:#{1,6}|>|[-*+]|\d+[.)])(?:[ \t]+|$))+"), ""),  # blocks
    (re.compile(r"(\*\*|__|`|~~)"), ""),
    (re.compile(r"[\[\]]"), ""),
]


def strip_markdown(text):
    """Markdown source as readable plain text, for search snippets (cheap, not exact)."""
    for pattern, replacement in _MARKDOWN_SYNTAX:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()
