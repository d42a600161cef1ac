"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

One browser per session; a fresh context (empty cache, own cookies) per test. Every context
records requests to other origins, sub-resources that fail and console errors (CSP
violations appear there), and the test fails on any of them.
"""

import io
import os
import sys
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

# Playwright's sync API keeps an event loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is safe, which it is here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
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
    """Debian's Chromium, started once; never a browser downloaded by Playwright."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium is missing at {CHROMIUM}: the browser tests did NOT run. "
            "Install it with `apt-get install chromium` (.ci/run does)."
        )
        if _running_in_ci():
            pytest.fail(f"{message} Under CI a missing browser is a failure.", pytrace=False)
        _missing_browser.append(message)
        warnings.warn(pytest.PytestWarning(message), stacklevel=1)
        print(f"\n\n{'!' * 78}\n{message}\n{'!' * 78}\n", file=sys.stderr)
        pytest.skip(message)

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


@pytest.fixture
def toolkit(transactional_db):
    """The real toolkit text and the default checklists, loaded from the files (under 1 s)."""
    call_command("load_toolkit", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_checklists", stdout=io.StringIO(), stderr=io.StringIO())


@dataclass
class Demo:
    """One organisation's dialogue with a person in each role and something on every page."""

    organisation: object
    dialogue: object
    owner: object
    facilitator: object
    viewer: object
    outsider: object
    stakeholders: list
    meeting: object
    commitments: list
    invitation: object
    confirmation_key: str
    chapter: object
    tool: object

    @property
    def stakeholder(self):
        return self.stakeholders[0]

    @property
    def commitment(self):
        return self.commitments[0]

    @property
    def interaction(self):
        return self.stakeholder.interactions.first()

    @property
    def checklist_item(self):
        return self.dialogue.checklist_items.order_by("stage", "order", "pk").first()


@pytest.fixture
def demo(toolkit):
    from content.models import Chapter
    from dialogues.models import ChecklistItem, Role, Sector, StakeholderStatus
    from dialogues.services.dialogues import dialogue_create
    from dialogues.services.organisations import organisation_create
    from dialogues.services.stakeholders import interaction_create
    from tests.dialogues import factories

    owner = factories.UserFactory(email="owner@example.org")
    facilitator = factories.UserFactory(email="facilitator@example.org")
    viewer = factories.UserFactory(email="viewer@example.org")
    outsider = factories.UserFactory(email="outsider@example.org")
    organisation = organisation_create(
        user=owner,
        name="Coastal Women's Network",
        country="Senegal",
        city="Dakar",
        timezone="Africa/Dakar",
    )
    dialogue = dialogue_create(
        user=owner,
        organisation=organisation,
        title="Artisanal fisheries of the Petite Côte",
        challenge="Fish stocks are collapsing and no sector can reverse it alone.",
        goals="Agree on a shared plan for the fishing season.",
        start_date=date(2026, 3, 1),
        end_date=date(2026, 11, 30),
    )
    factories.DialogueMembershipFactory(dialogue=dialogue, user=facilitator, role=Role.FACILITATOR)
    factories.DialogueMembershipFactory(dialogue=dialogue, user=viewer, role=Role.VIEWER)
    stakeholders = [
        factories.StakeholderFactory(
            dialogue=dialogue,
            name="Ministry of Fisheries",
            organisation="Government of Senegal",
            sector=Sector.GOVERNMENT,
            influence=5,
            interest=4,
            email="contact@peche.example.sn",
            status=StakeholderStatus.CONFIRMED,
        ),
        factories.StakeholderFactory(
            dialogue=dialogue,
            name="اتحاد الصيادين",
            organisation="Fishers' Union",
            sector=Sector.CIVIL_SOCIETY,
            influence=3,
            interest=5,
            status=StakeholderStatus.PARTICIPATING,
        ),
        factories.StakeholderFactory(
            dialogue=dialogue,
            name="Atlantic Seafood Exporters",
            organisation="",
            sector=Sector.PRIVATE,
            influence=4,
            interest=2,
            status=StakeholderStatus.IDENTIFIED,
        ),
    ]
    interaction_create(
        stakeholder=stakeholders[0],
        user=facilitator,
        date=date(2026, 3, 2),
        kind="call",
        note="Agreed to join the first round table.",
    )
    meeting = factories.MeetingFactory(
        dialogue=dialogue,
        title="First round table",
        starts_at=datetime(2026, 4, 14, 9, 30, tzinfo=UTC),
        timezone="Africa/Dakar",
        place="Mbour town hall",
        minutes="Everyone agreed the stocks are falling.",
        decisions="Meet again in June.",
    )
    meeting.invited.set(stakeholders)
    meeting.attended.set(stakeholders[:2])
    commitments = [
        factories.CommitmentFactory(
            dialogue=dialogue,
            meeting=meeting,
            description="Publish the landing data every month.",
            due_date=date(2026, 5, 31),
        ),
        factories.CommitmentFactory(
            dialogue=dialogue,
            meeting=meeting,
            description="Train twenty fishers in catch reporting.",
            due_date=date(2026, 9, 30),
        ),
    ]
    commitments[0].stakeholders.set(stakeholders[:1])
    commitments[1].stakeholders.set(stakeholders[1:2])
    # A few steps of the first stage are done.
    done = ChecklistItem.objects.filter(dialogue=dialogue).order_by("stage", "order")[:2]
    ChecklistItem.objects.filter(pk__in=[item.pk for item in done]).update(done_at=timezone.now())
    chapter = (
        Chapter.objects.filter(tools__isnull=False, published=True)
        .select_related("part")
        .order_by("part__order", "order")
        .first()
    )
    return Demo(
        organisation=organisation,
        dialogue=dialogue,
        owner=owner,
        facilitator=facilitator,
        viewer=viewer,
        outsider=outsider,
        stakeholders=stakeholders,
        meeting=meeting,
        commitments=commitments,
        invitation=factories.InvitationFactory(
            dialogue=dialogue, email="invited@example.org", invited_by=owner
        ),
        confirmation_key=_confirmation_key("newcomer@example.org"),
        chapter=chapter,
        tool=chapter.tools.order_by("order").first(),
    )


def _confirmation_key(email):
    """The key of the link mailed to someone who signed up and has not confirmed yet."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="newcomer", email=email)
    address = EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return EmailConfirmationHMAC(address).key
