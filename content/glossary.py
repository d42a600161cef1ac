"""The glossary that fixes the toolkit's terms in its four languages, read from GLOSSARY.md."""

import unicodedata
from functools import cache
from pathlib import Path

from .selectors import LANGUAGES

GLOSSARY_PATH = Path(__file__).resolve().parent / "toolkit" / "GLOSSARY.md"


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_glossary(text):
    """The rows of the Markdown table, each a {language: term} dict in LANGUAGES' column order.

    The first table row names the languages; the ruler under it is skipped.
    """
    rows = []
    table = [line for line in text.splitlines() if line.lstrip().startswith("|")]
    for line in table[2:]:
        cells = _cells(line)
        if len(cells) != len(LANGUAGES):
            raise ValueError(f"Glossary row without {len(LANGUAGES)} terms: {line!r}")
        rows.append(dict(zip(LANGUAGES, cells, strict=True)))
    return rows


@cache
def glossary_text():
    return GLOSSARY_PATH.read_text(encoding="utf-8")


def sort_key(term):
    """Alphabetical order for a reader: accents and leading punctuation (¡, «) do not count."""
    letters = unicodedata.normalize("NFKD", term.casefold())
    plain = "".join(char for char in letters if not unicodedata.combining(char))
    return plain.lstrip("¡¿«\"'.- ")


def glossary_terms(language):
    """The glossary for a reader of `language`: their term first, then the other languages,
    in the alphabetical order of their language."""
    others = [code for code in LANGUAGES if code != language]
    rows = [
        {"term": row[language], "others": [(code, row[code]) for code in others]}
        for row in parse_glossary(glossary_text())
    ]
    return sorted(rows, key=lambda row: sort_key(row["term"]))
