"""Django's {# #} comments end on the line they start on: one that goes on to the next line is
not a comment at all, and its words reach the page."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for folder in ("templates", "content", "dialogues", "accounts")
    for pattern in ("*.html", "*.txt", "*.xml", "*.js")
    for path in (ROOT / folder).rglob(pattern)
    if "templates" in path.parts
)


def test_each_comment_closes_on_its_own_line():
    unclosed = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert ROOT / "templates" / "500.html" in TEMPLATES
    assert unclosed == [], "use {% comment %} for a comment of more than one line"
