from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation
from django.views.defaults import server_error

from toolkit_site.text import text_list


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected"),
    [("fr-FR,fr;q=0.9", "/fr/"), ("ar", "/ar/"), ("es-BO", "/es/"), ("de-DE", "/en/")],
)
def test_root_redirects_by_browser_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "direction"), [("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl")]
)
def test_html_carries_language_and_direction(client, code, direction):
    html = client.get(f"/{code}/toolkit/").content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    stylesheet = "bootstrap.rtl.min.css" if direction == "rtl" else "bootstrap.min.css"
    assert stylesheet in html


@pytest.mark.django_db
def test_language_switcher_keeps_the_page(client):
    html = client.get("/fr/toolkit/references/").content.decode()
    for code in ("en", "es", "ar"):
        assert f'href="/{code}/toolkit/references/" hreflang="{code}"' in html


@pytest.mark.django_db
def test_interface_is_translated(client):
    assert "Boîte à outils" in client.get("/fr/toolkit/").content.decode()
    assert "Caja de herramientas" in client.get("/es/toolkit/").content.decode()
    assert "دليل الأدوات" in client.get("/ar/toolkit/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "text"),
    [("en", "Page not found"), ("fr", "Page introuvable"), ("ar", "الصفحة غير موجودة")],
)
def test_friendly_404_in_the_reader_language(client, code, text):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_every_page_has_landmarks_and_skip_link(client, db):
    html = client.get("/en/toolkit/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_the_500_page_needs_neither_the_database_nor_the_layout(rf, settings):
    """No database access is allowed here, and the layout cannot render: the error page must
    still come in the reader's language and direction."""
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [Path(__file__).parent / "broken_layout", *engine["DIRS"]]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    with translation.override("ar"):
        response = server_error(rf.get("/ar/toolkit/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html and '<main id="main"' in html
    assert "حدث خطأ ما" in html
    assert "Standalone" not in html  # the template's own comment stays in the template


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en", "Dakar, Tunis, La Paz"),
        ("es", "Dakar, Tunis, La Paz"),
        ("ar", "Dakar، Tunis، La Paz"),
    ],
)
def test_lists_are_written_as_each_language_writes_them(code, written):
    template = engines["django"].from_string("{% load plan_tags %}{{ places|text_list }}")
    with translation.override(code):
        assert text_list(["Dakar", "Tunis", "La Paz"]) == written
        assert template.render({"places": ["Dakar", "Tunis", "La Paz"]}) == written
