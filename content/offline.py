"""The toolkit to take away: the installable app, its service worker and offline copies.

The service worker keeps only what `KEPT_PAGE` and the static prefix match: toolkit pages in
their public version, never the workspace, accounts or admin. A reader can keep the whole
toolkit in one language; `offline_pack` lists what that takes and how much it weighs.
"""

import hashlib
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import selectors
from .kept import PAGE_CACHE_SECONDS
from .views import toolkit_page

_LANGUAGE_CODES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
# The pages a reader's browser may keep: the home page and the toolkit's pages, in every
# language, without a query string (search results are not kept). Shared by the service
# worker (as a JavaScript regular expression) and the tests.
KEPT_PAGE = rf"^/(?:{_LANGUAGE_CODES})/(?:toolkit/(?!search/)(?:[a-z0-9-]+/){{0,2}})?$"
# Every toolkit page, kept or not: offline, those not kept show the offline page.
TOOLKIT_PAGE = rf"^/(?:{_LANGUAGE_CODES})/(?:toolkit/.*)?$"
# What every toolkit page loads besides its stylesheet for the reading direction.
PAGE_ASSETS = ("css/site.css", "js/site.js", "favicon.svg")
DIRECTION_ASSETS = {
    False: "bootstrap/css/bootstrap.min.css",
    True: "bootstrap/css/bootstrap.rtl.min.css",
}
ICONS = (
    ("favicon.svg", "any", "image/svg+xml", "any"),
    ("icons/icon-192.png", "192x192", "image/png", "any"),
    ("icons/icon-512.png", "512x512", "image/png", "any"),
    ("icons/icon-maskable-512.png", "512x512", "image/png", "maskable"),
)
THEME_COLOR = "#0b5d5b"
# A cached copy is shown when the network has not answered within this time.
SLOW_NETWORK_MS = 4000


def _static_files():
    """Every static file the service worker stores when it is installed."""
    return [*PAGE_ASSETS, *DIRECTION_ASSETS.values()]


def _static_size(name):
    path = finders.find(name)
    return Path(path).stat().st_size if path else 0


def _offline_urls():
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse("content:offline")
    return urls


@require_safe
@cache_control(no_cache=True)
def web_manifest(request):
    """The web app manifest in the reader's language, with its reading direction."""
    language = get_language()
    manifest = {
        "id": "/",
        "name": _("Dialogue Toolkit"),
        "short_name": _("Dialogue Toolkit"),
        "description": _(
            "A handbook and a shared workspace for civil-society organisations that bring "
            "government, business, science and citizens around one table."
        ),
        "lang": language,
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("content:toolkit"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(name), "sizes": sizes, "type": kind, "purpose": purpose}
            for name, sizes, kind, purpose in ICONS
        ],
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, at the root so that its scope covers every language."""
    template = get_template("content/service_worker.js")
    static_urls = [static(name) for name in _static_files()]
    # A new version whenever the worker or a stored static file changes, so that an update
    # replaces the stored copies (file names carry no hash in development).
    fingerprint = hashlib.sha256(Path(template.origin.name).read_bytes())
    for name, url in zip(_static_files(), static_urls, strict=True):
        fingerprint.update(f"|{url}|{_static_stamp(name)}".encode())
    config = {
        "version": fingerprint.hexdigest()[:16],
        "keptPage": KEPT_PAGE,
        "toolkitPage": TOOLKIT_PAGE,
        "staticPrefix": settings.STATIC_URL,
        "offline": _offline_urls(),
        "precache": static_urls,
        "slowNetworkMs": SLOW_NETWORK_MS,
    }
    body = template.render({"config": json.dumps(config)})
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


def _static_stamp(name):
    path = finders.find(name)
    if not path:
        return 0
    stat = Path(path).stat()
    return (stat.st_size, stat.st_mtime_ns)


@toolkit_page
def offline(request):
    """What a reader sees, without a connection, in place of a page not kept on the device."""
    return render(request, "content/offline.html")


def _page_size(path, *, host_request):
    """The size in bytes of the page at `path` as an anonymous reader receives it."""
    match = resolve(path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {
        name: host_request.META[name]
        for name in ("SERVER_NAME", "SERVER_PORT", "HTTP_HOST")
        if name in host_request.META
    }
    request.user = AnonymousUser()
    request.resolver_match = match
    response = match.func(request, *match.args, **match.kwargs)
    return len(response.content) if response.status_code == 200 else 0


def offline_pack_contents(language, *, host_request):
    """Every public toolkit page in `language` and the static files they need, with sizes.

    Kept for the content version, since measuring renders each page once.
    """
    version = selectors.current_version()
    key = f"content:offline-pack:{version.digest}:{language}"
    pack = cache.get(key)
    if pack is not None:
        return pack
    with translation.override(language):
        pages = [
            {"url": path, "size": _page_size(path, host_request=host_request)}
            for path in selectors.offline_paths()
        ]
        bidi = translation.get_language_bidi()
    assets = [
        {"url": static(name), "size": _static_size(name)}
        for name in (DIRECTION_ASSETS[bidi], *PAGE_ASSETS)
    ]
    pack = {
        "language": language,
        "version": version.digest,
        "pages": pages,
        "assets": assets,
        "size": sum(item["size"] for item in pages + assets),
    }
    cache.set(key, pack, PAGE_CACHE_SECONDS)
    return pack


@toolkit_page
def offline_pack(request):
    """The list of what keeping the toolkit in this language stores, and its total size."""
    pack = offline_pack_contents(get_language(), host_request=request)
    return JsonResponse(pack)
