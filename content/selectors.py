"""Reading the toolkit: what a page shows, in a fixed number of queries."""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import DateTimeField, F, Func, IntegerField, Prefetch
from django.urls import reverse
from django.utils import translation

from .models import Chapter, ContentRevision, Page, Part, Resource, Tool
from .rendering import Links, localized_text

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
LINKS_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class ContentVersion:
    """The newest change to the toolkit and a digest that moves with any change or deletion."""

    last_modified: object  # datetime or None when the toolkit is empty
    digest: str


def content_version():
    """One query over the item tables: newest `updated` and the number of rows of each."""
    per_model = [
        model.objects.order_by()
        .annotate(
            newest=Func(F("updated"), function="MAX", output_field=DateTimeField()),
            count=Func(F("id"), function="COUNT", output_field=IntegerField()),
        )
        .values_list("newest", "count")
        for model in (Part, Chapter, Tool, Resource, Page)
    ]
    rows = list(per_model[0].union(*per_model[1:], all=True))
    newest = [row[0] for row in rows if row[0] is not None]
    last_modified = max(newest) if newest else None
    listing = repr(sorted((str(stamp), count) for stamp, count in rows))
    return ContentVersion(last_modified, hashlib.sha256(listing.encode()).hexdigest()[:20])


_remembered = {"version": None, "until": 0.0}


def current_version():
    """`content_version()`, remembered by this process for TOOLKIT_PROCESS_CACHE_SECONDS.

    A change saved through this process is seen at once (`forget_version`); one saved through
    another app process is seen within those seconds. With 0, every call asks the database.
    """
    seconds = settings.TOOLKIT_PROCESS_CACHE_SECONDS
    now = time.monotonic()
    version = _remembered["version"]
    if version is None or seconds <= 0 or now >= _remembered["until"]:
        version = content_version()
        _remembered.update(version=version, until=now + seconds)
    return version


def forget_version(**kwargs):
    """Signal receiver: the toolkit changed, so the next reader asks the database again."""
    _remembered.update(version=None, until=0.0)


def toolkit_links(version):
    """Published chapters and tools that `chapter:` and `tool:` links may point to."""
    key = f"content:links:{version.digest}"
    cached = cache.get(key)
    if cached is None:
        chapters = dict(
            Chapter.objects.filter(published=True, part__published=True).values_list(
                "slug", "part__slug"
            )
        )
        tools = sorted(Tool.objects.filter(published=True).values_list("slug", flat=True))
        cached = (chapters, tools)
        cache.set(key, cached, LINKS_CACHE_SECONDS)
    chapters, tools = cached
    return Links(chapters=chapters, tools=frozenset(tools))


# Columns of a toolkit item that a link to it never shows: its texts in every language, its
# search vectors (each as long as the text) and the loader's bookkeeping.
_BULKY = frozenset({"TextField", "SearchVectorField", "JSONField"})


def bulky_columns(model, relation=None):
    """The bulky columns of ``model`` (reached through ``relation``, when it is joined): a link
    needs its title and address, not pages of Markdown or their search vectors, so these stay
    in the database."""
    prefix = f"{relation}__" if relation else ""
    return [
        f"{prefix}{field.name}"
        for field in model._meta.concrete_fields
        if field.get_internal_type() in _BULKY
    ]


@dataclass(frozen=True)
class Guide:
    """A published chapter or tool as a checklist item links to it: its title in the active
    language and its address."""

    title: str
    url: str


# This process's copies of `published_guides`, by version and language.
_guides = {}


def published_guides():
    """The chapters (of published parts) and tools a reader may open, as Guides in the active
    language: ({chapter pk: Guide}, {tool pk: Guide}).

    Kept in the cache under the toolkit's version (`current_version`) and the language, and by
    this process as long as it remembers the version, so that pages listing checklist items join
    no chapter or tool to them; a change to the toolkit makes a new copy.
    """
    key = f"content:guides:{current_version().digest}:{translation.get_language()}"
    remember = settings.TOOLKIT_PROCESS_CACHE_SECONDS > 0
    guides = _guides.get(key) if remember else None
    if guides is None:
        guides = cache.get(key)
        if guides is None:
            chapters = (
                Chapter.objects.filter(published=True, part__published=True)
                .select_related("part")
                .defer(*bulky_columns(Chapter), *bulky_columns(Part, "part"))
            )
            tools = Tool.objects.filter(published=True).defer(*bulky_columns(Tool))
            guides = tuple(
                {item.pk: Guide(item.title, item.get_absolute_url()) for item in items}
                for items in (chapters, tools)
            )
            cache.set(key, guides, LINKS_CACHE_SECONDS)
        if remember:
            if len(_guides) >= 2 * len(LANGUAGES):  # copies of an earlier version
                _guides.clear()
            _guides[key] = guides
    return guides


def visible_chapters(user):
    return Chapter.objects.visible_to(user).select_related("part").in_reading_order()


def visible_parts(user):
    return Part.objects.visible_to(user)


def parts_with_chapters(user):
    """Parts in order, each with its visible chapters prefetched as `chapters`."""
    chapters = Chapter.objects.visible_to(user).order_by("order", "pk")
    return Part.objects.visible_to(user).prefetch_related(Prefetch("chapters", queryset=chapters))


def visible_tools(user):
    return Tool.objects.visible_to(user)


def visible_resources(user):
    """Resources in order, each with the visible tools it relates to."""
    tools = Tool.objects.visible_to(user)
    return Resource.objects.visible_to(user).prefetch_related(Prefetch("tools", queryset=tools))


def chapter_for_page(user, *, part_slug, slug):
    """The chapter with its part and the visible tools it uses; None when there is none."""
    tools = Tool.objects.visible_to(user)
    return (
        Chapter.objects.select_related("part")
        .prefetch_related(Prefetch("tools", queryset=tools))
        .filter(part__slug=part_slug, slug=slug)
        .first()
    )


def tool_for_page(user, *, slug):
    """The tool with the visible chapters that use it and the resources about it."""
    return (
        Tool.objects.prefetch_related(
            Prefetch("chapters", queryset=visible_chapters(user)),
            Prefetch("resources", queryset=Resource.objects.visible_to(user)),
        )
        .filter(slug=slug)
        .first()
    )


@dataclass(frozen=True)
class ChapterLink:
    """A chapter named in navigation: address and title (with the title's language)."""

    url: str
    title: str
    language: str
    part_slug: str


def neighbours(user, chapter, *, language):
    """The chapters before and after `chapter` across the whole toolkit, in one query."""
    title_fields = ["title_en"] if language == "en" else [f"title_{language}", "title_en"]
    rows = list(
        Chapter.objects.visible_to(user)
        .in_reading_order()
        .values_list("pk", "slug", "part__slug", *title_fields)
    )
    positions = [row[0] for row in rows]
    if chapter.pk not in positions:
        return None, None
    index = positions.index(chapter.pk)

    def link(row):
        _pk, slug, part_slug, *titles = row
        with translation.override(language):
            url = reverse("content:chapter", kwargs={"part": part_slug, "slug": slug})
        own, english = titles[0], titles[-1]
        if own and own.strip():
            return ChapterLink(url, own, language, part_slug)
        return ChapterLink(url, english or slug, "en", part_slug)

    previous = link(rows[index - 1]) if index > 0 else None
    following = link(rows[index + 1]) if index + 1 < len(rows) else None
    return previous, following


def falls_back(items, field_names, language):
    """Whether any of the items shows one of these fields in English instead of `language`."""
    return any(
        localized_text(item, name, language)[1] != language
        for item in items
        for name in field_names
    )


@dataclass(frozen=True)
class TranslationState:
    item: object
    kind: str
    states: dict  # language: "translated" | "missing" | "stale"


TRANSLATED, MISSING, STALE = "translated", "missing", "stale"


def translation_states(item):
    """For each language: missing (English has text it lacks), stale (English changed since)."""
    english_fields = [
        name for name in item.text_fields if (getattr(item, f"{name}_en", None) or "").strip()
    ]
    stamps = item.translation_updated or {}
    english_stamp = stamps.get("en")
    states = {}
    for language in LANGUAGES:
        if language == "en":
            states[language] = TRANSLATED if english_fields else MISSING
            continue
        lacking = [
            name
            for name in english_fields
            if not (getattr(item, f"{name}_{language}", None) or "").strip()
        ]
        if lacking:
            states[language] = MISSING
        elif english_stamp and stamps.get(language) and stamps[language] < english_stamp:
            states[language] = STALE
        elif english_stamp and not stamps.get(language):
            # Translated text with no record of when: older than any recorded English change.
            states[language] = STALE
        else:
            states[language] = TRANSLATED
    return states


def translation_status(*, kind=None, missing=None, stale=None):
    """Every part, chapter, tool and resource with the state of each language, filtered."""
    sources = {
        "part": Part.objects.all(),
        "chapter": Chapter.objects.select_related("part").in_reading_order(),
        "tool": Tool.objects.all(),
        "resource": Resource.objects.all(),
        "page": Page.objects.all(),
    }
    rows = []
    for name, queryset in sources.items():
        if kind and kind != name:
            continue
        for item in queryset:
            states = translation_states(item)
            if missing and states.get(missing) != MISSING:
                continue
            if stale and states.get(stale) != STALE:
                continue
            rows.append(TranslationState(item=item, kind=name, states=states))
    return rows


def item_revisions(item):
    """The item's change history, newest first."""
    return ContentRevision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("user")


def offline_paths():
    """The address of every public toolkit page in the active language, in reading order.

    What a reader keeps to read the whole toolkit offline: print views and search are left
    out, since the pages they gather are kept one by one.
    """
    paths = [
        reverse(name)
        for name in ("content:home", "content:toolkit", "content:offline", "content:tool-list")
    ]
    paths += [page.get_absolute_url() for page in Page.objects.visible_to(None)]
    paths.append(reverse("content:resources"))
    for part in Part.objects.visible_to(None).prefetch_related(
        Prefetch("chapters", queryset=Chapter.objects.visible_to(None).order_by("order", "pk"))
    ):
        paths.append(part.get_absolute_url())
        paths += [
            reverse("content:chapter", kwargs={"part": part.slug, "slug": chapter.slug})
            for chapter in part.chapters.all()
        ]
    paths += [tool.get_absolute_url() for tool in Tool.objects.visible_to(None)]
    return paths


def page_for_view(user, slug):
    """The page about the toolkit with this slug, if the reader may see it."""
    return Page.objects.visible_to(user).filter(slug=slug).first()
