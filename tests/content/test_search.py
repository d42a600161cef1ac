"""Search: the reader's language, best matches first, hits marked, everything else escaped."""

import re

import pytest

from .factories import ChapterFactory, PartFactory, ToolFactory
from .html_helpers import elements, main_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    part = PartFactory(slug="go", title_en="Go!", body_en="Running the meetings.")
    ChapterFactory(
        part=part,
        slug="ground",
        title_en="Agreeing ground rules",
        title_fr="Convenir des règles de base",
        body_en="Write the rules with the group. Rules protect quieter voices.",
        body_fr="Rédigez les règles avec le groupe. Les règles protègent les voix discrètes.",
        title_ar="الاتفاق على القواعد الأساسية",
        body_ar="اكتبوا القواعد الأساسية مع المجموعة لحماية الأصوات الهادئة.",
    )
    ChapterFactory(
        part=part,
        slug="closing",
        title_en="Closing the meeting",
        body_en="Thank people. Go back to the ground rules you agreed if tension rises.",
    )
    ChapterFactory(
        part=part,
        slug="secret",
        title_en="Unpublished ground rules draft",
        body_en="ground rules",
        published=False,
    )
    ToolFactory(
        slug="fishbowl",
        title_en="Fishbowl",
        summary_en="Two circles of chairs.",
        purpose_en="An inner circle talks while an outer circle listens to the <b>debate</b>.",
    )


def search(client, query, language="en"):
    response = client.get(f"/{language}/toolkit/search/", {"q": query})
    assert response.status_code == 200
    main = main_of(response.content.decode())
    results = re.findall(r'<li class="search-result.*?</li>', main, re.S)
    return main, results


def titles(results):
    return [
        re.sub(r"<[^>]+>", "", re.search(r"<h3.*?</h3>", r, re.S).group(0)).strip() for r in results
    ]


def test_title_matches_rank_before_text_matches(client, library):
    _main, results = search(client, "ground rules")
    assert titles(results) == ["Agreeing ground rules", "Closing the meeting"]


def test_hits_are_marked_in_title_and_snippet(client, library):
    _main, results = search(client, "rules")
    first = results[0]
    assert "<mark>" in re.search(r"<h3.*?</h3>", first, re.S).group(0)
    snippet = re.search(r'<p class="mb-0">(.*?)</p>', first, re.S).group(1)
    assert re.search(r"<mark>[Rr]ules?</mark>", snippet)
    assert 'href="/en/toolkit/go/ground/"' in first


def test_drafts_are_not_found_by_the_public(client, staff_client, library):
    _main, results = search(client, "unpublished")
    assert results == []
    _main, results = search(staff_client, "unpublished")
    assert titles(results) == ["Unpublished ground rules draft"]


def test_search_uses_the_reader_language(client, library):
    _main, results = search(client, "discrètes", language="fr")
    assert titles(results) == ["Convenir des règles de base"]
    _main, results = search(client, "discrètes", language="en")
    assert results == []


def test_arabic_search_finds_arabic_text(client, library):
    main, results = search(client, "القواعد", language="ar")
    assert titles(results) == ["الاتفاق على القواعد الأساسية"]
    assert "<mark>" in results[0]


def test_text_missing_in_the_language_is_searched_in_english(client, library):
    _main, results = search(client, "Fishbowl", language="fr")
    assert titles(results) == ["Fishbowl"]
    assert 'lang="en" dir="ltr"' in results[0]


def test_markup_in_text_and_query_is_shown_escaped(client, library):
    main, results = search(client, "debate")
    assert titles(results) == ["Fishbowl"]
    assert "<b>" not in results[0]
    main, _results = search(client, '<script>alert("x")</script>')
    assert "<script>alert" not in main
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in main
    assert not [attrs for tag, attrs in elements(main) if tag == "script"]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_shows_only_the_form(client, library, query):
    main, results = search(client, query)
    assert results == []
    assert "Results for" not in main and "Nothing found" not in main
    assert 'id="search-q"' in main


def test_control_characters_are_ignored(client, library):
    _main, results = search(client, "ground\x00 rules\x07")
    assert titles(results)[0] == "Agreeing ground rules"


def test_too_long_query_is_refused_politely(client, library):
    main, results = search(client, "rules " * 100)
    assert results == []
    assert "Your search is too long" in main


def test_nothing_found_says_so(client, library):
    main, results = search(client, "zebra")
    assert results == []
    assert "Nothing found" in main


# The fallback used when the database is not PostgreSQL.


def test_fallback_needs_every_term(client, library, on_sqlite):
    _main, results = search(client, "ground tension")
    assert titles(results) == ["Closing the meeting"]


def test_fallback_ignores_case_beyond_ascii(client, library, on_sqlite):
    _main, results = search(client, "RÈGLES", language="fr")
    assert titles(results) == ["Convenir des règles de base"]
    assert "<mark>règles</mark>" in results[0]


def test_the_snippet_is_cut_around_the_first_hit(client):
    ChapterFactory(
        slug="long",
        title_en="Long chapter",
        body_en=("Filler words here. " * 40) + "The needle is here. " + ("More text. " * 40),
    )
    _main, results = search(client, "needle")
    snippet = re.search(r'<p class="mb-0">(.*?)</p>', results[0], re.S).group(1)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "The <mark>needle</mark> is here." in snippet
    assert len(re.sub(r"<[^>]+>", "", snippet)) < 300


def test_a_snippet_shows_the_text_as_edited_not_as_first_made_plain(client, library):
    from content.models import Tool
    from content.services import item_changes_record, item_snapshot

    _main, results = search(client, "circle")
    assert "listens to the &lt;b&gt;debate&lt;/b&gt;" in results[0]
    tool = Tool.objects.get(slug="fishbowl")
    before = item_snapshot(tool)
    tool.purpose_en = "An inner **circle** talks; the outer circle takes notes."
    tool.save()
    item_changes_record(item=tool, before=before)
    _main, results = search(client, "circle")
    assert "the outer <mark>circle</mark> takes notes." in results[0]
    assert "debate" not in results[0] and "**" not in results[0]


# PostgreSQL full-text search.


def test_postgres_matches_word_forms(client, library, on_postgres):
    _main, results = search(client, "agree")
    assert "Agreeing ground rules" in titles(results)
    _main, results = search(client, "règle", language="fr")
    assert titles(results) == ["Convenir des règles de base"]


def test_postgres_ranks_titles_first(client, library, on_postgres):
    _main, results = search(client, "meeting")
    assert titles(results)[0] == "Closing the meeting"


def test_postgres_understands_web_search_syntax(client, library, on_postgres):
    _main, results = search(client, "rules -tension")
    assert titles(results) == ["Agreeing ground rules"]


def test_postgres_reads_the_stored_vectors_through_their_gin_index(client, library, on_postgres):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'content_chapter'"
        )
        indexes = dict(cursor.fetchall())
    for language in ("en", "fr", "es", "ar"):
        assert "USING gin (search_" + language in indexes[f"content_chapter_search_{language}"]
    with CaptureQueriesContext(connection) as context:
        search(client, "règle", language="fr")
    searches = [q["sql"] for q in context.captured_queries if "@@" in q["sql"]]
    assert len(searches) == 3  # parts, chapters, tools
    assert all('"search_fr" @@' in sql and "to_tsvector" not in sql for sql in searches)


def test_postgres_finds_a_text_fixed_through_a_service_not_a_stale_one(library, on_postgres):
    from content.models import Chapter
    from content.search import search_toolkit
    from content.services import item_changes_record, item_snapshot

    chapter = Chapter.objects.get(slug="closing")
    before = item_snapshot(chapter)
    chapter.body_es = "Agradezca a los participantes su paciencia."
    chapter.save()
    item_changes_record(item=chapter, before=before)

    def found(query, language):
        outcome = search_toolkit(query, user=None, language=language)
        return [result.url for result in outcome.results]

    assert found("paciencia", "es") == [chapter.get_absolute_url()]
    # Spanish has its own text now; English words no longer reach it in Spanish.
    assert found("tension", "es") == []
    assert found("tension", "en") == [chapter.get_absolute_url()]


def test_postgres_marks_the_word_forms_it_matched(client, library, on_postgres):
    _main, results = search(client, "agree")
    assert "<mark>Agreeing</mark> ground rules" in results[0]
    _main, results = search(client, "règle", language="fr")
    assert "<mark>règles</mark>" in results[0] and "<mark>Les</mark>" not in results[0]
    _main, results = search(client, "rules -tension")
    assert "<mark>rules</mark>" in results[0] and "<mark>tension" not in results[0]


def test_a_title_hit_shows_the_summary_as_plain_text(client, library):
    ToolFactory(
        slug="carousel",
        title_en="Carousel",
        summary_en="**Small groups** rotate between [flip charts](tool:fishbowl).",
        purpose_en="Every participant adds ideas to each station in turn.",
    )
    _main, results = search(client, "carousel")
    assert titles(results) == ["Carousel"]
    assert "Small groups rotate between flip charts." in results[0]
    assert "**" not in results[0] and "tool:" not in results[0]


def test_postgres_shows_the_best_matches_across_parts_chapters_and_tools(
    client, library, on_postgres
):
    from content.search import MAX_RESULTS

    part = PartFactory(slug="many", title_en="Many")
    for number in range(MAX_RESULTS):
        ChapterFactory(
            part=part, slug=f"note-{number}", title_en=f"Note {number}", body_en="A lantern."
        )
    ToolFactory(slug="lantern", title_en="The lantern walk", purpose_en="Walk with a lantern.")
    _main, results = search(client, "lantern")
    assert len(results) == MAX_RESULTS
    # The tool has the word in its title, so it comes first although tools are searched last.
    assert titles(results)[0] == "The lantern walk"
