"""Reading without a connection, in a real browser: pages kept, a language kept, nothing private.

The service worker is registered by the site's own script; ``context.set_offline(True)``
cuts the network the way a dropped connection does.
"""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from content.models import Tool
from content.offline import KEPT_PAGE

from .helpers import assert_accessible

OFFLINE_HEADINGS = {"fr": "Vous êtes hors ligne", "es": "Estás sin conexión"}


def _controlled(page, path):
    """Open `path` and wait until the service worker controls the page."""
    page.goto(path)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _kept(page, path, timeout_ms=15_000):
    """Wait until the browser keeps the page at `path`.

    Asked again and again with ``evaluate``, which waits for the promise it is given (a
    predicate returning a promise would count as true at once).
    """
    for _ in range(timeout_ms // 100):
        if page.evaluate(
            "async (url) => Boolean(await (await caches.open('toolkit-pages')).match(url))", path
        ):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not kept")


def _kept_urls(page):
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
            }
            return urls;
        }"""
    )


def test_an_opened_chapter_reads_offline_and_other_pages_say_so(demo, new_context):
    context, _guard = new_context(language="fr", service_workers=True)
    page = context.new_page()
    _controlled(page, "/fr/toolkit/")
    with translation.override("fr"):
        chapter_url = demo.chapter.get_absolute_url()
        other_tool = Tool.objects.exclude(pk__in=demo.chapter.tools.all()).first()
        not_kept = other_tool.get_absolute_url()
    page.goto(chapter_url)
    title = page.locator("h1").inner_text()
    _kept(page, chapter_url)

    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(title)
    assert page.locator("#main p").count() > 3

    page.goto(not_kept)
    expect(page.locator("h1")).to_have_text(OFFLINE_HEADINGS["fr"])
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_accessible(page)


def test_keeping_a_language_stores_every_page_for_offline_reading(toolkit, new_context):
    context, _guard = new_context(language="es", service_workers=True)
    page = context.new_page()
    _controlled(page, "/es/toolkit/")
    status = page.locator("[data-offline-status]")
    # Before: the size, in the reader's language.
    expect(page.locator("[data-offline-without-script]")).to_be_hidden()
    page.get_by_role(
        "button", name="Guardar la caja de herramientas en español sin conexión"
    ).click()
    expect(status).to_contain_text(re.compile(r"ocupa \d+(,\d)? MB"))
    assert_accessible(page)
    page.get_by_role("button", name="Descargar y guardar").click()
    expect(page.locator("[data-offline-kept]")).to_have_attribute("data-offline-kept", "yes")
    # After: what was stored.
    expect(status).to_contain_text(re.compile(r"Listo: \d+(,\d)? MB guardados"))

    pack = Client().get("/es/toolkit/offline.json").json()
    context.set_offline(True)
    for listed in pack["pages"]:
        response = page.goto(listed["url"])
        assert response.ok, listed["url"]
        heading = page.locator("h1").first.inner_text()
        assert heading != OFFLINE_HEADINGS["es"] or listed["url"].endswith("/offline/")
    # The search needs the network: it is not kept.
    page.goto("/es/toolkit/search/?q=poder")
    expect(page.locator("h1")).to_have_text(OFFLINE_HEADINGS["es"])


def test_workspace_and_account_pages_are_never_kept(demo, new_context):
    context, _guard = new_context(user=demo.owner, service_workers=True)
    page = context.new_page()
    _controlled(page, "/en/toolkit/")
    with translation.override("en"):
        private = [
            reverse("dialogues:home"),
            reverse("dialogues:dialogue-detail", kwargs={"dialogue_pk": demo.dialogue.pk}),
            reverse("dialogues:stakeholder-list", kwargs={"dialogue_pk": demo.dialogue.pk}),
            reverse("account_email"),
        ]
        chapter_url = demo.chapter.get_absolute_url()
    for path in private:
        page.goto(path)
    page.goto(chapter_url)
    # The reader sees their own page...
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    _kept(page, chapter_url)

    urls = _kept_urls(page)
    rule = re.compile(KEPT_PAGE)
    assert chapter_url in urls
    assert [url for url in urls if not (rule.match(url) or url.startswith("/static/"))] == []
    # ...but the browser keeps the version everybody gets: no account menu, no form token.
    kept_html = page.evaluate(
        "async (url) => (await (await caches.open('toolkit-pages')).match(url)).text()",
        chapter_url,
    )
    assert demo.chapter.title_en in kept_html
    assert "csrfmiddlewaretoken" not in kept_html
    assert reverse("account_logout") not in kept_html
