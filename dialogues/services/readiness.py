"""Saving a readiness self-check into a dialogue's Ready stage."""

from django.db import transaction

from ..models import Activity, ReadinessCheck
from ..readiness import evaluate
from .dialogues import activity_record


@transaction.atomic
def readiness_check_save(*, dialogue, user, answers):
    """Store the answers with their result, who and when; earlier checks are kept."""
    result, _sections = evaluate(answers)
    check = ReadinessCheck.objects.create(
        dialogue=dialogue, answers=dict(answers), result=result, created_by=user
    )
    activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.CREATED,
        target=check,
        details={"result": result},
    )
    return check
