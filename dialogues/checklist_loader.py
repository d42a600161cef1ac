"""Load the default checklist of every stage from ``data/checklist_templates.toml``.

Items are matched by ``key``, so re-running never duplicates. For each item and language the
loader remembers a hash of the text it wrote (and, under ``NEUTRAL``, of its stage, order and
toolkit links). When the database no longer matches that hash, an admin edited it: the edit is
kept (and reported) unless ``force`` is set (``toolkit_site.loading``). Chapter and tool slugs
resolve to the toolkit, so ``load_toolkit`` must run first.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from content.models import Chapter, Tool
from toolkit_site.loading import (
    HashedLoader,
    LoadReport,
    loaded_hashes_start,
    save_if_changed,
)

from .models import ChecklistItem, ChecklistTemplateItem, Stage

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "checklist_templates.toml"
TEXT_FIELDS = ("title", "description")


def read_items(path, report):
    """The items of the file, checked; problems go to the report."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        report.problems.append(f"{path}: {error}")
        return []
    items, seen = [], set()
    for number, raw in enumerate(data.get("item", []), start=1):
        key = raw.get("key", "")
        if not key or key in seen:
            report.problems.append(f"item {number}: missing or repeated key {key!r}, skipped")
            continue
        seen.add(key)
        if raw.get("stage") not in Stage.values:
            report.problems.append(f"{key}: unknown stage {raw.get('stage')!r}, skipped")
            continue
        titles = raw.get("title") or {}
        if not titles.get("en"):
            report.problems.append(f"{key}: no English title, skipped")
            continue
        items.append(raw)
    return items


class _Loader(HashedLoader):
    def __init__(self, *, force, report):
        super().__init__(force=force, report=report)
        self.chapters = {chapter.slug: chapter for chapter in Chapter.objects.all()}
        self.tools = {tool.slug: tool for tool in Tool.objects.all()}
        self.slugs = {
            "chapter": {chapter.pk: slug for slug, chapter in self.chapters.items()},
            "tool": {tool.pk: slug for slug, tool in self.tools.items()},
        }

    def _resolve(self, registry, kind, key, slug):
        if not slug:
            return None
        found = registry.get(slug)
        if found is None:
            self.report.problems.append(
                f"{key}: unknown {kind} {slug!r} (run load_toolkit first?), left without link"
            )
        return found

    def apply(self, raw):
        key = raw["key"]
        item = ChecklistTemplateItem.objects.filter(key=key).first()
        created = item is None
        if created:
            item = ChecklistTemplateItem(key=key)
        old_hashes = loaded_hashes_start(item)
        texts = {}
        for language in settings.MODELTRANSLATION_LANGUAGES:
            in_file = {
                name: (raw.get(name) or {}).get(language, "").strip() for name in TEXT_FIELDS
            }
            if any(in_file.values()):
                texts[language] = in_file
        wrote = self.take_texts(item, created, key, texts)

        chapter = self._resolve(self.chapters, "chapter", key, raw.get("chapter"))
        tool = self._resolve(self.tools, "tool", key, raw.get("tool"))
        in_file = {
            "stage": raw["stage"],
            "order": int(raw.get("order", 0)),
            "chapter": chapter.slug if chapter else None,
            "tool": tool.slug if tool else None,
        }
        in_db = {
            "stage": item.stage or None,
            "order": item.order,
            "chapter": self.slugs["chapter"].get(item.chapter_id),
            "tool": self.slugs["tool"].get(item.tool_id),
        }
        take = self.take_neutral(item, created, key, in_file, in_db)
        if take:
            wrote = True
            item.stage, item.order, item.chapter, item.tool = (
                in_file["stage"],
                in_file["order"],
                chapter,
                tool,
            )

        save_if_changed(item, created=created, wrote=wrote, old_hashes=old_hashes)
        if take:
            # Dialogues created before the toolkit was loaded get the links they missed.
            copies = ChecklistItem.objects.filter(template=item)
            if chapter is not None:
                copies.filter(chapter__isnull=True).update(chapter=chapter)
            if tool is not None:
                copies.filter(tool__isnull=True).update(tool=tool)
        if created:
            self.report.created.append(key)
        elif wrote:
            self.report.updated.append(key)
        else:
            self.report.unchanged.append(key)
        return item


@transaction.atomic
def checklist_templates_load(*, path=DEFAULT_PATH, force=False):
    """Create and update the checklist template items from the data file."""
    report = LoadReport()
    items = read_items(path, report)
    loader = _Loader(force=force, report=report)
    for raw in items:
        loader.apply(raw)
    in_file = {raw["key"] for raw in items}
    report.not_in_files = sorted(
        ChecklistTemplateItem.objects.exclude(key__in=in_file).values_list("key", flat=True)
    )
    return report
