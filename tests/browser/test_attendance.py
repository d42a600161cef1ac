"""Attendance taken on a phone without JavaScript; the overview's chart, right to left."""

from datetime import date, timedelta

from django.utils import timezone

from dialogues import charts
from dialogues.models import Role, Sector
from tests.dialogues.factories import DialogueMembershipFactory, MeetingFactory, StakeholderFactory

from .helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    local_path,
    mail_link,
    submit,
    t,
)


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
    # On the overview the chart keeps labels of 10px or more, scrolling in its own box.
    phone.goto(f"/fr/dialogues/{dialogue.pk}/")
    assert_no_horizontal_scroll(phone)
    chart_width = phone.locator(".attendance-chart svg").evaluate(
        "svg => svg.getBoundingClientRect().width"
    )
    assert chart_width * 12 / charts.WIDTH >= 10

    arabic = new_page(user=membership.user, language="ar")
    arabic.goto(f"/ar/dialogues/{dialogue.pk}/")
    assert arabic.locator(".attendance-chart svg").get_attribute("direction") == "rtl"
    assert arabic.locator(".attendance-table").is_visible()
    assert_accessible(arabic)
    arabic.goto(f"/ar/dialogues/{dialogue.pk}/meetings/{meeting.pk}/")
    assert_accessible(arabic)


def test_attendees_give_feedback_and_the_team_sees_it_from_three_answers(new_page):
    membership = DialogueMembershipFactory(role=Role.FACILITATOR)
    dialogue = membership.dialogue
    meeting = MeetingFactory(dialogue=dialogue, starts_at=timezone.now() - timedelta(hours=2))
    people = [
        StakeholderFactory(
            dialogue=dialogue,
            name=f"Person {n}",
            email=f"p{n}@example.org",
            consent_date=date(2026, 5, 3),
            preferred_language=language,
        )
        for n, language in enumerate(["ar", "fr", "en"])
    ]
    meeting.invited.set(people)
    meeting.attended.set(people)

    team = new_page(user=membership.user)
    team.goto(f"/en/dialogues/{dialogue.pk}/meetings/{meeting.pk}/")
    submit(team, "section[aria-labelledby=feedback-heading] form")
    assert "Feedback asked of 3 attendees." in team.locator(".messages").inner_text()

    for number, person in enumerate(people):
        page = new_page(language=person.preferred_language, javascript=number != 1)
        page.goto(local_path(mail_link(to=person.email, contains="/link/")))
        if person.preferred_language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert_accessible(page)
        language = person.preferred_language
        assert t(language, "Did you feel heard?") in page.locator("main").inner_text()
        page.locator("input[name=heard][value='5']").check()
        page.locator("input[name=fair][value='4']").check()
        submit(page)
        assert page.get_by_role("status").is_visible()
        if number == 1:
            team.reload()
            assert team.locator(".feedback-waiting").is_visible()

    team.reload()
    results = team.locator(".feedback-results").inner_text()
    assert "5.0" in results and "4.0" in results
