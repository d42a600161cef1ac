"""A long register in a meeting form: the sectors come folded, and a search by name finds
someone in any of them, in Arabic as in English."""

from playwright.sync_api import expect

from dialogues.forms.stakeholders import FOLD_OVER
from dialogues.models import Meeting, Role, Sector
from tests.dialogues.factories import DialogueMembershipFactory, StakeholderFactory

from .helpers import assert_accessible, submit, t


def test_a_name_is_found_in_a_folded_sector_and_invited(new_page):
    membership = DialogueMembershipFactory(role=Role.FACILITATOR)
    dialogue = membership.dialogue
    StakeholderFactory.create_batch(FOLD_OVER, dialogue=dialogue, sector=Sector.GOVERNMENT)
    fatou = StakeholderFactory(dialogue=dialogue, name="Fatou Gómez", sector=Sector.ACADEMIA)
    StakeholderFactory(dialogue=dialogue, name="Gomes Fishing Ltd", sector=Sector.PRIVATE)

    page = new_page(user=membership.user, language="ar")
    page.goto(f"/ar/dialogues/{dialogue.pk}/meetings/new/")
    invited = page.locator("fieldset.stakeholder-choices").first
    fatou_box = invited.locator(f"input[value='{fatou.pk}']")
    expect(fatou_box).to_be_hidden()  # her sector is folded: nobody in it is chosen
    assert_accessible(page)

    find = invited.get_by_label(t("ar", "Find a stakeholder by name"))
    find.fill("gomez")  # without the accent, in lower case
    expect(fatou_box).to_be_visible()
    expect(invited.get_by_text("Gomes Fishing Ltd")).to_be_hidden()
    expect(invited.locator("details.stakeholder-group:visible")).to_have_count(1)
    expect(invited.get_by_role("status")).to_have_text(f"{t('ar', 'Names found:')} 1")
    find.press("Enter")  # searches; does not send the form
    assert page.url.endswith("/meetings/new/")
    fatou_box.check()
    find.fill("")
    expect(fatou_box).to_be_visible()  # her sector stays open: she is chosen
    expect(invited.get_by_text("Gomes Fishing Ltd")).to_be_hidden()  # folded again

    page.fill("input[name=title]", "Round table")
    page.fill("input[name=date]", "2027-04-14")
    page.fill("input[name=start_time]", "09:30")
    submit(page)
    meeting = Meeting.objects.get(dialogue=dialogue, title="Round table")
    assert list(meeting.invited.all()) == [fatou]


def test_without_javascript_a_folded_sector_opens_by_hand(new_page):
    membership = DialogueMembershipFactory(role=Role.FACILITATOR)
    dialogue = membership.dialogue
    StakeholderFactory.create_batch(FOLD_OVER, dialogue=dialogue, sector=Sector.GOVERNMENT)
    fatou = StakeholderFactory(dialogue=dialogue, name="Fatou Gómez", sector=Sector.ACADEMIA)

    page = new_page(user=membership.user, javascript=False)
    page.goto(f"/en/dialogues/{dialogue.pk}/meetings/new/")
    invited = page.locator("fieldset.stakeholder-choices").first
    expect(invited.get_by_label("Find a stakeholder by name")).to_have_count(0)
    invited.locator("summary", has_text="Academia and science").click()
    invited.get_by_label("Fatou Gómez").check()
    page.fill("input[name=title]", "Round table")
    page.fill("input[name=date]", "2027-04-14")
    page.fill("input[name=start_time]", "09:30")
    submit(page)
    assert list(Meeting.objects.get(dialogue=dialogue).invited.all()) == [fatou]
