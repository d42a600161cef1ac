import re

from django import forms
from django.test.html import parse_html

from dialogues.forms.widgets import FastSelect

CHOICES = [
    ("", "All stakeholders"),
    (1, "Ministère de la Pêche"),
    ("Groupe", [(2, "<b>Union</b> des pêcheurs"), (3, "جمعية النساء")]),
]


def test_fast_select_writes_the_same_markup_as_django_select():
    for value in (None, 2, "3"):
        fast = FastSelect(choices=CHOICES, attrs={"id": "id_x"}).render("x", value)
        slow = forms.Select(choices=CHOICES, attrs={"id": "id_x"}).render("x", value)
        slow = re.sub(r">\s+<", "><", slow.strip())
        assert parse_html(fast) == parse_html(slow), value
    html = FastSelect(choices=CHOICES).render("x", 2)
    assert "&lt;b&gt;Union" in html and "<b>" not in html
