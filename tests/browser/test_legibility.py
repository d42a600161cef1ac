"""What a reader takes in at a glance: a focus ring that does not look like an error, and a
power–interest grid whose labels stay readable on a phone."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from .helpers import assert_accessible, assert_no_horizontal_scroll


def _rgb(css):
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first, second):
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_stands_out_and_does_not_read_as_an_error(new_page, demo):
    page = new_page(user=demo.owner)
    page.goto(demo.dialogue.get_absolute_url())
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    ring = _rgb(page.evaluate("() => getComputedStyle(document.activeElement).outlineColor"))
    red, green, blue = ring
    assert blue > red and blue > green, f"focus ring {ring} looks like a warning or an error"
    # Against the page and the light greys the ring is drawn on (WCAG 1.4.11: 3:1).
    for background in ((255, 255, 255), (241, 243, 245), (246, 247, 248)):
        assert _contrast(ring, background) >= 3


@pytest.mark.parametrize("language", ["en", "ar"])
def test_grid_labels_are_readable_on_a_phone(new_page, demo, language):
    page = new_page(user=demo.owner, language=language, mobile=True)
    with translation.override(language):
        page.goto(reverse("dialogues:stakeholder-grid", kwargs={"dialogue_pk": demo.dialogue.pk}))
    smallest = page.evaluate(
        """() => {
            const svg = document.querySelector('.stakeholder-grid-svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')].filter(t => !t.closest('a'))
                .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            return Math.min(...sizes);
        }"""
    )
    assert smallest >= 11, f"the smallest label of the grid is {smallest:.1f}px on a phone"
    # The chart scrolls in its own box, the page does not.
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
