"""Whose toolkit this is: the About page in four languages, the home page, and its editing."""

import pytest

from content.loader import toolkit_load
from content.models import Page

from .factories import StaffFactory

ABOUT = {
    "en": ("About this toolkit", "action-research", "small organisations working at local level"),
    "fr": ("À propos de cette boîte à outils", "recherche-action", "petites organisations"),
    "es": (
        "Acerca de esta caja de herramientas",
        "investigación-acción",
        "organizaciones pequeñas",
    ),
    "ar": ("عن دليل الأدوات هذا", "البحث الإجرائي", "للمنظمات الصغيرة"),
}
PART_TITLES = {
    "en": ("Ready!", "Get Set!", "Go!", "Resources &amp; tools"),
    "fr": ("À vos marques !", "Prêts !", "Partez !", "Ressources et outils"),
    "es": ("¡Preparados!", "¡Listos!", "¡Ya!", "Recursos y herramientas"),
    "ar": ("استعدّ!", "تأهّب!", "انطلق!", "الموارد والأدوات"),
}


@pytest.fixture
def loaded(toolkit):
    """The real toolkit, as `load_toolkit` leaves it (loaded once per test process)."""


@pytest.mark.parametrize("language", list(ABOUT))
def test_about_page_names_the_source_the_project_the_audience_and_the_parts(
    client, loaded, language
):
    title, research, audience = ABOUT[language]
    response = client.get(f"/{language}/toolkit/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in html
    assert "CIVICUS" in html
    assert "Towards New Social Contracts: using dialogue processes to promote social change" in html
    assert "New Social Contract" in html
    assert research in html and audience in html
    for part_title in PART_TITLES[language]:
        assert f"<strong>{part_title}</strong>" in html, part_title
    assert "fallback-notice" not in html


@pytest.mark.parametrize("language", list(ABOUT))
def test_home_says_whose_toolkit_it_is_and_links_the_about_page(client, loaded, language):
    html = client.get(f"/{language}/").content.decode()
    assert 'class="toolkit-identity"' in html and "CIVICUS" in html
    assert html.count(f'href="/{language}/toolkit/about/"') >= 2  # home and footer


def test_toolkit_pages_link_the_about_page_in_their_navigation(client, loaded):
    html = client.get("/es/toolkit/tools/").content.decode()
    nav = html[html.index('class="toolkit-nav') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="/es/toolkit/about/">Acerca de</a>' in nav


def test_an_admin_edit_of_the_about_page_survives_the_next_load(loaded):
    page = Page.objects.get(slug="about")
    page.body_fr = "Texte revu par l'équipe."
    page.save()
    report = toolkit_load()
    page.refresh_from_db()
    assert page.body_fr == "Texte revu par l'équipe."
    assert ("page 'about'", "fr") in report.kept


def test_staff_edit_the_about_page_in_the_admin_and_see_its_translations(client, loaded):
    client.force_login(StaffFactory())
    page = Page.objects.get(slug="about")
    response = client.get(f"/en/admin/content/page/{page.pk}/change/")
    assert response.status_code == 200
    assert 'name="body_ar"' in response.content.decode()
    status = client.get("/en/admin/content/part/translation-status/?kind=page").content.decode()
    assert f"/en/admin/content/page/{page.pk}/change/" in status


def test_an_unpublished_about_page_is_not_shown(client, loaded):
    Page.objects.filter(slug="about").update(published=False)
    assert client.get("/en/toolkit/about/").status_code == 404
