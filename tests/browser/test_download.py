"""The download page: accessible in every direction, and the files come down without
JavaScript. A small toolkit keeps the books quick to build here; tests/content/test_books.py
builds the real ones."""

import pytest

from tests.content.factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory

from .conftest import DESKTOP, MOBILE
from .helpers import assert_accessible, horizontal_overflow


@pytest.fixture
def small_toolkit(transactional_db):
    part = PartFactory(slug="ready", title_en="Ready!", title_ar="استعدّ!", order=0)
    tool = ToolFactory(slug="problem-tree", title_en="Problem tree", title_ar="شجرة المشكلات")
    ChapterFactory(part=part, slug="convenor", title_en="The convenor", tools=[tool])
    ResourceFactory(title="A guide to dialogue", tools=[tool])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_download_page_is_accessible_and_fits_a_phone(new_page, small_toolkit, language):
    page = new_page(language=language)
    page.goto(f"/{language}/toolkit/download/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator(".book-download a.btn").count() == 2
    assert_accessible(page)
    page.set_viewport_size(MOBILE)
    assert horizontal_overflow(page)["overflow"] == 0
    page.set_viewport_size(DESKTOP)


def test_books_download_without_javascript(new_page, small_toolkit):
    page = new_page(language="fr", javascript=False)
    page.goto("/fr/toolkit/")
    page.get_by_role("link", name="Télécharger toute la boîte à outils en PDF ou en EPUB").click()
    assert page.url.endswith("/fr/toolkit/download/")
    for kind in ("PDF", "EPUB"):
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Télécharger au format {kind}").click()
        assert download.value.suggested_filename == f"dialogue-toolkit-fr.{kind.lower()}"
        assert download.value.path().stat().st_size > 1000
