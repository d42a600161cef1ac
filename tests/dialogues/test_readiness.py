"""Saving the readiness self-check into a dialogue's Ready stage, and reading the checks side
by side: who saved which answers when, and what came of them."""

import pytest
from django.urls import reverse
from django.utils import translation

from dialogues.models import Activity, ReadinessCheck
from dialogues.readiness import QUESTIONS, Answer, Result

from . import factories

ALL_YES = dict.fromkeys(QUESTIONS, Answer.YES.value)
SAVE = "/en/dialogues/readiness/save/"


def history_url(dialogue, language="en"):
    with translation.override(language):
        return reverse("dialogues:readiness", kwargs={"dialogue_pk": dialogue.pk})


def test_result_page_offers_the_dialogues_a_member_may_save_into(world, login):
    other = factories.DialogueMembershipFactory(user=world.users["facilitator"]).dialogue
    client = login(world.users["facilitator"])
    with translation.override("en"):
        page = client.get(reverse("content:self-check"), ALL_YES).content.decode()
    assert f'action="{SAVE}"' in page
    assert f'<option value="{world.dialogue.pk}">' in page
    assert f'<option value="{other.pk}">' not in page  # a viewer there: may not save
    assert 'type="hidden" name="participants_safe" value="yes"' in page


def test_saved_checks_show_side_by_side(world, login):
    client = login(world.users["facilitator"])
    first = {**ALL_YES, "participants_safe": "no"}
    response = client.post(SAVE, {**first, "dialogue": world.dialogue.pk})
    assert response.status_code == 302
    assert response["Location"] == history_url(world.dialogue)
    second = {**ALL_YES, "co_convenors": "partly"}
    client.post(SAVE, {**second, "dialogue": world.dialogue.pk})

    checks = list(ReadinessCheck.objects.filter(dialogue=world.dialogue).order_by("created"))
    assert [c.result for c in checks] == [Result.NOT_YET, Result.READY]
    assert checks[0].answers == first
    assert checks[0].created_by == world.users["facilitator"]
    assert Activity.objects.filter(dialogue=world.dialogue, target_type="readinesscheck").count()

    viewer = login(world.users["viewer"])
    page = viewer.get(history_url(world.dialogue, "fr")).content.decode()
    assert page.count(world.users["facilitator"].email) >= 2
    # The safety answer changed from one check to the next, and both are shown, in order.
    row = page.split("Les personnes peuvent-elles participer sans risque")[1].split("</tr>")[0]
    assert row.index("Non") < row.index("Oui")
    results = page.split('class="fw-semibold readiness-result">')[1:]
    assert results[0].startswith("Pas encore") and results[1].startswith("Prêts à organiser")


def test_incomplete_answers_are_not_saved(world, login):
    client = login(world.users["facilitator"])
    answers = dict(ALL_YES)
    del answers["capacity"]
    response = client.post(SAVE, {**answers, "dialogue": world.dialogue.pk})
    assert response.status_code == 400
    assert "Choose an answer to this question." in response.content.decode()
    assert not ReadinessCheck.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 400)])
def test_who_may_not_save_into_the_dialogue(world, login, role, status):
    """A viewer may save into no dialogue at all (403); the outsider, owner of another
    dialogue, cannot choose this one (400). Nothing is stored."""
    client = login(world.users[role])
    response = client.post(SAVE, {**ALL_YES, "dialogue": world.dialogue.pk})
    assert response.status_code == status
    assert not ReadinessCheck.objects.filter(dialogue=world.dialogue).exists()


def test_saving_needs_an_account(world, client):
    response = client.post(SAVE, {**ALL_YES, "dialogue": world.dialogue.pk})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ReadinessCheck.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("superuser", 404), ("viewer", 200)]
)
def test_who_sees_the_history(world, login, role, status):
    assert login(world.users[role]).get(history_url(world.dialogue)).status_code == status


def test_history_costs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    for _number in range(12):
        factories.DialogueMembershipFactory(dialogue=world.dialogue, role="facilitator")
        ReadinessCheck.objects.create(
            dialogue=world.dialogue,
            answers=ALL_YES,
            result=Result.READY,
            created_by=factories.UserFactory(),
        )
    client = login(world.users["viewer"])
    with django_assert_max_num_queries(15):
        page = client.get(history_url(world.dialogue)).content.decode()
    assert page.count('class="fw-semibold readiness-result"') == 12
