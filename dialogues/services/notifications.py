"""Emails to team members about their dialogue's work, each with a link to change how often.

Every email goes through the mail queue (services.outbox), in the member's language, and only
to members who may still open the dialogue and chose to hear about it.
"""

from datetime import timedelta

import rules
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from ..models import NotificationChoice, NotificationPreference, OutboundMessage
from ..selectors.commitments import owner_language
from ..selectors.notifications import digest_activities, digest_preferences, notification_choice
from .outbox import email_render, message_queue

LINK_SALT = "dialogues.notifications"


def notification_token(*, user, dialogue):
    """The signed part of the link that changes the user's choice for the dialogue, no login
    needed: it names them both and cannot be forged."""
    return signing.dumps([user.pk, dialogue.pk], salt=LINK_SALT, compress=True)


def notification_token_read(token):
    """(user_id, dialogue_id) from a link's token, or None if it was not made by the site."""
    try:
        user_id, dialogue_id = signing.loads(token, salt=LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return user_id, dialogue_id


@transaction.atomic
def notification_preference_set(*, user, dialogue, choice):
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, dialogue=dialogue, defaults={"choice": choice}
    )
    return preference


def _email(*, user, dialogue, kind, template, context):
    """Render the email in the member's language and put it in the queue."""
    base_url = settings.SITE_URL
    token = notification_token(user=user, dialogue=dialogue)
    with translation.override(owner_language(user)):
        context = {
            **context,
            "dialogue": dialogue,
            "site_url": base_url,
            "dialogue_url": base_url + dialogue.get_absolute_url(),
            "change_url": base_url
            + reverse("dialogues:notification-change", kwargs={"token": token}),
        }
        subject, body = email_render(f"dialogues/email/{template}", context)
    return message_queue(
        kind=kind,
        to_email=user.email,
        subject=subject,
        body=body,
        dialogue=dialogue,
        headers={"List-Unsubscribe": f"<{context['change_url']}>"},
    )


def member_notify(*, user, dialogue, actor, template, context):
    """Tell one member about a change that concerns them, unless they made it themselves, may
    no longer open the dialogue, or chose a daily summary or no email for it."""
    if user is None or not user.email or user == actor or not user.is_active:
        return None
    if not rules.has_perm("dialogues.view_dialogue", user, dialogue):
        return None
    if notification_choice(user, dialogue) != NotificationChoice.ALL:
        return None
    return _email(
        user=user,
        dialogue=dialogue,
        kind=OutboundMessage.Kind.MEMBER_NOTIFICATION,
        template=template,
        context={"user": user, "actor": actor, **context},
    )


def members_notify(*, dialogue, actor, template, context):
    """Tell every member of the dialogue's workspace (see member_notify for who is left out)."""
    for membership in dialogue.memberships.select_related("user"):
        member_notify(
            user=membership.user, dialogue=dialogue, actor=actor, template=template, context=context
        )


def digests_send(*, now=None):
    """Send each member who chose it one summary of the last day's changes per dialogue.

    Returns how many were queued; a second run within the day sends nothing more.
    """
    now = now or timezone.now()
    sent = 0
    for preference in digest_preferences(now=now):
        with transaction.atomic():
            claimed = NotificationPreference.objects.filter(pk=preference.pk).exclude(
                digest_sent_at__gt=now - timedelta(days=1)
            )
            if not claimed.update(digest_sent_at=now):
                continue
            if not rules.has_perm("dialogues.view_dialogue", preference.user, preference.dialogue):
                continue
            _email(
                user=preference.user,
                dialogue=preference.dialogue,
                kind=OutboundMessage.Kind.MEMBER_DIGEST,
                template="member_digest",
                context={
                    "user": preference.user,
                    "activities": list(digest_activities(preference, now=now)),
                },
            )
        sent += 1
    return sent
