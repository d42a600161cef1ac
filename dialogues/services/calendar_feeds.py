"""A membership that ends by any path closes the calendar feed addresses it opened.

The services that remove a member or change a role do it themselves and name who acted
(`calendar_feeds_kept_from`). A membership can also end without them: an account deleted in
the admin or from a shell takes its memberships with it, a membership row can be deleted
directly, an account can be switched off (Active unticked in the admin: it keeps its
memberships but gets no role from them, see rules.py). Missing one of those paths would leave
a working secret address with someone who left, so this one is the exception to "no side
effects in signals": the receivers below catch every deletion of a membership row, cascades
included, and every account switched off, and do what the services do. The person is gone or
the path is not ours, so the log names no one.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from ..models import Dialogue, DialogueMembership, OrganisationMembership
from .dialogues import calendar_feeds_readable, calendar_feeds_rotate_lost, calendar_feeds_watched

# Set on a membership between its pre_delete and post_delete (on an account between its pre_save
# and post_save): the feeds its member could read.
_READABLE = "_calendar_feeds_readable"


def _dialogues_of(membership):
    if isinstance(membership, DialogueMembership):
        return Dialogue.objects.alive().filter(pk=membership.dialogue_id)
    return Dialogue.objects.alive().filter(organisation_id=membership.organisation_id)


def _deletes_a_dialogue(origin):
    """Whether the deletion started from a dialogue (purged): its feed goes with it."""
    model = getattr(origin, "model", type(origin))
    return isinstance(model, type) and issubclass(model, Dialogue)


def membership_deleting(sender, instance, origin=None, **kwargs):
    """Before a membership row goes: note the feeds its member can read."""
    if _deletes_a_dialogue(origin) or calendar_feeds_watched(instance.user):
        return
    setattr(instance, _READABLE, calendar_feeds_readable(instance.user, _dialogues_of(instance)))


def membership_deleted(sender, instance, **kwargs):
    """After it went: a new address for each of those feeds the member may no longer read.
    When an account goes, each of its memberships passes here; an address already changed
    by an earlier one is left as it is."""
    readable = instance.__dict__.pop(_READABLE, None)
    if readable:
        calendar_feeds_rotate_lost(instance.user, readable, user=None)


def account_switching_off(sender, instance, update_fields=None, **kwargs):
    """Before an account is saved inactive: if it was active, note the feeds it can read."""
    if instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk, is_active=True).first()
    if stored is not None:
        dialogues = Dialogue.objects.visible_to(stored)
        setattr(instance, _READABLE, calendar_feeds_readable(stored, dialogues))


def account_switched_off(sender, instance, **kwargs):
    """After: an inactive account has no role, so each of those feeds gets a new address."""
    readable = instance.__dict__.pop(_READABLE, None)
    if readable:
        calendar_feeds_rotate_lost(instance, readable, user=None)


def connect():
    """Called once the app is ready; rules.py (imported by the services) has connected its own
    receivers by then, so a role asked here is never one remembered from before the deletion."""
    for model in (DialogueMembership, OrganisationMembership):
        uid = f"calendar-feeds-{model.__name__}"
        pre_delete.connect(membership_deleting, sender=model, dispatch_uid=uid)
        post_delete.connect(membership_deleted, sender=model, dispatch_uid=uid)
    user = get_user_model()
    pre_save.connect(account_switching_off, sender=user, dispatch_uid="calendar-feeds-account")
    post_save.connect(account_switched_off, sender=user, dispatch_uid="calendar-feeds-account")
