"""Load the toolkit's text files into the database without overwriting admin edits.

Layout (see the content specification): ``parts/<N>-<part>/_part.<lang>.md`` and
``parts/<N>-<part>/<M>-<chapter>.<lang>.md`` with TOML front matter between ``+++`` lines,
``tools/<slug>.<lang>.toml``, ``pages/<slug>.<lang>.md`` (the pages about the toolkit, with
front matter like a chapter's), and an optional ``resources.toml``::

    [[resource]]
    key = "iap2-spectrum"
    title = "Original title"
    authors = "..."
    publisher = "..."
    year = 2018
    url = "https://..."            # optional
    tools = ["power-interest-grid"]  # optional
    description.en = "Markdown"     # or description = "English Markdown"
    description.fr = "..."

For every item and language the loader remembers a hash of the text it wrote. When the
database no longer matches that hash, an admin edited the text: it is kept (with a warning)
unless ``force`` is set (``toolkit_site.loading``, shared with the checklist loader).
Re-running with unchanged files changes nothing.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from toolkit_site.loading import (
    HashedLoader,
    LoadReport,
    loaded_hashes_start,
    save_if_changed,
)

from .models import Chapter, ContentRevision, Page, Part, Resource, Tool
from .services import item_changes_record, item_snapshot, neutral_values

DEFAULT_ROOT = Path(__file__).resolve().parent / "toolkit"

# The order in which the toolkit presents its tools: from mapping the actors to closing.
TOOL_ORDER = (
    "stakeholder-identification",
    "roles-and-interests-matrix",
    "power-interest-grid",
    "power-ranking",
    "network-mapping",
    "rich-picture",
    "problem-tree",
    "issue-timeline",
    "swot-force-field",
    "do-no-harm",
    "dialogue-budget",
    "theory-of-change",
    "interview-guide",
    "communication-plan",
    "sample-agendas",
    "ground-rules",
    "decision-rules",
    "opening-exercises",
    "world-cafe",
    "open-space",
    "fishbowl",
    "conflict-styles",
    "visioning-and-scenarios",
    "card-clustering",
    "criteria-matrix",
    "action-plan",
    "closing-circle",
    "feedback-form",
    "partnership-health-check",
    "most-significant-change",
)

_FRONT_MATTER = re.compile(
    r"\A\ufeff?\+\+\+[ \t]*\r?\n(?P<meta>.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.S
)
_NUMBERED = re.compile(r"\A(?P<number>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\Z")
_LANGUAGE_FILE = re.compile(r"\A(?P<stem>[^.]+)\.(?P<language>[a-z]{2})\.(?P<ext>md|toml)\Z")


@dataclass
class Source:
    """One item as the files describe it."""

    kind: str
    key: str
    texts: dict = field(default_factory=dict)  # language: {field: text}
    neutral: dict = field(default_factory=dict)


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _read_front_matter(path, report):
    try:
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if match is None:
            report.problems.append(f"{path}: no +++ front matter, skipped")
            return None
        meta = tomllib.loads(match["meta"])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        report.problems.append(f"{path}: {error}, skipped")
        return None
    return meta, match["body"]


def _read_toml(path, report):
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        report.problems.append(f"{path}: {error}, skipped")
        return None


def _language_files(directory):
    for path in sorted(directory.iterdir()):
        match = _LANGUAGE_FILE.match(path.name)
        if path.is_file() and match and match["language"] in settings.MODELTRANSLATION_LANGUAGES:
            yield path, match["stem"], match["language"]


def read_parts(root, report):
    """Parts and their chapters from ``parts/``; returns (parts, chapters)."""
    parts, chapters = {}, {}
    directory = root / "parts"
    if not directory.is_dir():
        report.problems.append(f"{directory}: missing")
        return parts, chapters
    for part_dir in sorted(path for path in directory.iterdir() if path.is_dir()):
        numbered = _NUMBERED.match(part_dir.name)
        if numbered is None:
            report.problems.append(f"{part_dir}: not named <number>-<slug>, skipped")
            continue
        part = parts.setdefault(
            numbered["slug"],
            Source("part", numbered["slug"], neutral={"order": int(numbered["number"])}),
        )
        for path, stem, language in _language_files(part_dir):
            if path.suffix != ".md":
                continue
            parsed = _read_front_matter(path, report)
            if parsed is None:
                continue
            meta, body = parsed
            texts = {
                "title": _text(meta.get("title")),
                "summary": _text(meta.get("summary")),
                "body": body.strip(),
            }
            if stem == "_part":
                part.texts[language] = texts
                continue
            chapter_name = _NUMBERED.match(stem)
            if chapter_name is None:
                report.problems.append(f"{path}: not named <number>-<slug>, skipped")
                continue
            slug = chapter_name["slug"]
            chapter = chapters.setdefault(slug, Source("chapter", slug))
            if chapter.neutral.get("part", part.key) != part.key:
                report.problems.append(f"{path}: chapter {slug!r} is already in another part")
                continue
            chapter.texts[language] = texts
            tools = [slug for slug in meta.get("tools", []) if isinstance(slug, str)]
            # The tool list is language-neutral; English decides when files disagree.
            if language == "en" or "tools" not in chapter.neutral:
                chapter.neutral.update(
                    order=int(chapter_name["number"]), part=part.key, tools=sorted(tools)
                )
    return parts, chapters


def read_tools(root, report):
    tools = {}
    directory = root / "tools"
    if not directory.is_dir():
        report.problems.append(f"{directory}: missing")
        return tools
    for path, slug, language in _language_files(directory):
        if path.suffix != ".toml":
            continue
        data = _read_toml(path, report)
        if data is None:
            continue
        tool = tools.setdefault(slug, Source("tool", slug))
        tool.texts[language] = {name: _text(data.get(name)) for name in Tool.text_fields}
    known = {slug: index for index, slug in enumerate(TOOL_ORDER)}
    ordered = sorted(tools, key=lambda slug: (known.get(slug, len(known)), slug))
    for position, slug in enumerate(ordered, start=1):
        tools[slug].neutral["order"] = position
    return tools


def read_pages(root, report):
    """The pages about the toolkit (``pages/about.en.md``...), each language a file."""
    pages = {}
    directory = root / "pages"
    if not directory.is_dir():
        return pages
    for path, slug, language in _language_files(directory):
        parsed = _read_front_matter(path, report) if path.suffix == ".md" else None
        if parsed is None:
            continue
        meta, body = parsed
        page = pages.setdefault(slug, Source("page", slug, neutral={"order": 0}))
        page.texts[language] = {
            "title": _text(meta.get("title")),
            "summary": _text(meta.get("summary")),
            "body": body.strip(),
        }
    return pages


def read_resources(root, report):
    resources = {}
    path = root / "resources.toml"
    if not path.is_file():
        return resources
    data = _read_toml(path, report)
    if data is None:
        return resources
    entries = data.get("resource", data.get("resources", []))
    for position, entry in enumerate(entries, start=1):
        key = entry.get("key") if isinstance(entry, dict) else None
        if not key or not _text(entry.get("title")):
            report.problems.append(f"{path}: resource {position} has no key or title, skipped")
            continue
        description = entry.get("description", {})
        if isinstance(description, str):
            description = {"en": description}
        texts = {}
        for language in settings.MODELTRANSLATION_LANGUAGES:
            text = _text(description.get(language)) or _text(entry.get(f"description_{language}"))
            if text:
                texts[language] = {"description": text}
        year = entry.get("year")
        resources[key] = Source(
            "resource",
            key,
            texts=texts or {"en": {"description": ""}},
            neutral={
                "title": _text(entry.get("title")),
                "authors": _text(entry.get("authors")),
                "publisher": _text(entry.get("publisher")),
                "year": year if isinstance(year, int) else None,
                "url": _text(entry.get("url")),
                "order": position,
                "tools": sorted(slug for slug in entry.get("tools", []) if isinstance(slug, str)),
            },
        )
    return resources


class _Loader(HashedLoader):
    def apply(self, model, lookup, source, *, neutral_names, relations):
        label = f"{source.kind} {source.key!r}"
        item = model.objects.filter(**lookup).first()
        created = item is None
        if created and "en" not in source.texts:
            self.report.problems.append(f"{label}: no English text yet, not created")
            return None
        if created:
            item = model(**lookup, published=True)
        before = {} if created else item_snapshot(item)
        old_hashes = loaded_hashes_start(item)
        texts = {
            language: {name: given.get(name, "") for name in model.text_fields}
            for language, given in sorted(source.texts.items())
        }
        wrote = self.take_texts(item, created, label, texts)

        in_db = neutral_values(item, neutral_names)
        in_files = {name: source.neutral.get(name) for name in neutral_names}
        take_neutral = self.take_neutral(item, created, label, in_files, in_db)
        if take_neutral:
            wrote = True
            for name, value in in_files.items():
                if name == "tools":
                    continue
                resolve = relations.get(name)
                setattr(item, name, resolve(value) if resolve else value)

        save_if_changed(item, created=created, wrote=wrote, old_hashes=old_hashes)
        if take_neutral and "tools" in relations:
            item.tools.set(relations["tools"](in_files.get("tools") or []))
        revision = item_changes_record(
            item=item, before=before, user=None, source=ContentRevision.Source.LOADER
        )
        if created:
            self.report.created.append(label)
        elif revision is not None:
            self.report.updated.append(label)
        else:
            self.report.unchanged.append(label)
        return item


def _tools_resolver(report, owner):
    def resolve(slugs):
        tools = list(Tool.objects.filter(slug__in=slugs))
        for slug in sorted(set(slugs) - {tool.slug for tool in tools}):
            report.problems.append(f"{owner}: unknown tool {slug!r}")
        return tools

    return resolve


@transaction.atomic
def toolkit_load(*, root=DEFAULT_ROOT, force=False):
    """Create and update parts, chapters, tools, pages and resources from the files in `root`."""
    root = Path(root)
    report = LoadReport()
    if not root.is_dir():
        report.problems.append(f"{root}: no toolkit directory")
        return report
    loader = _Loader(force=force, report=report)

    tools = read_tools(root, report)
    for slug, source in tools.items():
        loader.apply(Tool, {"slug": slug}, source, neutral_names=("order",), relations={})

    parts, chapters = read_parts(root, report)
    for slug, source in parts.items():
        loader.apply(Part, {"slug": slug}, source, neutral_names=("order",), relations={})
    part_by_slug = {part.slug: part for part in Part.objects.filter(slug__in=parts)}
    for slug, source in chapters.items():
        if source.neutral.get("part") not in part_by_slug:
            report.problems.append(f"chapter {slug!r}: its part is not loaded yet, skipped")
            continue
        loader.apply(
            Chapter,
            {"slug": slug},
            source,
            neutral_names=("order", "part", "tools"),
            relations={
                "part": part_by_slug.get,
                "tools": _tools_resolver(report, f"chapter {slug!r}"),
            },
        )

    pages = read_pages(root, report)
    for slug, source in pages.items():
        loader.apply(Page, {"slug": slug}, source, neutral_names=("order",), relations={})

    resources = read_resources(root, report)
    for key, source in resources.items():
        loader.apply(
            Resource,
            {"key": key},
            source,
            neutral_names=("title", "authors", "publisher", "year", "url", "order", "tools"),
            relations={"tools": _tools_resolver(report, f"resource {key!r}")},
        )

    for model, kind, field_name, in_files in (
        (Part, "part", "slug", parts),
        (Chapter, "chapter", "slug", chapters),
        (Tool, "tool", "slug", tools),
        (Resource, "resource", "key", resources),
        (Page, "page", "slug", pages),
    ):
        for key in model.objects.exclude(**{f"{field_name}__in": in_files}).values_list(
            field_name, flat=True
        ):
            report.not_in_files.append(f"{kind} {key!r}")
    return report
