"""Writes of the links sent to stakeholders: create, email, revoke, and what a link's holder does
through it (stop emails)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import (
    Activity,
    MeetingReply,
    OutboundMessage,
    Stakeholder,
    StakeholderLink,
    hash_token,
    new_link_token,
)
from .dialogues import activity_record
from .outbox import email_render, message_queue


def link_url(*, token, language):
    """The absolute address of a link, in the language its holder reads."""
    with translation.override(language):
        return settings.SITE_URL + reverse("dialogues:stakeholder-link", kwargs={"token": token})


@transaction.atomic
def stakeholder_link_create(
    *, stakeholder, purpose, user=None, meeting=None, commitment=None, valid_days=None
):
    """A new link; returns ``(link, token)``: the token exists only here and in the email."""
    token = new_link_token()
    days = valid_days or StakeholderLink.VALID_DAYS[purpose]
    link = StakeholderLink.objects.create(
        stakeholder=stakeholder,
        purpose=purpose,
        meeting=meeting,
        commitment=commitment,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    return link, token


@transaction.atomic
def stakeholder_email_queue(
    *,
    stakeholder,
    kind,
    template,
    context,
    user=None,
    attachments=(),
    meeting=None,
    commitment=None,
):
    """Queue an email to a stakeholder who consented, in their language, with a link to stop
    emails. ``template`` names ``<template>_subject.txt`` and ``<template>_body.txt``."""
    if not stakeholder.can_be_emailed:
        raise ValidationError(
            _("%(name)s has no email address or no recorded consent to be contacted.")
            % {"name": stakeholder.name},
            code="no_consent",
        )
    language = stakeholder.language
    _link, token = stakeholder_link_create(
        stakeholder=stakeholder, purpose=StakeholderLink.Purpose.UNSUBSCRIBE, user=user
    )
    unsubscribe_url = link_url(token=token, language=language)
    with translation.override(language):
        context = {
            **context,
            "stakeholder": stakeholder,
            "dialogue": stakeholder.dialogue,
            "unsubscribe_url": unsubscribe_url,
        }
        subject, body = email_render(template, context)
    return message_queue(
        kind=kind,
        to_email=stakeholder.email,
        subject=subject,
        body=body,
        dialogue=stakeholder.dialogue,
        stakeholder=stakeholder,
        meeting=meeting,
        commitment=commitment,
        sent_by=user,
        attachments=attachments,
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>"},
    )


@transaction.atomic
def stakeholder_link_revoke(*, link, user):
    """The team closes a link; whoever holds it then sees that it no longer works."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        activity_record(
            dialogue=link.stakeholder.dialogue,
            actor=user,
            verb=Activity.Verb.LINK_REVOKED,
            target=link.stakeholder,
            details={"purpose": link.purpose},
        )
    return link


@transaction.atomic
def stakeholder_unsubscribe(*, link):
    """The holder asks for no more emails: their recorded consent to be contacted is cleared."""
    stakeholder = Stakeholder.objects.select_for_update().get(pk=link.stakeholder_id)
    if stakeholder.consent_date is None and not stakeholder.consent_method:
        return stakeholder
    stakeholder.consent_date = None
    stakeholder.consent_method = ""
    stakeholder.version += 1
    stakeholder.save(update_fields=["consent_date", "consent_method", "version", "updated"])
    StakeholderLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    activity_record(
        dialogue=stakeholder.dialogue,
        actor=None,
        verb=Activity.Verb.UNSUBSCRIBED,
        target=stakeholder,
        details={"stakeholder": stakeholder.name},
    )
    return stakeholder


def stakeholder_outreach_erase(*, stakeholder, old_name):
    """Part of erasing a stakeholder: their links stop working, what they wrote in replies
    goes, emails to them lose the address, and the feed stops naming them. Replies and
    attendance stay, anonymous, for the counts."""
    StakeholderLink.objects.filter(stakeholder=stakeholder).delete()
    MeetingReply.objects.filter(stakeholder=stakeholder).update(note="")
    OutboundMessage.objects.filter(stakeholder=stakeholder).update(
        to_email="", body="", attachments=[], headers={}
    )
    named = Activity.objects.filter(
        dialogue_id=stakeholder.dialogue_id, details__stakeholder=old_name
    )
    for activity in named:
        activity.details["stakeholder"] = stakeholder.name
        activity.save(update_fields=["details"])
