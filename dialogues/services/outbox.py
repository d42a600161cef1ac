"""Writes of the mail queue: put an email in the queue, and deliver it with retries."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import OutboundMessage

logger = logging.getLogger(__name__)

# Seconds to wait before the second and the third attempt.
RETRY_DELAYS = (60, 600)


def email_render(template, context):
    """(subject, body) of an email in the active language, from ``<template>_subject.txt``
    (one line) and ``<template>_body.txt``."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    return subject, render_to_string(f"{template}_body.txt", context)


@transaction.atomic
def message_queue(
    *,
    kind,
    to_email,
    subject,
    body,
    dialogue=None,
    invitation=None,
    stakeholder=None,
    meeting=None,
    commitment=None,
    sent_by=None,
    attachments=(),
    headers=None,
):
    """Store the email and hand it to the task queue once the surrounding change is committed.

    ``attachments`` are ``(filename, text, mimetype)`` triples.
    """
    message = OutboundMessage.objects.create(
        kind=kind,
        to_email=to_email,
        subject=subject[:300],
        body=body,
        attachments=[list(item) for item in attachments],
        headers=headers or {},
        dialogue=dialogue,
        invitation=invitation,
        stakeholder=stakeholder,
        meeting=meeting,
        commitment=commitment,
        sent_by=sent_by if sent_by is not None and sent_by.is_authenticated else None,
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id, *, delay=None):
    from ..tasks import deliver_message

    task = deliver_message
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(message_id)


def message_deliver(*, message_id):
    """Send one queued email; on failure record why and try again later, up to MAX_ATTEMPTS."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status in (
            OutboundMessage.Status.SENT,
            OutboundMessage.Status.FAILED,
        ):
            return None
        email = EmailMultiAlternatives(
            message.subject, message.body, None, [message.to_email], headers=message.headers
        )
        for filename, content, mimetype in message.attachments:
            email.attach(filename, content, mimetype)
        message.attempts += 1
        try:
            email.send()
        except Exception as error:  # noqa: BLE001 - any transport error is recorded, not raised
            logger.warning("Email %s not delivered: %s", message.pk, error)
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            retry = message.attempts < OutboundMessage.MAX_ATTEMPTS
            message.status = (
                OutboundMessage.Status.RETRYING if retry else OutboundMessage.Status.FAILED
            )
            message.save(update_fields=["attempts", "last_error", "status"])
            if retry:
                delay = RETRY_DELAYS[min(message.attempts, len(RETRY_DELAYS)) - 1]
                transaction.on_commit(lambda: _enqueue(message.pk, delay=delay))
            return message
        message.status = OutboundMessage.Status.SENT
        message.sent_at = timezone.now()
        message.body = ""
        message.attachments = []
        message.last_error = ""
        message.save(
            update_fields=["attempts", "status", "sent_at", "body", "attachments", "last_error"]
        )
    return message
