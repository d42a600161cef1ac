"""My work: what is assigned to me across my dialogues, due first, and only where I may look."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import CommitmentStatus, Role
from dialogues.selectors.checklists import assigned_open_items

from .factories import (
    ChecklistItemFactory,
    CommitmentFactory,
    DialogueFactory,
    DialogueMembershipFactory,
)


def _titles(html):
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split("<tr>")[1:]


@pytest.mark.django_db
def test_my_work_lists_my_open_items_across_dialogues_due_first(client, world):
    me = world.users["facilitator"]
    other_dialogue = DialogueFactory(title="Coastal erosion")
    DialogueMembershipFactory(dialogue=other_dialogue, user=me, role=Role.VIEWER)
    today = timezone.localdate()
    later = ChecklistItemFactory(
        dialogue=world.dialogue, assignee=me, title="Book the hall", due_date=today + timedelta(9)
    )
    undated = ChecklistItemFactory(dialogue=other_dialogue, assignee=me, title="Draft the rules")
    overdue = ChecklistItemFactory(
        dialogue=other_dialogue,
        assignee=me,
        title="Call the ministry",
        due_date=today - timedelta(2),
    )
    ChecklistItemFactory(
        dialogue=world.dialogue, assignee=me, title="Done already", done_at=timezone.now()
    )
    ChecklistItemFactory(dialogue=world.dialogue, assignee=world.users["owner"], title="Not mine")

    client.force_login(me)
    html = client.get(reverse("dialogues:my-work")).content.decode()
    rows = _titles(html)
    assert [
        next(t for t in ("Call the ministry", "Book the hall", "Draft the rules") if t in row)
        for row in rows
    ] == [
        "Call the ministry",
        "Book the hall",
        "Draft the rules",
    ]
    assert "overdue" in rows[0] and "Coastal erosion" in rows[0]
    assert f"?stage={later.stage}#item-{later.pk}" in rows[1]
    assert "Done already" not in html and "Not mine" not in html
    assert {undated.pk, overdue.pk} <= set(assigned_open_items(me).values_list("pk", flat=True))


@pytest.mark.django_db
def test_my_work_leaves_out_dialogues_i_can_no_longer_open(client, world):
    me = world.users["facilitator"]
    ChecklistItemFactory(dialogue=world.dialogue, assignee=me, title="Book the hall")
    world.dialogue.memberships.filter(user=me).delete()
    client.force_login(me)
    html = client.get(reverse("dialogues:my-work")).content.decode()
    assert "Book the hall" not in html
    assert "Nothing is assigned to you right now." in html
    # The list follows the rule that guards the dialogue.
    assert not me.has_perm("dialogues.view_dialogue", world.dialogue)


@pytest.mark.django_db
def test_my_work_hides_dialogues_behind_two_factor_until_it_is_on(client, world):
    me = world.users["facilitator"]
    ChecklistItemFactory(dialogue=world.dialogue, assignee=me, title="Book the hall")
    world.organisation.require_two_factor = True
    world.organisation.save()
    client.force_login(me)
    assert world.dialogue.title not in client.get(reverse("dialogues:my-work")).content.decode()


@pytest.mark.django_db
def test_my_work_asks_for_a_login(client):
    response = client.get(reverse("dialogues:my-work"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_my_work_costs_the_same_queries_for_many_items(
    client, world, django_assert_max_num_queries
):
    me = world.users["facilitator"]
    for number in range(30):
        dialogue = DialogueFactory()
        DialogueMembershipFactory(dialogue=dialogue, user=me, role=Role.FACILITATOR)
        ChecklistItemFactory(
            dialogue=dialogue, assignee=me, due_date=date(2026, 1, 1) + timedelta(number)
        )
    client.force_login(me)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("dialogues:my-work")).content.decode()
    assert html.count("#item-") == 30


# --- Commitments I follow up --------------------------------------------------------------------


@pytest.mark.django_db
def test_my_work_lists_the_commitments_i_follow_up_beside_my_items_due_first(world, login):
    me = world.users["facilitator"]
    elsewhere = DialogueFactory(title="Coastal erosion")
    DialogueMembershipFactory(dialogue=elsewhere, user=me, role=Role.FACILITATOR)
    ChecklistItemFactory(
        dialogue=world.dialogue,
        assignee=me,
        title="Book the hall",
        due_date=timezone.localdate() + timedelta(5),
    )
    CommitmentFactory(
        dialogue=elsewhere,
        assignee=me,
        description="Publish the erosion survey",
        due_date=timezone.localdate() - timedelta(1),
        status=CommitmentStatus.IN_PROGRESS,
    )
    later = CommitmentFactory(
        dialogue=world.dialogue,
        assignee=me,
        description="Fund the cold store",
        due_date=timezone.localdate() + timedelta(9),
    )
    CommitmentFactory(dialogue=world.dialogue, assignee=me, description="Undated talks")
    for status in (CommitmentStatus.DONE, CommitmentStatus.DROPPED):
        CommitmentFactory(
            dialogue=world.dialogue, assignee=me, description=f"Closed {status}", status=status
        )
    CommitmentFactory(
        dialogue=world.dialogue, assignee=world.users["owner"], description="Not mine"
    )
    html = login(me).get(reverse("dialogues:my-work")).content.decode()
    order = ["Publish the erosion survey", "Book the hall", "Fund the cold store", "Undated talks"]
    rows = _titles(html)
    assert [next(t for t in order if t in row) for row in rows] == order
    assert "overdue" in rows[0] and "Coastal erosion" in rows[0] and "In progress" in rows[0]
    assert later.get_absolute_url() in rows[2] and "Commitment to follow up" in rows[2]
    assert "Closed" not in html and "Not mine" not in html


@pytest.mark.django_db
def test_a_long_list_of_work_comes_in_pages_items_and_commitments_in_one_order(
    world, login, monkeypatch
):
    monkeypatch.setattr("dialogues.views.dialogues.MY_WORK_PAGE_SIZE", 2)
    me = world.users["facilitator"]
    day = timezone.localdate()
    for days, title in ((3, "Item in three days"), (1, "Item tomorrow"), (None, "Item undated")):
        ChecklistItemFactory(
            dialogue=world.dialogue,
            assignee=me,
            title=title,
            due_date=day + timedelta(days) if days is not None else None,
        )
    for days, text in ((2, "Commitment in two days"), (3, "Commitment in three days")):
        CommitmentFactory(
            dialogue=world.dialogue, assignee=me, description=text, due_date=day + timedelta(days)
        )
    client = login(me)
    seen = []
    for number in (1, 2, 3):
        html = client.get(reverse("dialogues:my-work"), {"page": number}).content.decode()
        assert f"Page {number} of 3" in html
        seen += [row.split('dir="auto">', 1)[1].split("<", 1)[0] for row in _titles(html)]
    assert seen == [
        "Item tomorrow",
        "Commitment in two days",
        "Item in three days",  # on the same day, items come before commitments
        "Commitment in three days",
        "Item undated",
    ]
    assert 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.django_db
def test_my_work_hides_commitments_behind_two_factor_and_in_archived_dialogues(world, login):
    me = world.users["facilitator"]
    CommitmentFactory(dialogue=world.dialogue, assignee=me, description="Map the boats")
    client = login(me)
    assert "Map the boats" in client.get(reverse("dialogues:my-work")).content.decode()
    world.organisation.require_two_factor = True
    world.organisation.save()
    assert "Map the boats" not in client.get(reverse("dialogues:my-work")).content.decode()


@pytest.mark.django_db
def test_my_work_costs_the_same_queries_for_many_commitments(
    world, login, django_assert_max_num_queries
):
    me = world.users["facilitator"]
    client = login(me)

    def add(count):
        for _n in range(count):
            dialogue = DialogueFactory()
            DialogueMembershipFactory(dialogue=dialogue, user=me, role=Role.FACILITATOR)
            CommitmentFactory(dialogue=dialogue, assignee=me)
            ChecklistItemFactory(dialogue=dialogue, assignee=me)

    add(1)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("dialogues:my-work"))
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("dialogues:my-work")).content.decode()
    assert html.count("/commitments/") == 31 and html.count("#item-") == 31
