"""What a reader sees on each toolkit page, in each language and direction."""

import re

import pytest

from content.models import Tool

from .factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory
from .html_helpers import elements, main_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def toolkit():
    """Two parts of two chapters each, two tools; the first chapter uses both tools."""
    ready = PartFactory(slug="ready", order=1, title_en="Ready!", title_fr="À vos marques !")
    go = PartFactory(slug="go", order=2, title_en="Go!", title_fr="Partez !", title_ar="انطلق!")
    grid = ToolFactory(slug="power-interest-grid", order=1, title_en="Power–interest grid")
    cafe = ToolFactory(slug="world-cafe", order=2, title_en="World Café")
    why = ChapterFactory(
        part=ready,
        slug="why-dialogue",
        order=1,
        title_en="Why dialogue",
        body_en=(
            "## Who is missing\n\nUse the [grid](tool:power-interest-grid) and read "
            "[the convenor](chapter:the-convenor).\n\n### Sectors\n\nText.\n\n## Next steps\n\nGo."
        ),
        tools=[grid, cafe],
    )
    convenor = ChapterFactory(part=ready, slug="the-convenor", order=2, title_en="The convenor")
    opening = ChapterFactory(part=go, slug="opening", order=1, title_en="Opening")
    closing = ChapterFactory(part=go, slug="closing", order=2, title_en="Closing")
    return {
        "parts": (ready, go),
        "tools": (grid, cafe),
        "chapters": (why, convenor, opening, closing),
    }


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_presents_the_product_and_the_parts_in_order(client, toolkit):
    html = page(client, "/en/")
    text = text_of(main_of(html))
    assert "Bring every sector to the table" in text
    assert "A handbook, free to read" in text and "A workspace for your team" in text
    assert text.index("Ready!") < text.index("Go!")
    assert 'href="/en/toolkit/"' in html
    assert 'href="/en/accounts/signup/"' in main_of(html)


def test_home_sends_members_to_their_dialogues(member_client, toolkit):
    main = main_of(page(member_client, "/en/"))
    assert 'href="/en/dialogues/"' in main
    assert "/accounts/signup/" not in main


def test_toolkit_lists_parts_chapters_and_tools_in_order(client, toolkit):
    text = text_of(main_of(page(client, "/en/toolkit/")))
    order = ["Ready!", "Why dialogue", "The convenor", "Go!", "Opening", "Closing"]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert text.index("Power–interest grid") < text.index("World Café")


def test_part_page_shows_introduction_and_chapters(client, toolkit):
    html = page(client, "/en/toolkit/ready/")
    main = main_of(html)
    assert "<h1>Ready!</h1>" in main
    assert '<h2 id="before-you-start">Before you start</h2>' in main
    assert 'href="/en/toolkit/ready/why-dialogue/"' in main
    assert 'href="/en/toolkit/ready/the-convenor/"' in main
    assert "/en/toolkit/go/opening/" not in main


def test_chapter_page_has_breadcrumbs_contents_tools_and_links(client, toolkit):
    html = page(client, "/fr/toolkit/ready/why-dialogue/")
    main = main_of(html)
    crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', main, re.S).group(1)
    assert 'href="/fr/toolkit/"' in crumbs and 'href="/fr/toolkit/ready/"' in crumbs
    assert "À vos marques !" in crumbs
    assert 'aria-current="page"' in crumbs
    toc = re.search(r'<nav class="toc.*?</nav>', main, re.S).group(0)
    assert [a["href"] for tag, a in elements(toc) if tag == "a"] == [
        "#who-is-missing",
        "#sectors",
        "#next-steps",
    ]
    assert 'id="who-is-missing"' in main
    tools = re.search(r'<section class="chapter-tools.*?</section>', main, re.S).group(0)
    assert 'href="/fr/toolkit/tools/power-interest-grid/"' in tools
    assert 'href="/fr/toolkit/tools/world-cafe/"' in tools
    # Links written as tool: and chapter: point at the pages in the reader's language.
    assert (
        '<a href="/fr/toolkit/tools/power-interest-grid/" rel="noopener noreferrer">grid</a>'
        in main
    )
    assert 'href="/fr/toolkit/ready/the-convenor/" rel="noopener noreferrer"' in main


def test_previous_and_next_run_across_the_whole_toolkit(client, toolkit):
    main = main_of(page(client, "/en/toolkit/ready/the-convenor/"))
    pager = re.search(r'<nav class="pager.*?</nav>', main, re.S).group(0)
    assert re.search(r'rel="prev" href="/en/toolkit/ready/why-dialogue/"', pager)
    assert re.search(r'rel="next" href="/en/toolkit/go/opening/"', pager)
    assert "Why dialogue" in pager and "Opening" in pager

    first = main_of(page(client, "/en/toolkit/ready/why-dialogue/"))
    assert (
        'rel="prev"' not in first and 'rel="next" href="/en/toolkit/ready/the-convenor/"' in first
    )
    last = main_of(page(client, "/en/toolkit/go/closing/"))
    assert 'rel="next"' not in last and 'rel="prev" href="/en/toolkit/go/opening/"' in last


def test_arabic_chapter_is_right_to_left_with_mirrored_arrows(client, toolkit):
    html = page(client, "/ar/toolkit/go/opening/")
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert '<span class="dir-icon" aria-hidden="true">←</span>' in html
    assert '<span class="dir-icon" aria-hidden="true">→</span>' in html


def test_tool_page_shows_each_section_and_the_chapters_using_it(client, toolkit):
    main = main_of(page(client, "/en/toolkit/tools/power-interest-grid/"))
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)</h2>", main)
    assert headings[:5] == [
        "What it is for",
        "When to use it",
        "Steps",
        "Time and materials",
        "Tips",
    ]
    assert "<li>Gather the group.</li>" in main
    assert 'href="/en/toolkit/ready/why-dialogue/"' in main
    assert "/en/toolkit/go/opening/" not in main


def test_a_tool_with_no_text_yet_says_so(client, toolkit):
    empty = {f"{name}_en": "" for name in Tool.text_fields[2:]}
    tool = ToolFactory(slug="rich-picture", title_en="Rich picture", **empty)
    main = main_of(page(client, tool.get_absolute_url()))
    assert "This tool has no description yet." in main
    assert "<section" not in main


def test_references_show_the_link_only_when_there_is_one(client, toolkit):
    ResourceFactory(
        key="with-link",
        title="Guide with a link",
        url="https://example.org/guide",
        year=2018,
        publisher="Field Press",
    )
    ResourceFactory(key="no-link", title="Guide without a link", url="", authors="B. Writer")
    main = main_of(page(client, "/en/toolkit/references/"))
    assert (
        '<a href="https://example.org/guide" rel="noopener noreferrer">Guide with a link</a>'
        in main
    )
    assert re.search(r'id="resource-no-link-title" dir="auto">Guide without a link', main)
    assert "Field Press" in main and "2018" in main and "B. Writer" in main
    assert "<p>A practical guide.</p>" in main


@pytest.mark.parametrize(
    ("code", "notice"),
    [
        ("fr", "Ce chapitre n'est pas encore disponible en français. Il est affiché en anglais."),
        ("ar", "هذا الفصل غير متاح بعدُ باللغة العربية، لذا يُعرض باللغة الإنجليزية."),
    ],
)
def test_missing_translation_shows_english_marked_as_english(client, toolkit, code, notice):
    html = page(client, f"/{code}/toolkit/go/opening/")
    main = main_of(html)
    assert notice in text_of(main).replace("&#x27;", "'").replace("&#39;", "'")
    assert '<div class="prose" lang="en" dir="ltr"><h2 id="first-step">First step</h2>' in main
    # The English title is marked too, so screen readers switch voice.
    assert '<h1 id="chapter-title"><span lang="en" dir="ltr">Opening</span></h1>' in main


def test_translated_chapter_has_no_notice(client, toolkit):
    chapter = toolkit["chapters"][2]
    chapter.title_fr, chapter.body_fr = "Ouverture", "## Premier pas\n\nDu texte."
    chapter.save()
    main = main_of(page(client, "/fr/toolkit/go/opening/"))
    assert "fallback-notice" not in main
    assert '<div class="prose"><h2 id="premier-pas">Premier pas</h2>' in main
    assert '<h1 id="chapter-title">Ouverture</h1>' in main


def test_part_introduction_falls_back_with_a_notice(client, toolkit):
    main = main_of(page(client, "/ar/toolkit/go/"))
    assert "<h1>انطلق!</h1>" in main
    assert "مقدمة هذا الجزء غير متاحة بعدُ باللغة العربية" in main
    assert '<div class="prose" lang="en" dir="ltr">' in main


def test_tool_with_some_sections_translated_names_the_rest(client, toolkit):
    tool = toolkit["tools"][0]
    tool.title_es, tool.purpose_es = "Matriz poder-interés", "Para qué sirve."
    tool.save()
    main = main_of(page(client, "/es/toolkit/tools/power-interest-grid/"))
    assert "Algunas secciones de esta herramienta aún no están disponibles en español." in main
    assert '<div class="prose"><p>Para qué sirve.</p></div>' in main
    assert '<div class="prose" lang="en" dir="ltr"><ol>' in main


def test_print_view_has_everything_and_no_site_chrome(client, toolkit):
    html = page(client, "/en/toolkit/print/")
    assert 'class="site-header' not in html and 'class="site-footer' not in html
    assert (
        '<button type="button" class="btn btn-primary" data-print>Print or save as PDF</button>'
        in html
    )
    text = text_of(main_of(html))
    order = ["Ready!", "Why dialogue", "The convenor", "Go!", "Opening", "Closing", "Tools"]
    positions = [
        text.index(title, text.index("Closing") if title == "Tools" else 0) for title in order
    ]
    assert positions == sorted(positions)
    assert "Power–interest grid" in text and "Gather the group." in text
    ids = [attrs["id"] for _tag, attrs in elements(html) if "id" in attrs]
    assert len(ids) == len(set(ids)), "every id on the printed page is unique"


def test_part_print_view_holds_only_that_part(client, toolkit):
    html = page(client, "/en/toolkit/go/print/")
    text = text_of(main_of(html))
    assert "Opening" in text and "Closing" in text
    assert "Why dialogue" not in text
    assert "data-print" in html and 'class="site-header' not in html


def test_unknown_pages_are_404(client, toolkit):
    for url in (
        "/en/toolkit/nowhere/",
        "/en/toolkit/ready/nowhere/",
        "/en/toolkit/go/why-dialogue/",
        "/en/toolkit/tools/nowhere/",
        "/en/toolkit/nowhere/print/",
    ):
        assert client.get(url).status_code == 404, url


def test_pages_answer_only_reads(client, toolkit):
    assert client.post("/en/toolkit/").status_code == 405
