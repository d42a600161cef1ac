"""Searching the toolkit in the reader's language, with highlighted snippets.

PostgreSQL ranks with its full-text search (a stemming configuration per language, `simple`
for Arabic) over the text vectors stored on each item (`search_<language>`, GIN-indexed,
written by `content.services.item_search_update` when the loader or the admin saves). Other
databases get a plain fallback: every term must appear (case-insensitive),
ranked by hits in the title, then hits in the text.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Chapter, Part, Tool
from .rendering import localized_text, strip_markdown

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_RESULTS = 40
SNIPPET_LENGTH = 240
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "simple"}


@dataclass(frozen=True)
class Source:
    model: type
    kind: object  # a lazy label shown with each result
    summary_field: str
    text_fields: tuple

    def queryset(self, user, language):
        """The items `user` may find, with only what a result shows: the title and the summary
        in `language` and in English, and each of the other texts as ``shown_<field>``, in
        `language` or else English (as the stored vectors read them: half the text to fetch)."""
        queryset = self.model.objects.visible_to(user)
        small = ("title", self.summary_field)
        columns = {f"{name}_{code}" for name in small for code in {language, "en"}}
        if self.model is Chapter:
            queryset = queryset.select_related("part")
            columns.add("part__slug")
        return queryset.only("slug", *columns).annotate(
            **{f"shown_{name}": _in_language(name, language) for name in self.text_fields}
        )


SOURCES = (
    Source(Chapter, _("Chapter"), "summary", ("body",)),
    Source(Tool, _("Tool"), "summary", Tool.text_fields[2:]),
    Source(Part, _("Part"), "summary", ("body",)),
)


SOURCE_OF = {source.model: source for source in SOURCES}


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


# Results, the same on every database


@lru_cache(maxsize=512)
def _plain(text):
    """``strip_markdown(text)``, made once per text in each process: the same items come back
    in search after search, and making a chapter plain costs more than finding it. Keyed on the
    text itself, so an edited item is made plain again."""
    return strip_markdown(text)


def _texts(item, source, language):
    """(title, its language, summary, the rest), in `language` or else English; the rest as
    plain text, the summary as written (`_result` makes it plain only when it is shown)."""
    title, title_language = localized_text(item, "title", language)
    summary = localized_text(item, source.summary_field, language)[0]
    text = " ".join(getattr(item, f"shown_{name}") for name in source.text_fields)
    return title, title_language, summary, _plain(text)


def _highlight(text, pattern):
    """Escape `text` and wrap every match of `pattern` in <mark>."""
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[position : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    pieces.append(html.escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (each piece is escaped)


def _cut_around(text, match, length=SNIPPET_LENGTH):
    """A window of `text` starting a little before the first hit (`match`, or None for the
    start), cut at word boundaries."""
    if len(text) <= length:
        return text
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (match.start() if match else len(text)) else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def _result(item, source, texts, pattern, *, rank):
    """A result with its hits marked and a snippet cut around the first hit."""
    title, title_language, summary, text = texts
    shown, hit = text, pattern.search(text)
    if hit is None and summary:
        shown = _plain(summary)
        hit = pattern.search(shown)
    return SearchResult(
        kind=source.kind,
        url=item.get_absolute_url(),
        title=_highlight(title, pattern),
        title_language=title_language,
        snippet=_highlight(_cut_around(shown, hit), pattern),
        rank=rank,
    )


# PostgreSQL


def _in_language(name, language):
    own = NullIf(F(f"{name}_{language}"), Value(""))
    if language == "en":
        return Coalesce(own, Value(""), output_field=TextField())
    return Coalesce(own, F(f"{name}_en"), Value(""), output_field=TextField())


def search_document(source, language):
    """What `search_<language>` stores: the title weighs most (A), then the summary (B), then
    the rest (C), each in `language` or else in English."""
    config = SEARCH_CONFIGS.get(language, "simple")
    texts = [_in_language(name, language) for name in source.text_fields]
    return (
        SearchVector(_in_language("title", language), weight="A", config=config)
        + SearchVector(_in_language(source.summary_field, language), weight="B", config=config)
        + SearchVector(*texts, weight="C", config=config)
    )


def search_documents(model):
    """The stored vectors of `model` in every language, for an UPDATE; {} if not searched."""
    source = SOURCE_OF.get(model)
    if source is None:
        return {}
    return {f"search_{code}": search_document(source, code) for code in SEARCH_CONFIGS}


# Accented forms a stemmed word may take in the text (the stemmers drop some accents).
_ACCENTS = {
    "a": "aàáâäã",
    "e": "eéèêë",
    "i": "iíìîïy",  # English stems end in i where the word ends in y: polici, countri
    "o": "oóòôöõ",
    "u": "uúùûü",
    "c": "cç",
    "n": "nñ",
}
_LEXEME = re.compile(r"(!?)'((?:[^']|'')+)'")


def _lexeme_pattern(lexemes, *, whole_words):
    """A regular expression that finds the words the query's lexemes stand for in the text."""
    alternatives = []
    for lexeme in sorted(lexemes, key=len, reverse=True):
        letters = "".join(
            f"[{_ACCENTS[char]}]" if char in _ACCENTS else re.escape(char) for char in lexeme
        )
        alternatives.append(letters if whole_words else letters + r"\w*")
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _query_pattern(query, config):
    """The words to mark, from the lexemes PostgreSQL parsed the query into (negations left out).

    Snippets are cut and marked in Python: PostgreSQL's headlines parse each matching text
    again, which cost more than the whole search.
    """
    with connection.cursor() as cursor:
        # The same parsing as SearchQuery(search_type="websearch") below.
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [config, query])
        parsed = cursor.fetchone()[0] or ""
    lexemes = {
        lexeme.replace("''", "'") for negated, lexeme in _LEXEME.findall(parsed) if not negated
    }
    return _lexeme_pattern(lexemes, whole_words=config == "simple") if lexemes else None


def _search_postgres(query, *, user, language):
    config = SEARCH_CONFIGS.get(language, "simple")
    search_query = SearchQuery(query, search_type="websearch", config=config)
    pattern = _query_pattern(query, config)
    if pattern is None:  # only stop words, or nothing PostgreSQL can search for
        return []
    stored = f"search_{language}"
    matches = []
    for order, source in enumerate(reversed(SOURCES)):
        items = (
            source.queryset(user, language)
            .filter(**{stored: search_query})
            .annotate(rank=SearchRank(F(stored), search_query))
            .order_by("-rank")[:MAX_RESULTS]
        )
        matches.extend(((item.rank, order), source, item) for item in items)
    # Only the results shown get their snippets.
    matches.sort(key=lambda match: match[0], reverse=True)
    return [
        _result(item, source, _texts(item, source, language), pattern, rank=rank)
        for rank, source, item in matches[:MAX_RESULTS]
    ]


# Other databases


def _terms(query):
    seen, terms = set(), []
    for term in query.split():
        folded = term.casefold()
        if folded not in seen:
            seen.add(folded)
            terms.append(term)
    return terms[:MAX_TERMS]


def _search_python(query, *, user, language):
    terms = _terms(query)
    patterns = [re.compile(re.escape(term), re.IGNORECASE) for term in terms]
    any_term = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )
    results = []
    for order, source in enumerate(reversed(SOURCES)):
        for item in source.queryset(user, language):
            texts = _texts(item, source, language)
            title, _title_language, summary, text = texts
            body = f"{_plain(summary)}\n{text}"
            if not all(pattern.search(f"{title}\n{body}") for pattern in patterns):
                continue
            title_hits = sum(len(pattern.findall(title)) for pattern in patterns)
            text_hits = sum(len(pattern.findall(body)) for pattern in patterns)
            rank = (title_hits, text_hits, order)
            results.append(_result(item, source, texts, any_term, rank=rank))
    return results
