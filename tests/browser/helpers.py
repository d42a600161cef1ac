"""What the browser tests check on a page: accessibility, overflow, focus, mail links."""

import re

from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

# axe-core from the npm registry (package.json; `make test` installs it into node_modules).
AXE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_SCRIPT = AXE_PATH.read_text() if AXE_PATH.exists() else None

# axe-core's default rule set (WCAG 2.0, 2.1 and 2.2 A and AA, and its best practices), with
# nothing excluded; only violations are reported back, which keeps each run short.
AXE_OPTIONS = {"resultTypes": ["violations"]}


def assert_accessible(page):
    """Run axe-core on the page as it is now; fail with axe's own report on any violation.

    axe-core is added to every page by the browser context (conftest.py), so the browser
    compiles it once; it is injected here where it is missing.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)["violations"]
    if violations:
        details = []
        for violation in violations:
            nodes = "\n".join(
                f"      {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}"
                for node in violation["nodes"][:8]
            )
            details.append(
                f"  - {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"
            )
        raise AssertionError(
            f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(details)
        )


def horizontal_overflow(page):
    """How many CSS pixels the page scrolls sideways (0 when it fits), and what sticks out."""
    return page.evaluate(
        """() => {
            const root = document.scrollingElement || document.documentElement;
            const width = root.clientWidth;
            const overflow = root.scrollWidth - width;
            const culprits = [];
            if (overflow > 0) {
                for (const el of document.body.querySelectorAll('*')) {
                    const box = el.getBoundingClientRect();
                    if (box.width && (box.right > width + 1 || box.left < -1)) {
                        culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                            + (el.className && typeof el.className === 'string'
                               ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                            + ' [' + Math.round(box.left) + ',' + Math.round(box.right) + ']');
                        if (culprits.length >= 8) break;
                    }
                }
            }
            return {overflow, culprits};
        }"""
    )


def assert_no_horizontal_scroll(page):
    result = horizontal_overflow(page)
    assert result["overflow"] <= 0, (
        f"{page.url} scrolls {result['overflow']}px sideways at "
        f"{page.viewport_size['width']}px; too wide: {result['culprits']}"
    )


FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        name: el.getAttribute('name') || '',
        type: el.getAttribute('type') || '',
        id: el.id,
        href: el.getAttribute('href') || '',
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        visible: box.width > 0 && box.height > 0,
    };
}"""


def tab_to(page, matches, *, limit=120, shift=False):
    """Press Tab until the focused element satisfies ``matches(state)``.

    Every element reached on the way must show a visible focus outline.
    """
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        seen.append(state)
        assert state["visible"] and state["outline"], f"Focus is not visible on {state}"
        if matches(state):
            return state
    raise AssertionError(
        f"Tab never reached the element on {page.url}; focus went through: "
        + ", ".join(f"{s['tag']}[{s['name'] or s['text'] or s['href']}]" for s in seen)
    )


def named(name):
    """Match a focused form field by its name attribute."""
    return lambda state: state["name"] == name


def labelled(text):
    """Match a focused link or button by (part of) its visible text."""
    return lambda state: text in state["text"]


def href_contains(fragment):
    return lambda state: fragment in state["href"]


def mail_link(*, to, contains):
    """The first link in the latest mail to ``to`` whose address contains ``contains``."""
    for message in reversed(mail.outbox):
        if to in message.to:
            for url in re.findall(r"https?://\S+", message.body):
                if contains in url:
                    return url.rstrip(".,)>")
    raise AssertionError(f"No mail to {to} with a link containing {contains!r}")


def local_path(url):
    """The path and query of an absolute URL, to follow it on the live server."""
    return re.sub(r"^https?://[^/]+", "", url)


def t(language, text):
    """``text`` as a reader of ``language`` sees it."""
    with translation.override(language):
        return gettext(text)


def follow(page, locator):
    """Click a link or submit button and wait for the next page to load."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def submit(page, form="main form"):
    """Submit a form with its (first) submit button and wait for the answer."""
    follow(page, page.locator(f"{form} [type=submit]").first)
