"""Markdown becomes safe HTML: no active content, toolkit links, headings for the contents."""

import pytest
from django.utils import translation

from content import rendering
from content.rendering import Links, markdown_to_html, render_field

from .factories import ChapterFactory, PartFactory, ToolFactory
from .html_helpers import elements, prose_of

XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click]( javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle r=10 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div onclick="alert(1)">x</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<scr<script>ipt>alert(1)</script>",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "## Heading <img src=x onerror=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="tool:x" onmouseover="alert(1)">x</a>',
    '<a href="https://example.org" target="_blank" rel="opener">x</a>',
]
FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "svg",
    "math",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "meta",
    "base",
    "img",
    "link",
    "template",
    "details",
}
SAFE_URL_PREFIXES = ("http://", "https://", "mailto:", "/", "#")


def assert_inert(html):
    for tag, attributes in elements(html):
        assert tag not in FORBIDDEN_TAGS, (tag, attributes)
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "src", "action", "formaction", "target"}, (tag, name)
            if name == "href":
                assert value.startswith(SAFE_URL_PREFIXES), value
            if tag == "a":
                assert attributes.get("rel") == "noopener noreferrer"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_never_renders_active_content(payload):
    html, _toc = markdown_to_html(f"Intro\n\n{payload}\n\nOutro", links=Links(), language="en")
    assert_inert(html)
    # The text around the payload survives (an unclosed tag may swallow what follows).
    assert "<p>Intro</p>" in html


@pytest.mark.django_db
def test_chapter_page_shows_xss_payloads_as_inert_text(client):
    body = "\n\n".join(XSS_PAYLOADS)
    chapter = ChapterFactory(body_en=body)
    response = client.get(chapter.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(prose_of(html))
    # The only script of the page is the site's own, outside <main>.
    scripts = [attrs for tag, attrs in elements(response.content.decode()) if tag == "script"]
    assert scripts == [
        {"src": "/static/js/site.js", "data-service-worker": "/sw.js", "defer": None}
    ]


def test_escaped_markup_stays_visible_text():
    html, _toc = markdown_to_html(
        "Write `<script>` as text: &lt;b&gt;", links=Links(), language="en"
    )
    assert "<code>&lt;script&gt;</code>" in html
    assert "&lt;b&gt;" in html


def test_links_between_pages_follow_the_reader_language():
    links = Links(chapters={"the-convenor": "ready"}, tools=frozenset({"world-cafe"}))
    text = (
        "Try the [World Café](tool:world-cafe), read "
        "[the convenor](chapter:the-convenor#legitimacy) or [a missing tool](tool:no-such-tool)."
    )
    with translation.override("fr"):
        html, _toc = markdown_to_html(text, links=links, language="fr")
    assert (
        '<a href="/fr/toolkit/tools/world-cafe/" rel="noopener noreferrer">World Café</a>' in html
    )
    assert 'href="/fr/toolkit/ready/the-convenor/#legitimacy"' in html
    # A link to a page that does not exist reads as text, not as a broken link.
    assert "<span>a missing tool</span>" in html
    assert "no-such-tool" not in html


def test_links_to_external_sites_get_rel_noopener():
    html, _toc = markdown_to_html(
        "[guide](https://example.org/guide)", links=Links(), language="en"
    )
    assert '<a href="https://example.org/guide" rel="noopener noreferrer">guide</a>' in html


def test_table_of_contents_has_unique_ids_for_french_and_arabic_headings():
    text = (
        "# Not a second title\n\n"
        "## Étape 1 : préparer\n\n### Détails\n\n## Étape 1 : préparer\n\n"
        "## الخطوة الأولى\n\n### التفاصيل\n\n## Main\n"
    )
    html, toc = markdown_to_html(text, links=Links(), language="fr")
    heading_ids = [attrs["id"] for tag, attrs in elements(html) if tag in {"h2", "h3"}]
    assert len(heading_ids) == len(set(heading_ids)) == 7
    assert "<h1" not in html
    assert [entry["text"] for entry in toc] == [
        "Not a second title",
        "Étape 1 : préparer",
        "Étape 1 : préparer",
        "الخطوة الأولى",
        "Main",
    ]
    assert toc[1]["id"] == "étape-1-préparer"
    assert toc[1]["children"][0]["text"] == "Détails"
    assert toc[3]["id"] == "الخطوة-الأولى"
    # The page uses id="main" itself; a heading never takes it.
    assert toc[4]["id"] != "main"
    toc_ids = [toc[0]["id"], toc[1]["id"], toc[1]["children"][0]["id"], toc[2]["id"]]
    assert all(toc_id in heading_ids for toc_id in toc_ids)


def test_table_of_contents_escapes_heading_text():
    html, toc = markdown_to_html("## Fish &lt;b&gt; & chips\n", links=Links(), language="en")
    assert toc[0]["text"] == "Fish <b> & chips"  # plain text; the template escapes it


def test_baselevel_pushes_headings_down_for_print():
    html, _toc = markdown_to_html(
        "## Section\n\n### Detail", links=Links(), language="en", baselevel=3
    )
    assert "<h4" in html and "<h5" in html and "<h2" not in html


@pytest.mark.django_db
def test_rendered_html_is_cached_until_the_text_changes(monkeypatch):
    tool = ToolFactory(purpose_en="First **version**.")
    calls = []
    real = rendering.markdown_to_html

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(rendering, "markdown_to_html", counting)
    first = render_field(tool, "purpose", language="en", links=Links())
    again = render_field(tool, "purpose", language="en", links=Links())
    assert first.html == again.html == "<p>First <strong>version</strong>.</p>"
    assert len(calls) == 1

    tool.purpose_en = "Second version."
    tool.save()
    changed = render_field(tool, "purpose", language="en", links=Links())
    assert changed.html == "<p>Second version.</p>"
    assert len(calls) == 2
    # Another language is a separate cache entry.
    render_field(tool, "purpose", language="fr", links=Links())
    assert len(calls) == 3


@pytest.mark.django_db
def test_render_field_falls_back_to_english():
    part = PartFactory(body_en="English intro.", body_fr="", body_ar="مقدمة.")
    french = render_field(part, "body", language="fr", links=Links())
    arabic = render_field(part, "body", language="ar", links=Links())
    assert (french.language, french.is_fallback) == ("en", True)
    assert "English intro." in french.html
    assert (arabic.language, arabic.is_fallback) == ("ar", False)


def test_snippet_text_loses_markdown_syntax():
    text = (
        "## Heading\n\n> **Checklist**\n>\n> - Use the [grid](tool:power-interest-grid)\n\n"
        "| Stage | Tool |\n|---|---|\n| Ready | grid |\n\n"
        "power-interest-grid) and a cut tool:world-cafe) link"
    )
    assert rendering.strip_markdown(text) == (
        "Heading Checklist Use the grid Stage Tool Ready grid power-interest-grid) and a cut link"
    )
