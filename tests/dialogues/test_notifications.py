"""Members hear about their own work by email, in their language, as often as they chose."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    Activity,
    DialogueMembership,
    Invitation,
    NotificationChoice,
    NotificationPreference,
)
from dialogues.services.checklists import checklist_item_update
from dialogues.services.dialogues import dialogue_archive, dialogue_delete, dialogue_member_remove
from dialogues.services.meetings import meeting_create, meeting_update
from dialogues.services.notifications import (
    digests_send,
    notification_preference_set,
    notification_token,
)

from .factories import ChecklistItemFactory


def _change_path(message):
    return re.search(r"https?://[^/\s]+(/\S+/notifications/change/\S+/)", message.body).group(1)


def _assign(item, to, by):
    item.assignee = to
    checklist_item_update(item=item, user=by, version=item.version, fields=["assignee"])


@pytest.mark.django_db(transaction=True)
def test_an_assigned_member_is_told_in_their_language_with_a_link_to_change_it(world):
    viewer = world.users["viewer"]
    Invitation.objects.create(
        email=viewer.email,
        dialogue=world.dialogue,
        role="viewer",
        language="fr",
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
        accepted_by=viewer,
    )
    item = ChecklistItemFactory(dialogue=world.dialogue, title="Book the hall")
    _assign(item, viewer, world.users["facilitator"])
    [message] = mail.outbox
    assert message.to == [viewer.email]
    assert world.dialogue.title in message.subject
    assert "Book the hall" in message.body
    assert "vous a confié" in message.body  # French, the language the member was invited in
    assert message.extra_headers["List-Unsubscribe"].endswith(_change_path(message) + ">")


@pytest.mark.django_db(transaction=True)
def test_nobody_is_told_about_their_own_change_or_against_their_choice(world):
    facilitator, viewer = world.users["facilitator"], world.users["viewer"]
    _assign(ChecklistItemFactory(dialogue=world.dialogue), facilitator, facilitator)
    notification_preference_set(
        user=viewer, dialogue=world.dialogue, choice=NotificationChoice.DIGEST
    )
    _assign(ChecklistItemFactory(dialogue=world.dialogue), viewer, facilitator)
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_members_hear_when_a_meeting_is_scheduled_or_moved(world):
    facilitator = world.users["facilitator"]
    for name in ("owner", "superuser_viewer", "staff_viewer"):
        notification_preference_set(
            user=world.users[name], dialogue=world.dialogue, choice=NotificationChoice.NONE
        )
    meeting = meeting_create(
        dialogue=world.dialogue,
        user=facilitator,
        fields={"title": "Round table in Mbour", "starts_at": timezone.now() + timedelta(days=7)},
    )
    assert [m.to for m in mail.outbox] == [[world.users["viewer"].email]]
    assert "Round table in Mbour" in mail.outbox[0].body

    mail.outbox.clear()
    meeting_update(
        meeting=meeting,
        user=facilitator,
        version=meeting.version,
        fields=["title"],
        invited=[],
        attended=[],
    )
    assert mail.outbox == []  # same time: nothing to tell
    meeting.starts_at += timedelta(days=1)
    meeting_update(
        meeting=meeting,
        user=facilitator,
        version=meeting.version,
        fields=["starts_at"],
        invited=[],
        attended=[],
    )
    [moved] = mail.outbox
    assert "moved" in moved.subject and moved.to == [world.users["viewer"].email]


@pytest.mark.django_db(transaction=True)
def test_the_link_in_an_email_changes_the_choice_without_logging_in(client, world):
    _assign(
        ChecklistItemFactory(dialogue=world.dialogue), world.users["viewer"], world.users["owner"]
    )
    path = _change_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200 and world.dialogue.title in page.content.decode()
    client.post(path, {"choice": "none"})
    assert NotificationPreference.objects.get(user=world.users["viewer"]).choice == "none"
    # A forged or altered link changes nothing.
    assert client.post(path.replace("/change/", "/change/x"), {"choice": "all"}).status_code == 404
    assert client.post(path, {"choice": "often"}).status_code == 400
    assert NotificationPreference.objects.get(user=world.users["viewer"]).choice == "none"


@pytest.mark.django_db
def test_each_member_chooses_per_dialogue_in_their_account(client, world):
    viewer = world.users["viewer"]
    client.force_login(viewer)
    html = client.get(reverse("dialogues:notification-settings")).content.decode()
    assert world.dialogue.title in html
    assert f'id="choice-{world.dialogue.pk}-all" checked' in html
    response = client.post(
        reverse("dialogues:notification-settings-update", kwargs={"pk": world.dialogue.pk}),
        {"choice": "digest"},
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=viewer).choice == "digest"
    # A choice that is not one of the options changes nothing and says so.
    response = client.post(
        reverse("dialogues:notification-settings-update", kwargs={"pk": world.dialogue.pk}),
        {"choice": "hourly"},
        follow=True,
    )
    assert "Choose one of the options." in response.content.decode()
    assert NotificationPreference.objects.get(user=viewer).choice == "digest"
    # Not for a dialogue one cannot open.
    client.force_login(world.users["outsider"])
    response = client.post(
        reverse("dialogues:notification-settings-update", kwargs={"pk": world.dialogue.pk}),
        {"choice": "none"},
    )
    assert response.status_code == 404
    assert not NotificationPreference.objects.filter(user=world.users["outsider"]).exists()


def _daily_summary_due(world):
    """The viewer chose a daily summary, and the owner then changed the dialogue (unarchived
    it): the viewer's summary is due. Returns the viewer."""
    viewer = world.users["viewer"]
    notification_preference_set(
        user=viewer, dialogue=world.dialogue, choice=NotificationChoice.DIGEST
    )
    dialogue_archive(dialogue=world.dialogue, user=world.users["owner"], archived=False)
    return viewer


@pytest.mark.django_db(transaction=True)
def test_a_daily_summary_lists_what_others_changed_once_a_day(world):
    viewer = _daily_summary_due(world)
    Activity.objects.create(
        dialogue=world.dialogue, actor=viewer, verb=Activity.Verb.UPDATED, target_label="Mine"
    )
    assert digests_send() == 1
    [summary] = mail.outbox
    assert summary.to == [viewer.email]
    assert "unarchived" in summary.body and "Mine" not in summary.body
    assert digests_send() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_no_daily_summary_reaches_someone_who_left_the_dialogue(world):
    viewer = _daily_summary_due(world)
    # Taken off the team in the admin, where nothing else is cleared.
    DialogueMembership.objects.filter(dialogue=world.dialogue, user=viewer).delete()
    assert digests_send() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_daily_command_sends_the_summaries_and_says_how_many(world):
    import io

    from django.core.management import call_command

    viewer = _daily_summary_due(world)
    out = io.StringIO()
    call_command("send_member_digests", stdout=out)
    assert out.getvalue().strip() == "Queued 1 daily summary email(s)."
    assert [message.to for message in mail.outbox] == [[viewer.email]]
    out = io.StringIO()
    call_command("send_member_digests", stdout=out)
    assert out.getvalue().strip() == "Queued 0 daily summary email(s)."


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["removed", "deleted"])
def test_the_link_in_an_email_closes_with_the_membership(client, world, how):
    """Someone removed from the team (or whose dialogue is deleted) sees nothing of the
    dialogue through the link of an old email, and stores nothing."""
    viewer = world.users["viewer"]
    token = notification_token(user=viewer, dialogue=world.dialogue)
    path = reverse("dialogues:notification-change", kwargs={"token": token})
    assert client.get(path).status_code == 200
    if how == "removed":
        membership = world.dialogue.memberships.get(user=viewer)
        dialogue_member_remove(membership=membership, user=world.users["owner"])
    else:
        dialogue_delete(dialogue=world.dialogue, user=world.users["owner"])
    page = client.get(path)
    assert page.status_code == 404 and world.dialogue.title not in page.content.decode()
    assert client.post(path, {"choice": "none"}).status_code == 404
    assert not NotificationPreference.objects.filter(user=viewer).exists()
