"""Writes of checklists: adding, editing, ticking off, reordering and removing items."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import (
    Activity,
    ChecklistItem,
)
from .dialogues import activity_record, save_versioned
from .notifications import member_notify

# Checklist items show on the checklists and the overview only (Dialogue.PARTS).
CHECKLISTS = ("checklists",)


def _next_order(dialogue, stage):
    last = ChecklistItem.objects.filter(dialogue=dialogue, stage=stage).aggregate(m=Max("order"))
    return (last["m"] or 0) + 10


@transaction.atomic
def checklist_item_create(
    *, dialogue, user, stage, title, assignee=None, due_date=None, note="", chapter=None, tool=None
):
    item = ChecklistItem.objects.create(
        dialogue=dialogue,
        stage=stage,
        order=_next_order(dialogue, stage),
        title=title,
        assignee=assignee,
        due_date=due_date,
        note=note,
        chapter=chapter,
        tool=tool,
    )
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.CREATED,
        target=item,
        details={"stage": stage},
        parts=CHECKLISTS,
    )
    return item


@transaction.atomic
def checklist_item_update(*, item, user, version, fields):
    """Save the edited fields unless someone saved the item meanwhile (ConflictError)."""
    if fields:
        save_versioned(instance=item, version=version, fields=fields)
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=item,
        details={"fields": sorted(fields)},
        parts=CHECKLISTS,
    )
    if "assignee" in fields and item.assignee_id:
        member_notify(
            user=item.assignee,
            dialogue=item.dialogue,
            actor=user,
            template="item_assigned",
            context={"item": item},
        )
    return item


@transaction.atomic
def checklist_item_set_done(*, item, user, done):
    """Mark an item done (remembering who and when) or open again; no-op if already so."""
    if done == item.is_done:
        return item
    item.done_at = timezone.now() if done else None
    item.done_by = user if done else None
    item.save(update_fields=["done_at", "done_by", "updated"])
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.COMPLETED if done else Activity.Verb.REOPENED,
        target=item,
        parts=CHECKLISTS,
    )
    return item


@transaction.atomic
def checklist_item_move(*, item, user, direction):
    """Swap the item with its neighbour in the stage ("up" or "down"); False at either end."""
    siblings = list(
        ChecklistItem.objects.select_for_update()
        .filter(dialogue_id=item.dialogue_id, stage=item.stage)
        .order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.order = position * 10
    ChecklistItem.objects.bulk_update(siblings, ["order"])
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.UPDATED,
        target=item,
        details={"moved": direction},
        parts=CHECKLISTS,
    )
    return True


@transaction.atomic
def checklist_item_delete(*, item, user):
    activity_record(
        dialogue=item.dialogue,
        actor=user,
        verb=Activity.Verb.DELETED,
        target=item,
        details={"stage": item.stage},
        parts=CHECKLISTS,
    )
    item.delete()
