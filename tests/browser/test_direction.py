"""Arabic reads right to left: the layout mirrors, dates follow the locale, and names typed by
users in another script are isolated so they do not scramble the sentence around them."""

import pytest
from django.utils import formats, translation

from .pages import PAGES

BOX = "(el) => { const b = el.getBoundingClientRect(); return [b.left, b.right]; }"


def left_of(page, selector):
    return page.eval_on_selector(selector, BOX)[0]


def path_of(key, demo, language):
    return next(page for page in PAGES if page.key == key).path(demo, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_layout_mirrors_in_arabic(new_page, demo, language):
    rtl = language == "ar"
    page = new_page(user=demo.owner, language=language)
    page.goto(path_of("overview", demo, language))
    assert page.get_attribute("html", "dir") == ("rtl" if rtl else "ltr")
    assert page.get_attribute("html", "lang") == language
    stylesheet = page.get_attribute("link[href*='bootstrap']", "href")
    assert ("bootstrap.rtl" in stylesheet) == rtl

    def starts_first(first, second):
        """Whether ``first`` comes before ``second`` in the reading direction."""
        a, b = left_of(page, first), left_of(page, second)
        return a > b if rtl else a < b

    # Navigation: the site's name at the reading start, the menus after it.
    assert starts_first(".site-brand", "header nav")
    # Breadcrumbs and workspace tabs run in the reading direction.
    assert starts_first(".breadcrumb-item:nth-child(1)", ".breadcrumb-item:nth-child(2)")
    assert starts_first(".workspace-nav li:nth-child(1)", ".workspace-nav li:nth-child(2)")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_arrows_point_the_reading_way(new_page, demo, language):
    page = new_page(language=language)
    page.goto(path_of("chapter", demo, language))
    arrows = page.locator(".pager .dir-icon")
    assert arrows.count() >= 1
    transform = arrows.first.evaluate("(el) => getComputedStyle(el).transform")
    if language == "ar":
        assert transform.startswith("matrix(-1"), transform
    else:
        assert transform == "none"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_grid_mirrors_in_arabic(new_page, demo, language):
    """Interest grows towards the reading end; the influence scale sits at the reading start."""
    rtl = language == "ar"
    page = new_page(user=demo.owner, language=language)
    page.goto(path_of("grid", demo, language))
    ticks = page.locator("svg.stakeholder-grid-svg g[aria-hidden=true] text")
    interest = [ticks.nth(i).evaluate(BOX)[0] for i in range(5)]
    influence = ticks.nth(5).evaluate(BOX)[0]
    frame = page.locator("svg.stakeholder-grid-svg").evaluate(BOX)
    middle = (frame[0] + frame[1]) / 2
    assert interest == sorted(interest, reverse=rtl), interest
    assert (influence > middle) == rtl
    # The quadrant with high interest and high influence ("manage closely") follows suit.
    labels = page.locator("svg.stakeholder-grid-svg > text[font-weight='700']")
    with translation.override(language):
        from dialogues.models import Quadrant

        manage = str(Quadrant.MANAGE_CLOSELY.label)
    manage_box = labels.filter(has_text=manage).first.evaluate(BOX)
    assert (manage_box[0] < middle) == rtl


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_dates_follow_the_locale(new_page, demo, language):
    page = new_page(user=demo.owner, language=language)
    page.goto(path_of("overview", demo, language))
    with translation.override(language):
        expected = formats.date_format(demo.dialogue.start_date, "DATE_FORMAT")
    assert expected in page.inner_text("main")
    if language == "ar":
        assert "مارس" in expected  # March, in Arabic
    # A meeting's start, in its own time zone (Dakar is on UTC), date and time together.
    page.goto(path_of("meeting", demo, language))
    with translation.override(language):
        expected = formats.date_format(
            demo.meeting.starts_at.replace(tzinfo=None), "DATETIME_FORMAT"
        )
    assert page.inner_text(".meeting-facts time") == expected
    if language == "ar":
        assert expected.startswith("14 ") and "," not in expected, expected
    machine = page.get_attribute(".meeting-facts time", "datetime")
    assert machine.startswith("2026-04-14T09:30:00")


ISOLATION = """(needle) => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.nodeValue.includes(needle)) continue;
        const parent = node.parentElement;
        if (parent.closest('svg title, option, script, style')) continue;
        // Isolated by markup (<bdi>, dir) or by style (unicode-bidi), as the plan's cells are.
        let isolated = false;
        for (let el = parent; el && el !== document.documentElement; el = el.parentElement) {
            const bidi = getComputedStyle(el).unicodeBidi;
            if (el.matches('bdi, [dir]') || bidi === 'isolate' || bidi === 'plaintext') {
                isolated = true;
                break;
            }
        }
        found.push({
            isolated,
            where: parent.outerHTML.slice(0, 160),
        });
    }
    return found;
}"""


ISOLATED_PAGES = [
    "dialogues-home",
    "organisation",
    "overview",
    "members",
    "stakeholders",
    "stakeholder",
    "grid",
    "meetings",
    "meeting",
    "commitments",
    "commitment",
    "plan",
]


def test_names_in_latin_script_are_isolated_in_arabic(new_page, demo):
    page = new_page(user=demo.owner, language="ar")
    typed = [
        demo.organisation.name,
        demo.dialogue.title,
        demo.facilitator.email,
        demo.meeting.title,
        *(stakeholder.name for stakeholder in demo.stakeholders),
        *(commitment.description for commitment in demo.commitments),
    ]
    problems = []
    for key in ISOLATED_PAGES:
        page.goto(path_of(key, demo, "ar"))
        for text in typed:
            for occurrence in page.evaluate(ISOLATION, text):
                if not occurrence["isolated"]:
                    problems.append(f"{key}: {text!r} is not isolated in {occurrence['where']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", ["meeting", "commitment"])
def test_each_description_sits_beside_its_term_in_arabic(new_page, demo, key):
    """A value in Latin letters takes its own direction inside an Arabic page; it stays on the
    line of its term instead of being pushed below it by the browser's indent."""
    page = new_page(user=demo.owner, language="ar")
    page.goto(path_of(key, demo, "ar"))
    rows = page.eval_on_selector_all(
        "dl.row > dd",
        """(descriptions) => descriptions.map((dd) => {
            const term = dd.previousElementSibling;
            const top = (el) => Math.round(el.getBoundingClientRect().top);
            return [dd.textContent.trim().slice(0, 30), top(term), top(dd)];
        })""",
    )
    assert len(rows) >= 3
    for text, term_top, description_top in rows:
        assert abs(term_top - description_top) <= 2, text
