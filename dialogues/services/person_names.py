"""A person's name as pages show it (`accounts.names.display_name`: the full name, else the
email address) can change outside the dialogues' services: in the admin, or when someone makes
another address their main one. Kept parts of workspace pages name people (who ticked an item,
who follows a commitment up), so the dialogues that may name them move all their revisions
then. Like the receivers of `calendar_feeds`, an exception to "no side effects in signals": the
path is not ours. Nothing is logged; the log keeps the names it recorded.
"""

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.db.models.signals import post_save, pre_save

from accounts.names import display_name

from ..models import Dialogue

NAME_FIELDS = ("first_name", "last_name", "email", "username")
# Set on an account between its pre_save and post_save when the name pages show changes.
_RENAMED = "_dialogues_name_changed"


def dialogues_naming(user):
    """The dialogues whose pages may name the person: theirs, their organisations', and those
    whose items or commitments they were given or ticked."""
    return Dialogue.objects.filter(
        Q(memberships__user=user)
        | Q(organisation__memberships__user=user)
        | Q(checklist_items__assignee=user)
        | Q(checklist_items__done_by=user)
        | Q(commitments__assignee=user)
    )


def person_renamed(*, user):
    """Move every revision of the dialogues that may name the person."""
    moved = {f"{part}_revision": F(f"{part}_revision") + 1 for part in Dialogue.PARTS}
    Dialogue.objects.filter(pk__in=dialogues_naming(user).values("pk")).update(
        revision=F("revision") + 1, **moved
    )


def account_saving(sender, instance, update_fields=None, **kwargs):
    """Before an account is saved: note whether the name pages show of it changes. A save of
    other fields only (the time of the last sign-in) reads nothing."""
    if instance.pk is None or (
        update_fields is not None and not set(update_fields) & set(NAME_FIELDS)
    ):
        return
    before = sender.objects.filter(pk=instance.pk).values(*NAME_FIELDS).first()
    if before is not None and display_name(sender(**before)) != display_name(instance):
        setattr(instance, _RENAMED, True)


def account_saved(sender, instance, **kwargs):
    if instance.__dict__.pop(_RENAMED, False):
        person_renamed(user=instance)


def connect():
    user = get_user_model()
    pre_save.connect(account_saving, sender=user, dispatch_uid="dialogues-person-names")
    post_save.connect(account_saved, sender=user, dispatch_uid="dialogues-person-names")
