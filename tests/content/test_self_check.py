"""The readiness self-check of Part 1: a plain GET form anyone can answer, without an account
or JavaScript, whose result says where the team stands and what to read next."""

import pytest
from django.urls import reverse
from django.utils import translation

from dialogues.readiness import QUESTIONS, SECTIONS, Answer, Result, evaluate

ALL_YES = dict.fromkeys(QUESTIONS, Answer.YES.value)


def url(language="en"):
    with translation.override(language):
        return reverse("content:self-check")


def test_all_yes_is_ready_and_one_unsafe_answer_stops_it():
    assert evaluate(ALL_YES)[0] == Result.READY
    assert evaluate({**ALL_YES, "participants_safe": "no"})[0] == Result.NOT_YET
    # The same "no" on a question that does not block only asks for work.
    assert evaluate({**ALL_YES, "co_convenors": "no"})[0] == Result.READY
    assert evaluate({**ALL_YES, "co_convenors": "no", "capacity": "no"})[0] == Result.WORK


def test_each_section_is_graded_on_its_own_answers():
    answers = {**ALL_YES, **{q.key: "no" for q in SECTIONS[1].questions}}
    overall, sections = evaluate(answers)
    assert overall == Result.NOT_YET
    assert [s.result for s in sections] == [Result.READY, Result.NOT_YET, Result.READY]
    assert (sections[1].score, sections[1].maximum) == (0, 8)


@pytest.mark.parametrize(
    ("language", "question", "heading"),
    [
        ("en", "Can you state the challenge in one sentence?", "Is it safe?"),
        ("fr", "Pouvez-vous énoncer le défi en une phrase ?", "Est-ce sûr ?"),
        ("es", "¿Pueden enunciar el desafío en una frase?", "¿Es seguro?"),
        ("ar", "هل يمكنكم صياغة التحدي في جملة واحدة؟", "هل الأمر آمن؟"),
    ],
)
def test_questionnaire_in_four_languages(client, db, language, question, heading):
    response = client.get(url(language))
    assert response.status_code == 200
    page = response.content.decode()
    assert question in page
    assert heading in page
    assert 'method="get"' in page
    assert page.count('type="radio"') == 3 * len(QUESTIONS)


def test_answers_give_a_result_and_chapters_to_read(client, toolkit):
    answers = {**ALL_YES, "legitimate": "partly", "capacity": "partly", "co_convenors": "no"}
    response = client.get(url(), answers)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your result:" in page
    assert '<span class="readiness-overall">Ready after some work</span>' in page
    # The weak section points to the convenor chapter and its tools, the strong ones do not.
    with translation.override("en"):
        convenor = reverse("content:chapter", kwargs={"part": "ready", "slug": "the-convenor"})
        budget = reverse("content:tool", kwargs={"slug": "dialogue-budget"})
        do_no_harm = reverse("content:tool", kwargs={"slug": "do-no-harm"})
    assert convenor in page
    assert budget in page
    assert do_no_harm not in page
    # The answers stay ticked below the result.
    assert 'value="partly" id="id_legitimate_1" checked' in page
    # Anonymous readers are asked to log in to save, and offered no save form.
    assert "to save your answers into a dialogue" in page
    assert "readiness/save/" not in page


def test_unsafe_answer_sends_to_do_no_harm(client, toolkit):
    response = client.get(url("fr"), {**ALL_YES, "participants_safe": "no"})
    page = response.content.decode()
    assert "Pas encore" in page
    with translation.override("fr"):
        assert reverse("content:tool", kwargs={"slug": "do-no-harm"}) in page


def test_unanswered_questions_are_marked_next_to_them(client, db):
    answers = dict(ALL_YES)
    del answers["data_safe"]
    response = client.get(url(), answers)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_data_safe-error">Choose an answer to this question.' in page
    assert "Your result:" not in page


def test_made_up_answer_is_refused(client, db):
    response = client.get(url(), {**ALL_YES, "motives": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_part_one_offers_the_self_check_and_the_other_parts_do_not(client, toolkit):
    with translation.override("ar"):
        ready = reverse("content:part", kwargs={"part": "ready"})
        go = reverse("content:part", kwargs={"part": "go"})
    assert url("ar") in client.get(ready).content.decode()
    other = client.get(go)
    assert other.status_code == 200
    assert "self-check-offer" not in other.content.decode()
