"""The toolkit to take away: app manifest, service worker, offline page and offline copies."""

import json
import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from PIL import Image

from content.models import Chapter, Part, Tool
from content.offline import KEPT_PAGE, TOOLKIT_PAGE

from .factories import ChapterFactory, PartFactory, ToolFactory

LANGUAGES = ("en", "fr", "es", "ar")
OFFLINE_LIMIT = 3_000_000  # bytes per language, pages and files included


def worker_config(client):
    body = client.get("/sw.js").content.decode()
    return json.loads(re.search(r"^const CONFIG = (\{.*\});$", body, re.M).group(1))


# The manifest -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "name", "direction"),
    [
        ("en", "Dialogue Toolkit", "ltr"),
        ("fr", "Boîte à outils du dialogue", "ltr"),
        ("es", "Caja de herramientas para el diálogo", "ltr"),
        ("ar", "دليل أدوات الحوار", "rtl"),
    ],
)
def test_manifest_speaks_the_readers_language(client, language, name, direction):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == name
    assert (manifest["lang"], manifest["dir"]) == (language, direction)
    assert manifest["start_url"] == f"/{language}/toolkit/"
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"


@pytest.mark.django_db
def test_manifest_icons_are_the_sites_own_files_at_their_stated_size(client):
    icons = client.get("/en/manifest.webmanifest").json()["icons"]
    assert {icon["purpose"] for icon in icons} == {"any", "maskable"}
    for icon in icons:
        assert icon["src"].startswith("/static/")
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert icon["sizes"] == f"{width}x{height}"
    assert any(icon["sizes"] == "512x512" and icon["type"] == "image/png" for icon in icons)
    assert any(icon["sizes"] == "192x192" for icon in icons)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_manifest_of_its_language_and_the_worker(client, language):
    html = client.get(f"/{language}/").content.decode()
    assert f'<link rel="manifest" href="/{language}/manifest.webmanifest">' in html
    assert 'data-service-worker="/sw.js"' in html
    assert '<meta name="theme-color"' in html


# The service worker -------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    # The site's own policy applies to the worker too: nothing from elsewhere.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    config = worker_config(client)
    assert config["offline"] == {code: f"/{code}/toolkit/offline/" for code in LANGUAGES}
    assert "/static/bootstrap/css/bootstrap.rtl.min.css" in config["precache"]
    assert all(url.startswith("/static/") for url in config["precache"])
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
def test_service_worker_version_moves_when_a_stored_file_changes(client, settings, tmp_path):
    before = worker_config(client)["version"]
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        assert worker_config(client)["version"] != before
    finally:
        settings.STATICFILES_DIRS = settings.STATICFILES_DIRS[1:]
        finders.get_finder.cache_clear()


def _sample_paths(patterns, prefix=""):
    """A concrete address for every URL pattern, its parameters filled with sample values."""
    samples = {int: "7", uuid.UUID: str(uuid.uuid4())}
    for pattern in patterns:
        route = str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        route = re.sub(
            r"<(?:(\w+):)?\w+>",
            lambda m: (
                samples[int]
                if m.group(1) == "int"
                else samples[uuid.UUID]
                if m.group(1) == "uuid"
                else "sample-value"
            ),
            route,
        )
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "sample", route).replace("\\", "")
        if isinstance(pattern, URLResolver):
            yield from _sample_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def _private_paths():
    with translation.override("en"):
        root = get_resolver()
        for pattern in root.url_patterns:
            if not isinstance(pattern, URLResolver):
                continue
            for path in _sample_paths(pattern.url_patterns, "/en/"):
                if path.startswith(("/en/dialogues/", "/en/accounts/", "/en/admin/")):
                    yield path


@pytest.mark.parametrize("pattern", [KEPT_PAGE, TOOLKIT_PAGE], ids=["kept", "handled"])
def test_the_worker_rules_never_match_workspace_account_or_admin_addresses(pattern):
    """What the worker stores (kept) and what it answers for at all (handled)."""
    rule = re.compile(pattern)
    private = list(_private_paths())
    # Every address of the workspace, the accounts and the admin has been tried.
    assert sum(p.startswith("/en/dialogues/") for p in private) > 40
    assert sum(p.startswith("/en/accounts/") for p in private) > 10
    assert sum(p.startswith("/en/admin/") for p in private) > 10
    assert [path for path in private if rule.match(path)] == []
    for path in ("/sw.js", "/de/toolkit/", "/static/css/site.css", "/en/manifest.webmanifest"):
        assert not rule.match(path), path


def test_search_results_and_data_files_are_not_kept():
    rule = re.compile(KEPT_PAGE)
    for path in ("/en/toolkit/search/", "/fr/toolkit/offline.json"):
        assert not rule.match(path), path
    assert rule.match("/ar/toolkit/ready/the-convenor/")


@pytest.mark.django_db
def test_the_worker_uses_the_same_rule_as_the_tests(client):
    config = worker_config(client)
    assert (config["keptPage"], config["toolkitPage"]) == (KEPT_PAGE, TOOLKIT_PAGE)


# Keeping a language offline -----------------------------------------------------------------


@pytest.fixture
def real_toolkit(toolkit):
    """The real toolkit, as `load_toolkit` leaves it (loaded once per test process)."""


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_offline_pack_lists_the_whole_toolkit_with_true_sizes_under_the_limit(
    client, real_toolkit, language
):
    pack = client.get(f"/{language}/toolkit/offline.json").json()
    urls = [page["url"] for page in pack["pages"]]
    with translation.override(language):
        expected = {reverse("content:home"), reverse("content:toolkit")}
        expected |= {reverse("content:offline"), reverse("content:resources")}
        expected.add(reverse("content:about"))
        expected |= {part.get_absolute_url() for part in Part.objects.all()}
        expected |= {c.get_absolute_url() for c in Chapter.objects.select_related("part")}
        expected |= {tool.get_absolute_url() for tool in Tool.objects.all()}
    assert expected <= set(urls)
    assert len(urls) == len(set(urls))
    rule = re.compile(KEPT_PAGE)
    assert all(rule.match(url) for url in urls)
    # Each size is what a reader without a session downloads.
    reader = Client()
    for page in pack["pages"]:
        assert page["size"] == len(reader.get(page["url"]).content), page["url"]
    stylesheet = "bootstrap.rtl.min.css" if language == "ar" else "bootstrap.min.css"
    assert any(asset["url"].endswith(stylesheet) for asset in pack["assets"])
    assert pack["size"] == sum(item["size"] for item in pack["pages"] + pack["assets"])
    assert 500_000 < pack["size"] < OFFLINE_LIMIT
    print(f"offline size {language}: {pack['size'] / 1_000_000:.2f} MB in {len(urls)} pages")


@pytest.mark.django_db
def test_offline_pack_leaves_out_drafts_even_for_staff(staff_client):
    part = PartFactory(slug="ready")
    ChapterFactory(part=part, slug="published-one")
    ChapterFactory(part=part, slug="draft-one", published=False)
    ToolFactory(slug="draft-tool", published=False)
    PartFactory(slug="draft-part", published=False)
    urls = [page["url"] for page in staff_client.get("/en/toolkit/offline.json").json()["pages"]]
    assert "/en/toolkit/ready/published-one/" in urls
    assert not [url for url in urls if "draft" in url]


@pytest.mark.django_db
def test_offline_pack_is_measured_again_when_the_toolkit_changes(client):
    part = PartFactory(slug="ready")
    first = client.get("/en/toolkit/offline.json").json()
    ChapterFactory(part=part, slug="new-chapter", body_en="A long new text. " * 200)
    second = client.get("/en/toolkit/offline.json").json()
    assert "/en/toolkit/ready/new-chapter/" in [page["url"] for page in second["pages"]]
    assert second["size"] > first["size"] + 3000


# What readers see -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "You are offline"),
        ("fr", "Vous êtes hors ligne"),
        ("es", "Estás sin conexión"),
        ("ar", "أنت غير متصل بالإنترنت"),
    ],
)
def test_offline_page_in_each_language(client, language, heading):
    response = client.get(f"/{language}/toolkit/offline/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert f'lang="{language}"' in html
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_keep_button_is_hidden_until_scripts_run_and_the_page_explains(client):
    html = client.get("/fr/toolkit/").content.decode()
    section = html[html.index("data-offline-keep=") :]
    section = section[: section.index("</section>")]
    assert '"/fr/toolkit/offline.json"' in section
    assert re.search(r"<div hidden data-offline-controls>", section)
    assert "Garder la boîte à outils en français hors ligne" in section
    assert "a besoin de JavaScript" in section


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["offline", "about"])
def test_a_part_cannot_take_the_address_of_an_offline_page(slug):
    with pytest.raises(ValidationError):
        Part(slug=slug, title_en="Part").full_clean()
