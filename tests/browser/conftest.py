"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

One browser per session; a fresh context (empty cache, own cookies) per test. Every context
records requests to other origins, sub-resources that fail and console errors (CSP
violations appear there), and the test fails on any of them.
"""

import os
import sys
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .helpers import AXE_PATH, AXE_SCRIPT

# Playwright's sync API keeps an event loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is safe, which it is here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium: its headless shell when installed (package chromium-headless-shell: the
# same engine without the desktop browser around it, the build Playwright itself runs headless
# tests on), which opens a browser context in half the CPU time; else the full browser.
# CHROMIUM names another binary.
CHROMIUM = Path(
    os.environ.get("CHROMIUM")
    or next(
        (
            path
            for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
            if Path(path).exists()
        ),
        "/usr/bin/chromium",
    )
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LANGUAGES = ("en", "fr", "es", "ar")
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
# Playwright's timeouts, in milliseconds: a local server answers in well under a second, but a
# busy CI machine shared with other jobs can be many times slower.
TIMEOUT_MS = 30_000

_missing_browser = []


def _running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    screenshots = config.getoption("--screenshots", default=False)
    for item in items:
        path = Path(item.fspath)
        if here not in path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if path.name == "test_screenshots.py" and not screenshots:
            item.add_marker(pytest.mark.skip(reason="screenshots: run `make screenshots`"))


def pytest_terminal_summary(terminalreporter):
    if _missing_browser:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_missing_browser[0], red=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (see CHROMIUM), started once; never a browser downloaded by Playwright."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium is missing at {CHROMIUM}: the browser tests did NOT run. "
            "Install it with `apt-get install chromium-headless-shell` (.ci/run does)."
        )
        if _running_in_ci():
            pytest.fail(f"{message} Under CI a missing browser is a failure.", pytrace=False)
        _missing_browser.append(message)
        warnings.warn(pytest.PytestWarning(message), stacklevel=1)
        print(f"\n\n{'!' * 78}\n{message}\n{'!' * 78}\n", file=sys.stderr)
        pytest.skip(message)
    if AXE_SCRIPT is None:
        pytest.fail(
            f"axe-core is missing at {AXE_PATH}: run `npm ci` (`make test` does).", pytrace=False
        )

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class Guard:
    """What went wrong in a context: requests to other origins, failed resources, errors."""

    def __init__(self, origin):
        self.origin = origin
        self.foreign = []
        self.failed = []
        self.errors = []
        # Statuses a test expects for the page itself (403, 404 in the permission journeys).
        self.expected_statuses = set()

    def on_request(self, request):
        # Recorded rather than blocked: routing requests would turn the browser cache off.
        url = request.url
        if not url.startswith((self.origin + "/", "data:", "blob:")):
            self.foreign.append(url)

    def on_response(self, response):
        if response.status < 400:
            return
        if response.request.resource_type == "document" and (
            response.status in self.expected_statuses
        ):
            return
        self.failed.append(f"{response.status} {response.url}")

    def on_console(self, message):
        if message.type != "error":
            return
        text = message.text
        # The document's own status is checked through on_response.
        if text.startswith("Failed to load resource: the server responded with a status of"):
            return
        self.errors.append(text)

    def on_page_error(self, error):
        self.errors.append(str(error))

    def check(self):
        problems = []
        if self.foreign:
            problems.append(f"Requests left the site's origin: {self.foreign}")
        if self.failed:
            problems.append(f"Responses failed: {self.failed}")
        if self.errors:
            problems.append(f"Console errors: {self.errors}")
        assert not problems, "\n".join(problems)


def session_cookie(user):
    """A logged-in session for ``user``, made server-side: no need to type a password."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts: ``new_context(user=..., mobile=..., javascript=..., axe=...)``.

    Returns ``(context, guard)``; the guard is checked when the test ends.
    """
    opened = []

    def _new_context(
        *,
        user=None,
        mobile=False,
        javascript=True,
        language="en",
        axe=True,
        service_workers=False,
    ):
        context = browser.new_context(
            # The offline tests turn the service worker on; elsewhere its background
            # downloads would outlive the test.
            service_workers="allow" if service_workers else "block",
            base_url=live_server.url,
            viewport=MOBILE if mobile else DESKTOP,
            java_script_enabled=javascript,
            locale={"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ar": "ar"}[language],
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        if javascript and axe:
            # axe-core in every page, compiled once by the browser rather than on each check.
            context.add_init_script(script=AXE_SCRIPT)
        guard = Guard(live_server.url)
        context.on("request", guard.on_request)
        context.on("response", guard.on_response)
        context.on("console", guard.on_console)
        context.on("weberror", lambda web_error: guard.on_page_error(web_error.error))
        if user is not None:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_cookie(user),
                        "url": live_server.url,
                    }
                ]
            )
        opened.append((context, guard))
        return context, guard

    yield _new_context
    for context, _guard in opened:
        context.close()
    for _context, guard in opened:
        guard.check()


@pytest.fixture
def new_page(new_context):
    """A page in a fresh context: ``page = new_page(user=..., language=...)``."""

    def _new_page(**kwargs):
        context, guard = new_context(**kwargs)
        page = context.new_page()
        page.guard = guard
        return page

    return _new_page
