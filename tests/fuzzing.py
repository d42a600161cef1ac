"""What the property-based tests send: the POST forms read off a page, and awkward values of
every kind for their fields, drawn the same way on every run (the "tests" profile in
tests/conftest.py)."""

from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Whatever the fixtures, each example runs in full.
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NASTY = [
    "",
    " ",
    "\x00",
    "Dakar\x00",
    "\u202eevil.exe\u202c",
    "حوار أصحاب المصلحة المتعددين",
    "‏שלום‎ mixed עברית and English",
    "👩🏽‍🌾🐟🌊",
    "x" * 10_000,
    "مرحبا " * 2_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://example.org")',
    "-1",
    "0",
    "99999999999999999999999",
    "3.5",
    "NaN",
    "1e309",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "2026-13-01T25:61",
    "\r\n\t",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
)
TYPED = {
    "number": st.one_of(st.integers(-(10**12), 10**12).map(str), TEXT),
    "date": st.one_of(st.dates().map(lambda d: d.isoformat()), TEXT),
    "datetime-local": st.one_of(st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")), TEXT),
    "time": st.one_of(st.times().map(lambda t: t.strftime("%H:%M")), TEXT),
}
ERROR_MARKS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger")


class Forms(HTMLParser):
    """The POST forms of a page: action, fields with their type, value and options."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urljoin(self.page_url, attrs.get("action") or self.page_url)
                self.form = {"action": urlsplit(action).path, "fields": {}, "buttons": []}
                self.forms.append(self.form)
            return
        if self.form is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                self.form["buttons"].append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                field = self.form["fields"].setdefault(name, {"type": kind, "options": []})
                field["options"].append(attrs.get("value", "on"))
            else:
                self.form["fields"][name] = {"type": kind, "value": attrs.get("value", "")}
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self.form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = {"type": "textarea", "value": ""}
            self.form["fields"][name] = self.textarea
        elif tag == "select":
            self.select = {"type": "select", "options": [], "multiple": "multiple" in attrs}
            self.form["fields"][name] = self.select
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select["value"] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_on(client, url):
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms(url)
    parser.feed(response.content.decode())
    return parser.forms


def value_strategy(field):
    """Half the time what the page holds (so submissions also save), else anything."""
    kind = field["type"]
    if kind == "hidden":
        return st.just(field["value"])  # version, next: what the page gave
    if "value" in field and kind != "file":
        return st.one_of(st.just(field["value"]), arbitrary_value(field))
    return arbitrary_value(field)


def arbitrary_value(field):
    kind = field["type"]
    if kind == "file":
        return st.tuples(
            st.sampled_from(["data.csv", "data.xlsx", "dialogue.json", "notes.txt", "x"]),
            st.binary(max_size=3000),
        )
    if kind in ("checkbox", "radio"):
        options = field["options"]
        if kind == "checkbox":
            return st.lists(st.sampled_from(options), unique=True, max_size=len(options))
        return st.one_of(st.sampled_from(options), TEXT)
    if kind == "select":
        valid = st.sampled_from(field["options"]) if field["options"] else TEXT
        if field["multiple"]:
            return st.lists(st.one_of(valid, TEXT), max_size=4)
        return st.one_of(valid, valid, TEXT)
    return TYPED.get(kind, TEXT)


@contextmanager
def rolled_back():
    """Run one example and undo what it stored and cached."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


def draw_submission(data, form, *, buttons=True):
    """The POST data of one submission of ``form`` (from `forms_on`): a value drawn for each
    field, files as uploads, and, with ``buttons``, sometimes one of its named buttons."""
    submission = {}
    for name, field in form["fields"].items():
        value = data.draw(value_strategy(field), label=name)
        if field["type"] == "file":
            submission[name] = SimpleUploadedFile(value[0], value[1])
        elif value != []:
            submission[name] = value
    if buttons and form["buttons"]:
        button = data.draw(st.sampled_from([None, *form["buttons"]]), label="button")
        if button is not None:
            submission[button[0]] = button[1]
    return submission
