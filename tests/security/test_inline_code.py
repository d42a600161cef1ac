"""No inline script, inline style or event handler anywhere: the CSP would block them."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "var", "node_modules", ".git"}

# A <script> without src= runs inline code; a JSON data block (json_script) does not run.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*type\s*=\s*[\"']application/(?:ld\+)?json)[^>]*>",
    re.IGNORECASE,
)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']\s*javascript:", re.IGNORECASE)

CHECKS = {
    "inline <script>": INLINE_SCRIPT,
    "<style> block": STYLE_BLOCK,
    "style= attribute": STYLE_ATTRIBUTE,
    "on*= event handler": EVENT_HANDLER,
    "javascript: URL": JAVASCRIPT_URL,
}


def project_templates():
    for path in sorted(ROOT.rglob("*.html")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP_DIRS or "templates" not in parts:
            continue
        yield path


def offences(html):
    # Template comments may mention anything.
    html = re.sub(r"{#.*?#}", "", html, flags=re.DOTALL)
    html = re.sub(r"{% comment %}.*?{% endcomment %}", "", html, flags=re.DOTALL)
    found = []
    for label, pattern in CHECKS.items():
        for match in pattern.finditer(html):
            line = html.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {label}: {match.group(0)[:80]}")
    return found


def test_the_scan_finds_what_it_looks_for():
    bad = (
        '<script>alert(1)</script><style>p{}</style><p style="color:red">'
        '<button onclick="x()"><a href="javascript:void(0)">'
    )
    assert len(offences(bad)) == 5
    good = (
        '<script src="/static/js/site.js" defer></script>'
        '<script id="d" type="application/json">{}</script>'
        '<p class="online">{# <p style="x"> #}</p><svg><circle fill="red"/></svg>'
    )
    assert offences(good) == []


def test_there_are_templates_to_scan():
    names = {path.name for path in project_templates()}
    assert {"base.html", "workspace_base.html", "dialogue_detail.html"} <= names


@pytest.mark.parametrize("path", list(project_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_code(path):
    assert offences(path.read_text(encoding="utf-8")) == []


def _pages(world):
    dialogue = {"dialogue_pk": world.dialogue.pk}
    return [
        ("anonymous", "/en/"),
        ("anonymous", "/ar/toolkit/"),
        ("anonymous", "/en/accounts/login/"),
        ("anonymous", "/en/accounts/signup/"),
        ("anonymous", "/en/accounts/password/reset/"),
        ("anonymous", reverse("dialogues:invitation-accept", kwargs={"token": "no-such"})),
        ("owner", reverse("dialogues:home")),
        ("owner", reverse("dialogues:dialogue-detail", kwargs=dialogue)),
        ("owner", reverse("dialogues:dialogue-update", kwargs=dialogue)),
        ("owner", reverse("dialogues:members", kwargs=dialogue)),
        ("owner", reverse("dialogues:activity", kwargs=dialogue)),
        ("owner", reverse("dialogues:organisation-create")),
        ("owner", "/en/accounts/email/"),
        ("owner", "/en/accounts/2fa/"),
        ("owner", "/en/accounts/password/change/"),
    ]


@pytest.mark.django_db
def test_rendered_pages_including_third_party_ones_have_no_inline_code(world, login):
    """Templates we do not own (allauth, crispy forms) are checked on the page they render."""
    for role, url in _pages(world):
        client = login(world.users[role])
        response = client.get(url)
        assert response.status_code in (200, 410), url
        assert offences(response.content.decode()) == [], url
