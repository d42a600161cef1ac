"""Searching the toolkit in the reader's language, with highlighted snippets.

PostgreSQL ranks with its full-text search (a stemming configuration per language, `simple`
for Arabic). Other databases get a plain fallback: every term must appear (case-insensitive),
ranked by hits in the title, then hits in the text.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Chapter, Part, Tool
from .rendering import localized_text, strip_markdown

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_RESULTS = 40
SNIPPET_LENGTH = 240
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "simple"}
# Private-use characters mark hits inside PostgreSQL headlines until the text is escaped.
_START, _STOP = "\ue000", "\ue001"


@dataclass(frozen=True)
class Source:
    model: type
    kind: object  # a lazy label shown with each result
    summary_field: str
    text_fields: tuple

    def queryset(self, user):
        queryset = self.model.objects.visible_to(user)
        if self.model is Chapter:
            queryset = queryset.select_related("part")
        return queryset


SOURCES = (
    Source(Chapter, _("Chapter"), "summary", ("body",)),
    Source(Tool, _("Tool"), "summary", Tool.text_fields[2:]),
    Source(Part, _("Part"), "summary", ("body",)),
)


@dataclass(frozen=True)
class SearchResult:
    kind: object
    url: str
    title: str  # safe HTML, hits marked
    title_language: str
    snippet: str  # safe HTML, hits marked
    rank: tuple


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    results: list
    too_long: bool = False


def search_toolkit(query, *, user, language):
    """Parts, chapters and tools matching `query`, best first; cleans up odd queries."""
    # Control characters (a NUL breaks PostgreSQL) never belong in a search.
    printable = "".join(char for char in query or "" if char.isprintable() or char.isspace())
    query = " ".join(printable.split())
    if not query:
        return SearchOutcome(query="", results=[])
    if len(query) > MAX_QUERY_LENGTH:
        return SearchOutcome(query=query[:MAX_QUERY_LENGTH], results=[], too_long=True)
    if connection.vendor == "postgresql":
        results = _search_postgres(query, user=user, language=language)
    else:
        results = _search_python(query, user=user, language=language)
    results.sort(key=lambda result: result.rank, reverse=True)
    return SearchOutcome(query=query, results=results[:MAX_RESULTS])


def _marked(text, start=_START, stop=_STOP):
    """Escape `text`, then turn the sentinel characters into <mark> elements."""
    html = escape(text).replace(start, "<mark>").replace(stop, "</mark>")
    return mark_safe(html)  # noqa: S308 (everything but our own markers is escaped)


# PostgreSQL


def _in_language(name, language):
    own = NullIf(F(f"{name}_{language}"), Value(""))
    if language == "en":
        return Coalesce(own, Value(""), output_field=TextField())
    return Coalesce(own, F(f"{name}_en"), Value(""), output_field=TextField())


def _search_postgres(query, *, user, language):
    config = SEARCH_CONFIGS.get(language, "simple")
    search_query = SearchQuery(query, search_type="websearch", config=config)
    results = []
    for order, source in enumerate(reversed(SOURCES)):
        title = _in_language("title", language)
        summary = _in_language(source.summary_field, language)
        texts = [_in_language(name, language) for name in source.text_fields]
        vector = (
            SearchVector(title, weight="A", config=config)
            + SearchVector(summary, weight="B", config=config)
            + SearchVector(*texts, weight="C", config=config)
        )
        body = Concat(summary, Value("\n\n"), *texts, output_field=TextField())
        matches = (
            source.queryset(user)
            .annotate(document=vector)
            .filter(document=search_query)
            .annotate(
                rank=SearchRank(vector, search_query),
                title_marked=SearchHeadline(
                    title,
                    search_query,
                    config=config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    highlight_all=True,
                ),
                snippet=SearchHeadline(
                    body,
                    search_query,
                    config=config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank")[:MAX_RESULTS]
        )
        for item in matches:
            title_language = localized_text(item, "title", language)[1]
            results.append(
                SearchResult(
                    kind=source.kind,
                    url=item.get_absolute_url(),
                    title=_marked(item.title_marked),
                    title_language=title_language,
                    snippet=_marked(strip_markdown(item.snippet)),
                    rank=(item.rank, order),
                )
            )
    return results


# Other databases


def _terms(query):
    seen, terms = set(), []
    for term in query.split():
        folded = term.casefold()
        if folded not in seen:
            seen.add(folded)
            terms.append(term)
    return terms[:MAX_TERMS]


def _highlight(text, pattern):
    """Escape `text` and wrap every match of `pattern` in <mark>."""
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (each piece is escaped)


def _cut_around(text, pattern, length=SNIPPET_LENGTH):
    """A window of `text` starting a little before the first hit, cut at word boundaries."""
    if len(text) <= length:
        return text
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (match.start() if match else len(text)) else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def _search_python(query, *, user, language):
    terms = _terms(query)
    patterns = [re.compile(re.escape(term), re.IGNORECASE) for term in terms]
    any_term = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )
    results = []
    for order, source in enumerate(reversed(SOURCES)):
        for item in source.queryset(user):
            title, title_language = localized_text(item, "title", language)
            summary = strip_markdown(localized_text(item, source.summary_field, language)[0])
            text = strip_markdown(
                " ".join(localized_text(item, name, language)[0] for name in source.text_fields)
            )
            everything = f"{title}\n{summary}\n{text}"
            if not all(pattern.search(everything) for pattern in patterns):
                continue
            title_hits = sum(len(pattern.findall(title)) for pattern in patterns)
            text_hits = sum(len(pattern.findall(f"{summary}\n{text}")) for pattern in patterns)
            shown = text if any_term.search(text) or not summary else summary
            results.append(
                SearchResult(
                    kind=source.kind,
                    url=item.get_absolute_url(),
                    title=_highlight(title, any_term),
                    title_language=title_language,
                    snippet=_highlight(_cut_around(shown, any_term), any_term),
                    rank=(title_hits, text_hits, order),
                )
            )
    return results
