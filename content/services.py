"""Writing the toolkit: change history and per-language change times."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from .models import Chapter, ContentRevision, Page, Part, Resource, Tool
from .search import search_documents

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES

# Language-neutral fields whose changes the history records, besides the translated text.
NEUTRAL_FIELDS = {
    Part: ("slug", "order", "published"),
    Chapter: ("slug", "part", "order", "published", "tools"),
    Tool: ("slug", "order", "published"),
    Page: ("slug", "order", "published"),
    Resource: (
        "key",
        "title",
        "authors",
        "publisher",
        "year",
        "url",
        "order",
        "published",
        "tools",
    ),
}
_EMPTY = (None, "", [])


def neutral_values(item, names):
    """The item's language-neutral fields ``names`` as JSON-ready values, relations by slug."""
    values = {}
    for name in names:
        if name == "tools":
            values[name] = sorted(item.tools.values_list("slug", flat=True)) if item.pk else []
        elif name == "part":
            values[name] = item.part.slug if item.part_id else None
        else:
            values[name] = getattr(item, name)
    return values


def item_snapshot(item):
    """The item's recorded fields as JSON-ready values: text per language, relations by slug."""
    values = {}
    for name in item.text_fields:
        for language in LANGUAGES:
            values[f"{name}_{language}"] = getattr(item, f"{name}_{language}", None) or ""
    values.update(neutral_values(item, NEUTRAL_FIELDS[type(item)]))
    return values


def _changed_languages(item, field_names):
    languages = set()
    for name in field_names:
        base, _sep, language = name.rpartition("_")
        if base in item.text_fields and language in LANGUAGES:
            languages.add(language)
    return languages


def item_search_update(*, item):
    """Store the item's search text vectors (PostgreSQL only; other databases search the text).

    One UPDATE computed by the database from the saved text, so it always matches what the
    search reads; items the search does not cover are left alone.
    """
    documents = search_documents(type(item))
    if connection.vendor != "postgresql" or not documents or item.pk is None:
        return
    type(item).objects.filter(pk=item.pk).update(**documents)


@transaction.atomic
def item_changes_record(*, item, before, user=None, source=ContentRevision.Source.ADMIN):
    """Compare the saved item with `before`, stamp the changed languages, refresh the search
    vectors when text changed, store a revision.

    Returns the new revision, or None when nothing recorded changed.
    """
    after = item_snapshot(item)
    changes = {}
    for name, new in after.items():
        old = before.get(name)
        if old == new or (old in _EMPTY and new in _EMPTY):
            continue
        changes[name] = {"old": old, "new": new}
    if not changes:
        return None
    now = timezone.now()
    languages = _changed_languages(item, changes)
    if languages:
        stamps = dict(item.translation_updated or {})
        stamps.update(dict.fromkeys(languages, now.isoformat()))
        # update(), not save(): the stamp is bookkeeping, not an edit of its own.
        type(item).objects.filter(pk=item.pk).update(translation_updated=stamps)
        item.translation_updated = stamps
        # Any language's text may change every vector: a missing translation falls back to English.
        item_search_update(item=item)
    return ContentRevision.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        created=now,
        changes=changes,
    )
