"""The readiness self-check in a real browser: answered by an anonymous reader with
JavaScript, and by a facilitator without it, who saves two checks into the Ready stage and
sees the later answers beside the earlier ones."""

from django.urls import reverse
from django.utils import translation

from dialogues.models import ReadinessCheck
from dialogues.readiness import QUESTIONS

from .helpers import assert_accessible, follow, submit, t

CHOICE = {"yes": 0, "partly": 1, "no": 2}


def answer(page, answers):
    for key, value in answers.items():
        page.check(f"#id_{key}_{CHOICE[value]}")


def self_check_path(language):
    with translation.override(language):
        return reverse("content:self-check")


def test_anonymous_reader_gets_a_result_and_what_to_read(new_page, toolkit):
    page = new_page(language="es")
    page.guard.expected_statuses.add(400)
    page.goto(self_check_path("es"))
    assert_accessible(page)
    # Sent with questions left out: told which, next to each, and nothing is lost.
    page.check("#id_challenge_0")
    submit(page, "form.self-check-form")
    assert page.locator("#id_data_safe-error").inner_text() == t(
        "es", "Choose an answer to this question."
    )
    assert page.is_checked("#id_challenge_0")
    answer(page, {**dict.fromkeys(QUESTIONS, "yes"), "participants_safe": "no"})
    submit(page, "form.self-check-form")
    assert page.locator(".readiness-overall").inner_text() == "Todavía no"
    assert_accessible(page)
    follow(page, page.locator(".read-next a[href*='do-no-harm']"))
    assert "/es/toolkit/tools/do-no-harm/" in page.url


def test_facilitator_saves_checks_without_javascript(new_page, demo):
    page = new_page(user=demo.facilitator, language="fr", javascript=False)
    page.goto(self_check_path("fr"))
    first = {**dict.fromkeys(QUESTIONS, "yes"), "co_convenors": "no", "capacity": "no"}
    answer(page, first)
    submit(page, "form.self-check-form")
    assert page.locator(".readiness-overall").inner_text() == "Prêts après un peu de travail"
    page.select_option("#id_dialogue", str(demo.dialogue.pk))
    submit(page, ".self-check-result form")
    assert f"/fr/dialogues/{demo.dialogue.pk}/readiness/" in page.url

    page.goto(self_check_path("fr"))
    answer(page, dict.fromkeys(QUESTIONS, "yes"))
    submit(page, "form.self-check-form")
    page.select_option("#id_dialogue", str(demo.dialogue.pk))
    submit(page, ".self-check-result form")

    results = page.locator(".readiness-result").all_inner_texts()
    assert results == ["Prêts après un peu de travail", "Prêts à organiser le dialogue"]
    row = page.locator("tr", has_text="Avez-vous trouvé des co-organisateurs").inner_text()
    assert row.index("Non") < row.index("Oui")
    saved = ReadinessCheck.objects.filter(dialogue=demo.dialogue).order_by("created")
    assert [check.answers["co_convenors"] for check in saved] == ["no", "yes"]
    assert {check.created_by for check in saved} == {demo.facilitator}
