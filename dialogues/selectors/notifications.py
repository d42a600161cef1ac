"""Reads of the members' email choices, and of what a daily summary tells."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery

from ..models import Activity, Dialogue, NotificationChoice, NotificationPreference


def notification_choice(user, dialogue):
    """The user's choice for the dialogue; a member who never chose hears about everything."""
    choice = (
        NotificationPreference.objects.filter(user=user, dialogue=dialogue)
        .values_list("choice", flat=True)
        .first()
    )
    return choice or NotificationChoice.ALL


def notification_settings(user, *, two_factor=True):
    """The live dialogues the user may open, by title, each with the user's choice; without
    ``two_factor`` (this session did not sign in with it), not those of organisations that
    require it."""
    chosen = NotificationPreference.objects.filter(user=user, dialogue=OuterRef("pk"))
    dialogues = (
        Dialogue.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .annotate(notification_choice=Subquery(chosen.values("choice")[:1]))
        .order_by("title", "pk")
    )
    if not two_factor:
        dialogues = dialogues.exclude(organisation__require_two_factor=True)
    for dialogue in dialogues:
        dialogue.notification_choice = dialogue.notification_choice or NotificationChoice.ALL
    return dialogues


def digest_preferences(*, now):
    """The daily-summary choices due now: not sent in the last day, and something happened in
    the dialogue since the last summary (or the last day), done by someone else."""
    since = now - timedelta(days=1)
    news = (
        Activity.objects.filter(dialogue=OuterRef("dialogue"), created__gt=since, created__lte=now)
        .exclude(actor=OuterRef("user"))
        .exclude(verb__in=Activity.READ_VERBS)
    )
    return (
        NotificationPreference.objects.filter(
            choice=NotificationChoice.DIGEST,
            dialogue__deleted_at__isnull=True,
            dialogue__archived_at__isnull=True,
        )
        .exclude(digest_sent_at__gt=since)
        .filter(Exists(news))
        .select_related("user", "dialogue")
    )


def digest_activities(preference, *, now):
    """What the summary lists: the last day's changes by others, oldest first."""
    return (
        Activity.objects.filter(
            dialogue=preference.dialogue, created__gt=now - timedelta(days=1), created__lte=now
        )
        .exclude(actor=preference.user)
        .exclude(verb__in=Activity.READ_VERBS)
        .select_related("actor")
        .order_by("created", "pk")
    )
