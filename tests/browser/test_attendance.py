"""Attendance taken on a phone without JavaScript; the overview's chart, right to left."""

from datetime import timedelta

from django.utils import timezone

from dialogues.models import Role, Sector
from tests.dialogues.factories import DialogueMembershipFactory, MeetingFactory, StakeholderFactory

from .helpers import assert_accessible, assert_no_horizontal_scroll, submit, t


def test_attendance_on_a_phone_without_javascript_then_the_chart_in_arabic(new_page):
    membership = DialogueMembershipFactory(role=Role.FACILITATOR)
    dialogue = membership.dialogue
    meeting = MeetingFactory(dialogue=dialogue, starts_at=timezone.now() - timedelta(hours=2))
    gov = StakeholderFactory(dialogue=dialogue, name="Gov One", sector=Sector.GOVERNMENT)
    biz = StakeholderFactory(dialogue=dialogue, name="Biz One", sector=Sector.PRIVATE)
    meeting.invited.set([gov, biz])

    phone = new_page(user=membership.user, mobile=True, javascript=False, language="fr")
    phone.goto(f"/fr/dialogues/{dialogue.pk}/meetings/{meeting.pk}/")
    assert_no_horizontal_scroll(phone)
    phone.get_by_label("Gov One").check()
    submit(phone, "form.attendance-form")
    assert phone.url.endswith("#attendance-heading")
    assert set(meeting.attended.all()) == {gov}
    warning = phone.locator(".turnout-warning").inner_text()
    assert t("fr", "Private sector") in warning

    arabic = new_page(user=membership.user, language="ar")
    arabic.goto(f"/ar/dialogues/{dialogue.pk}/")
    assert arabic.locator(".attendance-chart svg").get_attribute("direction") == "rtl"
    assert arabic.locator(".attendance-table").is_visible()
    assert_accessible(arabic)
    arabic.goto(f"/ar/dialogues/{dialogue.pk}/meetings/{meeting.pk}/")
    assert_accessible(arabic)
