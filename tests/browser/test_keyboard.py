"""Journey 1 with the keyboard only, and focus always visible on the way.

Tab (and Shift+Tab) moves, Enter follows links and submits, Space presses buttons; text is
typed. Inside a control its standard keys choose a value: the arrow keys in a closed <select>
and inside a radio group. No click, no mouse.
"""

import pytest
from playwright.sync_api import expect

from dialogues.models import Dialogue, Organisation, Sector, Stakeholder

from .helpers import (
    assert_accessible,
    href_contains,
    local_path,
    mail_link,
    named,
    tab_to,
)
from .journeys import NEW_STAKEHOLDERS, ORGANISATION, PASSWORD


def press_and_wait(page, key):
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def submit_button(state):
    return state["tag"] == "button" and state["type"] == "submit"


def named_button(name):
    return lambda state: state["tag"] == "button" and state["name"] == name


def type_into(page, name, text):
    tab_to(page, named(name))
    page.keyboard.type(text)


def choose_option(page, name, value):
    """Focus a closed <select> and move to the option with the arrow keys."""
    tab_to(page, named(name))
    current, target = page.eval_on_selector(
        f"select[name={name}]",
        "(select, value) => [select.selectedIndex, "
        "[...select.options].findIndex(o => o.value === value)]",
        value,
    )
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    expect(page.locator(f"select[name={name}]")).to_have_value(value)


def choose_radio(page, name, value):
    """Tab into a radio group (focus lands on the checked radio), then arrow to the value."""
    state = tab_to(page, named(name))
    current = int(page.evaluate("() => document.activeElement.value"))
    target = int(value)
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    expect(page.locator(f"input[name={name}][value='{value}']")).to_be_checked()
    return state


@pytest.mark.parametrize("language", ["en", "ar"])
def test_newcomer_journey_with_the_keyboard_only(new_page, toolkit, language):
    page = new_page(language=language)
    email = f"keyboard.{language}@example.org"
    page.goto(f"/{language}/")

    # The first Tab reaches the skip link, visibly.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_visible()

    tab_to(page, href_contains("/accounts/signup/"))
    press_and_wait(page, "Enter")
    type_into(page, "email", email)
    type_into(page, "password1", PASSWORD)
    type_into(page, "password2", PASSWORD)
    tab_to(page, submit_button)
    press_and_wait(page, "Enter")

    # The emailed link is opened as a link from the mail program would be.
    page.goto(local_path(mail_link(to=email, contains="/accounts/confirm-email/")))
    tab_to(page, submit_button)
    press_and_wait(page, "Space")
    assert page.url.endswith(f"/{language}/dialogues/")

    tab_to(page, href_contains("/organisations/new/"))
    press_and_wait(page, "Enter")
    type_into(page, "name", ORGANISATION)
    type_into(page, "country", "Senegal")
    choose_option(page, "timezone", "Africa/Dakar")
    tab_to(page, submit_button)
    press_and_wait(page, "Enter")
    organisation = Organisation.objects.get(name=ORGANISATION)
    assert organisation.timezone == "Africa/Dakar"

    tab_to(page, href_contains("/new-dialogue/"))
    press_and_wait(page, "Enter")
    type_into(page, "title", "Artisanal fisheries of the Petite Côte")
    type_into(page, "challenge", "Fish stocks are collapsing and nobody can act alone.")
    tab_to(page, submit_button)
    press_and_wait(page, "Enter")
    dialogue = Dialogue.objects.get(organisation=organisation)

    tab_to(page, href_contains(f"/dialogues/{dialogue.pk}/stakeholders/"))
    press_and_wait(page, "Enter")
    tab_to(page, href_contains("/stakeholders/new/"))
    press_and_wait(page, "Enter")
    for index, (name, sector, influence, interest) in enumerate(NEW_STAKEHOLDERS):
        type_into(page, "name", name)
        choose_option(page, "sector", sector.value)
        choose_radio(page, "influence", influence)
        choose_radio(page, "interest", interest)
        last = index == len(NEW_STAKEHOLDERS) - 1
        tab_to(page, submit_button if last else named_button("add_another"))
        press_and_wait(page, "Space")
    assert Stakeholder.objects.filter(dialogue=dialogue).count() == 3

    # The overview warns about the sectors still missing, then the grid opens.
    tab_to(page, lambda state: state["href"].endswith(f"/dialogues/{dialogue.pk}/"))
    press_and_wait(page, "Enter")
    present = {sector for _n, sector, _i, _j in NEW_STAKEHOLDERS}
    missing = [sector for sector in Sector.core() if sector not in present]
    expect(page.locator(".sector-notice li")).to_have_count(len(missing))
    tab_to(page, href_contains("/stakeholders/grid/"))
    press_and_wait(page, "Enter")
    expect(page.locator("svg a.grid-mark")).to_have_count(3)
    # Each mark on the chart is reachable, visibly focused, and opens the stakeholder.
    tab_to(page, lambda state: state["tag"] == "a" and "/stakeholders/" in state["href"])
    assert_accessible(page)
