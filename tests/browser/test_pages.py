"""Every page type in every language: no axe-core violation, and nothing scrolls sideways on a
360×740 phone."""

import pytest
from django.urls import get_resolver

from .conftest import DESKTOP, LANGUAGES, MOBILE
from .helpers import assert_accessible, horizontal_overflow
from .pages import NOT_PAGES, PAGES, url_exists

# Who looks at each page: the anonymous visitor, or a person of the demo. One test per
# language and visitor, so that parallel workers share the matrix out evenly.
VISITORS = sorted({page.who or "anonymous" for page in PAGES})


@pytest.mark.parametrize("who", VISITORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_accessible_and_fits_a_phone(new_page, demo, language, who):
    problems = []
    page = new_page(user=None if who == "anonymous" else getattr(demo, who), language=language)
    page.guard.expected_statuses.update({403, 404})
    for page_type in [page_type for page_type in PAGES if (page_type.who or "anonymous") == who]:
        path = page_type.path(demo, language)
        response = page.goto(path)
        if response.status != page_type.status:
            problems.append(f"{page_type.key}: {path} answered {response.status}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(f"{page_type.key}: {error}")
        page.set_viewport_size(MOBILE)
        result = horizontal_overflow(page)
        if result["overflow"] > 0:
            problems.append(
                f"{page_type.key}: {path} scrolls {result['overflow']}px sideways at "
                f"{MOBILE['width']}px: {result['culprits']}"
            )
        page.set_viewport_size(DESKTOP)
    assert not problems, "\n".join(problems)


def test_every_page_type_is_listed():
    """The catalogue names every page of the toolkit and the workspace, and they all exist."""
    missing = sorted(page.key for page in PAGES if not url_exists(page.url_name))
    assert missing == [], f"Page types without a URL: {missing}"
    listed = {page.url_name for page in PAGES}
    names = set()
    for namespace in ("content", "dialogues"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{pattern.name}" for pattern in resolver.url_patterns}
    not_pages = {name if ":" in name else f"dialogues:{name}" for name in NOT_PAGES}
    assert names - listed - not_pages == set(), "Add these pages to tests/browser/pages.py"
    assert not_pages <= names


def test_the_checks_catch_what_they_look_for(new_page):
    """axe-core and the overflow check do fail on a page with the faults they look for."""
    page = new_page(mobile=True)
    page.set_content(
        '<html lang="en"><head><title>Faulty</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<div class="wide">Too wide</div></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
    assert horizontal_overflow(page)["overflow"] == 0
    page.evaluate("() => { document.querySelector('.wide').style.width = '900px'; }")
    assert horizontal_overflow(page)["overflow"] > 0
