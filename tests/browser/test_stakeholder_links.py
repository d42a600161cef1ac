"""What a stakeholder sees through a personal link, in a real browser, with and without scripts."""

from datetime import date

import pytest

from dialogues.models import StakeholderLink
from dialogues.services.outreach import link_url, stakeholder_link_create
from tests.dialogues.factories import DialogueFactory, StakeholderFactory

from .helpers import assert_accessible, local_path, submit, t


@pytest.mark.parametrize(("language", "javascript"), [("ar", True), ("fr", False)])
def test_a_stakeholder_stops_emails_through_their_link(new_page, language, javascript):
    dialogue = DialogueFactory(title="Coastal fisheries")
    person = StakeholderFactory(
        dialogue=dialogue,
        name="Ama Mensah",
        email="ama@example.org",
        consent_date=date(2026, 5, 3),
        preferred_language=language,
    )
    _link, token = stakeholder_link_create(
        stakeholder=person, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )
    page = new_page(language=language, javascript=javascript)
    page.goto(local_path(link_url(token=token, language=person.language)))
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == t(language, "Stop emails")
    if javascript:
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert_accessible(page)
    submit(page)
    assert page.get_by_role("status").is_visible()
    if javascript:
        assert_accessible(page)
    person.refresh_from_db()
    assert person.consent_date is None
