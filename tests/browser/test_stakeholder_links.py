"""What a stakeholder sees through a personal link, in a real browser, with and without scripts."""

from datetime import date

import pytest

from dialogues.models import Role, StakeholderLink
from dialogues.services.outreach import link_url, stakeholder_link_create
from tests.dialogues.factories import (
    AgendaItemFactory,
    CommitmentFactory,
    DialogueFactory,
    DialogueMembershipFactory,
    MeetingFactory,
    StakeholderFactory,
)

from .helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    local_path,
    mail_link,
    submit,
    t,
)


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


@pytest.mark.parametrize("language", ["en", "ar"])
def test_invite_reply_and_see_the_count(new_page, language):
    membership = DialogueMembershipFactory(role=Role.FACILITATOR)
    dialogue = membership.dialogue
    meeting = MeetingFactory(dialogue=dialogue, title="Harbour round table", place="Town hall")
    AgendaItemFactory(meeting=meeting, title="Fish stocks")
    StakeholderFactory(
        dialogue=dialogue,
        name="Ama Mensah",
        email="ama@example.org",
        consent_date=date(2026, 5, 3),
        preferred_language=language,
    )
    StakeholderFactory(dialogue=dialogue, name="Kofi Boateng")  # no consent: not offered

    facilitator = new_page(user=membership.user, language=language)
    facilitator.goto(f"/{language}/dialogues/{dialogue.pk}/meetings/{meeting.pk}/invite/")
    assert_accessible(facilitator)
    facilitator.get_by_label("Ama Mensah").check()
    submit(facilitator)
    assert "#replies-heading" in facilitator.url

    stakeholder = new_page(language=language, javascript=language == "ar", mobile=True)
    stakeholder.goto(local_path(mail_link(to="ama@example.org", contains="/link/")))
    body = stakeholder.locator("main").inner_text()
    assert "Harbour round table" in body and "Fish stocks" in body
    assert "Kofi" not in stakeholder.content()
    assert_no_horizontal_scroll(stakeholder)
    if language == "ar":
        assert stakeholder.locator("html").get_attribute("dir") == "rtl"
        # The agenda is numbered on the page's side; each item keeps its own text's direction.
        item = stakeholder.locator("main ol li").first
        assert item.evaluate("li => getComputedStyle(li).direction") == "rtl"
        assert_accessible(stakeholder)
    stakeholder.get_by_label(t(language, "Yes, I will come")).check()
    stakeholder.get_by_label(t(language, "Childcare")).check()
    submit(stakeholder)
    assert stakeholder.get_by_role("status").is_visible()

    facilitator.reload()
    counts = facilitator.locator(".reply-counts").inner_text()
    assert f"1 {t(language, 'Yes, I will come')}" in counts
    assert (
        "Ama Mensah"
        in facilitator.locator("section[aria-labelledby=replies-heading] table").inner_text()
    )


@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_holder_confirms_a_commitment_and_reports_progress(new_page, language):
    membership = DialogueMembershipFactory(role=Role.FACILITATOR)
    dialogue = membership.dialogue
    holder = StakeholderFactory(
        dialogue=dialogue,
        name="Ama Mensah",
        email="ama@example.org",
        consent_date=date(2026, 5, 3),
        preferred_language=language,
    )
    commitment = CommitmentFactory(dialogue=dialogue, description="Train 40 fishers", holder=holder)
    commitment.stakeholders.set([holder])

    team = new_page(user=membership.user)
    team.goto(f"/en/dialogues/{dialogue.pk}/commitments/{commitment.pk}/")
    submit(team, "section[aria-labelledby=holder-heading] form")

    page = new_page(language=language, javascript=language == "ar")
    page.goto(local_path(mail_link(to="ama@example.org", contains="/link/")))
    assert "Train 40 fishers" in page.locator("main").inner_text()
    if language == "ar":
        assert_accessible(page)
    submit(page, "section[aria-labelledby=confirm-heading] form")
    assert page.get_by_role("status").is_visible()
    page.get_by_label(t(language, "Status now")).select_option("in_progress")
    page.get_by_label(t(language, "progress")).fill("12 trained so far")
    submit(page, "section[aria-labelledby=report-heading] form")
    if language == "ar":
        assert_accessible(page)

    team.reload()
    assert "confirmed the wording on" in team.locator("#holder-heading + p").inner_text()
    history = team.locator("section[aria-labelledby=progress-heading]").inner_text()
    assert "12 trained so far" in history and "Ama Mensah, the holder" in history
