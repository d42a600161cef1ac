"""Writes around the documents that fill themselves: each download is recorded."""

from django.db import transaction

from ..models import Activity
from .dialogues import activity_record


@transaction.atomic
def document_downloaded(*, dialogue, user, kind, language, count=1, contacts=False):
    """Record who took which document out of the workspace (it may name stakeholders)."""
    return activity_record(
        dialogue=dialogue,
        actor=user,
        verb=Activity.Verb.EXPORTED,
        target=dialogue,
        details={"document": kind, "language": language, "files": count, "contacts": contacts},
    )
