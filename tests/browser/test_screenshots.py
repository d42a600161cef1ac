"""`make screenshots`: full-page screenshots of the main pages, for people to look at.

Writes var/screenshots/<language>/<page>-<desktop|mobile>.png in all four languages. Skipped
unless pytest runs with --screenshots: it checks nothing the other tests do not.
"""

import pytest
from django.conf import settings

from .conftest import DESKTOP, LANGUAGES, MOBILE
from .pages import PAGES

WIDTHS = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots(new_page, demo, language):
    folder = settings.BASE_DIR / "var" / "screenshots" / language
    folder.mkdir(parents=True, exist_ok=True)
    pages = [page for page in PAGES if page.main]
    for who in sorted({page.who or "" for page in pages}):
        browser_page = new_page(
            user=getattr(demo, who) if who else None, language=language, axe=False
        )
        for page_type in (page for page in pages if (page.who or "") == who):
            browser_page.goto(page_type.path(demo, language))
            for label, size in WIDTHS.items():
                browser_page.set_viewport_size(size)
                browser_page.screenshot(
                    path=str(folder / f"{page_type.key}-{label}.png"), full_page=True
                )
            browser_page.set_viewport_size(DESKTOP)
    assert len(list(folder.glob("*.png"))) >= len(pages) * len(WIDTHS)
