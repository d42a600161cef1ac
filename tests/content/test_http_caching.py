"""Readers on slow connections get 304s and cacheable pages; logged-in pages stay private."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from .factories import ChapterFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/toolkit/",
    "/en/toolkit/ready/",
    "/en/toolkit/ready/why/",
    "/en/toolkit/tools/",
    "/en/toolkit/references/",
    "/en/toolkit/search/?q=dialogue",
    "/en/toolkit/print/",
]


@pytest.fixture
def chapter():
    return ChapterFactory(part__slug="ready", slug="why", title_en="Why dialogue")


@pytest.mark.parametrize("url", PAGES)
def test_unchanged_page_answers_304_to_its_etag(client, chapter, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Cache-Control"] == "public, max-age=300"


def test_last_modified_answers_304_until_the_toolkit_changes(client, chapter):
    first = client.get("/en/toolkit/ready/why/")
    stamp = first["Last-Modified"]
    assert stamp == http_date(chapter.updated.timestamp())
    assert client.get("/en/toolkit/ready/why/", HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304

    chapter.title_en = "Why dialogue matters"
    chapter.save()
    changed = client.get("/en/toolkit/ready/why/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Why dialogue matters" in changed.content.decode()


def test_deleting_an_item_changes_the_etag(client, chapter):
    other = ChapterFactory(part=chapter.part, slug="other")
    etag = client.get("/en/toolkit/")["ETag"]
    other.delete()
    assert client.get("/en/toolkit/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_each_language_and_query_has_its_own_etag(client, chapter):
    etags = {
        client.get(url)["ETag"]
        for url in (
            "/en/toolkit/",
            "/fr/toolkit/",
            "/en/toolkit/search/?q=one",
            "/en/toolkit/search/?q=two",
        )
    }
    assert len(etags) == 4


def test_logged_in_pages_are_private_and_differ_from_public_ones(client, member_client, chapter):
    public = client.get("/en/toolkit/")
    private = member_client.get("/en/toolkit/")
    assert "private" in private["Cache-Control"] and "public" not in private["Cache-Control"]
    assert "no-cache" in private["Cache-Control"]
    assert private["ETag"] != public["ETag"]
    assert member_client.get("/en/toolkit/", HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 200


def test_staff_and_public_pages_have_different_etags(client, staff_client, chapter):
    public = client.get("/en/toolkit/")["ETag"]
    assert staff_client.get("/en/toolkit/", HTTP_IF_NONE_MATCH=public).status_code == 200


def test_not_found_is_not_cached_publicly(client, chapter):
    response = client.get("/en/toolkit/ready/nowhere/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_anonymous_pages_are_kept_rendered_until_the_content_changes(
    client, django_assert_num_queries
):
    from django.core.cache import cache

    cache.clear()
    chapter = ChapterFactory(title_en="Listening first")
    url = chapter.get_absolute_url()
    assert "Listening first" in client.get(url).content.decode()
    # Second reader: only the content version is read, the page comes ready-made.
    with django_assert_num_queries(1):
        assert "Listening first" in client.get(url).content.decode()
    chapter.title_en = "Listening before speaking"
    chapter.save()
    assert "Listening before speaking" in client.get(url).content.decode()


@pytest.fixture
def process_memory(settings):
    """Turn on what an app process remembers of the toolkit, starting empty."""
    from content import kept, selectors

    settings.TOOLKIT_PROCESS_CACHE_SECONDS = 60
    kept._pages.clear()
    selectors.forget_version()
    yield selectors
    kept._pages.clear()
    selectors.forget_version()


@pytest.mark.django_db
def test_a_process_serves_remembered_pages_without_the_database(
    client, process_memory, django_assert_num_queries, monkeypatch
):
    from django.core.cache import cache

    from content.models import Chapter

    cache.clear()
    chapter = ChapterFactory(title_en="Listening first")
    url = chapter.get_absolute_url()
    assert "Listening first" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert "Listening first" in client.get(url).content.decode()
    # Saved through this process: shown at once.
    chapter.title_en = "Listening before speaking"
    chapter.save()
    assert "Listening before speaking" in client.get(url).content.decode()
    # Saved through another process (no signal here): shown once the remembered version ages.
    Chapter.objects.filter(pk=chapter.pk).update(
        title_en="Listening, then speaking", updated=timezone.now() + timedelta(seconds=1)
    )
    assert "Listening before speaking" in client.get(url).content.decode()
    later = process_memory.time.monotonic() + 61
    monkeypatch.setattr(process_memory.time, "monotonic", lambda: later)
    assert "Listening, then speaking" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_process_keeps_a_bounded_number_of_pages_the_latest_read(
    client, process_memory, monkeypatch
):
    from content import kept

    monkeypatch.setattr(kept, "PROCESS_PAGES", 2)
    chapters = [ChapterFactory(title_en=f"Chapter {n}") for n in range(3)]
    for chapter in chapters:
        client.get(chapter.get_absolute_url())
    assert len(kept._pages) == 2
    # The shared cache still has the oldest, which this process reads and keeps again.
    assert "Chapter 0" in client.get(chapters[0].get_absolute_url()).content.decode()
    assert len(kept._pages) == 2
    assert any(b"Chapter 0" in b"".join(page.chunks) for page in kept._pages.values())


@pytest.mark.django_db
def test_search_pages_are_kept_per_query_for_every_reader(
    client, member_client, process_memory, django_assert_num_queries
):
    ChapterFactory(title_en="Mapping power", body_en="Who holds power over the decision?")
    url = reverse("content:search")
    first = client.get(url, {"q": "power"})
    assert "Mapping" in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get(url, {"q": "power"}).content == first.content
    # Another query, or a parameter the page does not name, is searched afresh.
    with CaptureQueriesContext(connection) as queries:
        assert "Mapping" not in client.get(url, {"q": "weather"}).content.decode()
    assert len(queries) >= 1
    assert client.get(url, {"q": "power", "page": "2"}).status_code == 200
    # A signed-in reader gets the same kept results: only their session is read.
    with django_assert_num_queries(1):
        signed_in = member_client.get(url, {"q": "power"}).content.decode()
    assert "Mapping" in signed_in and "Log out" in signed_in
