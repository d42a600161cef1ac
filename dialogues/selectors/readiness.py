"""Reads of the readiness self-check: saved checks side by side, where to save a new one."""

import rules

from content.models import Chapter, Tool

from ..models import Dialogue, ReadinessCheck
from ..readiness import SECTIONS, Answer, Result


def readiness_history(dialogue):
    """The dialogue's saved checks, oldest first, so later answers read to the right."""
    return list(
        ReadinessCheck.objects.filter(dialogue=dialogue)
        .select_related("created_by")
        .order_by("created", "pk")
    )


def readiness_rows(checks):
    """One row per question: its section, text and the answer label of each check."""
    labels = dict(Answer.choices)
    rows = []
    for section in SECTIONS:
        for question in section.questions:
            answers = [labels.get(check.answers.get(question.key), "—") for check in checks]
            rows.append({"section": section, "question": question, "answers": answers})
    return rows


def result_label(value):
    return dict(Result.choices).get(value, value)


def dialogues_to_save_into(user, *, two_factor=True):
    """Live, not archived dialogues in which the user may save a check (mirrors the rule);
    without ``two_factor`` (this session did not sign in with it), not those of organisations
    that require it."""
    candidates = Dialogue.objects.visible_to(user).filter(archived_at__isnull=True)
    if not two_factor:
        candidates = candidates.exclude(organisation__require_two_factor=True)
    return [
        d
        for d in candidates.select_related("organisation")
        if rules.has_perm("dialogues.save_readiness", user, d)
    ]


def reading_links(user, chapters, tools):
    """The published chapters and tools to read next, in the order asked, missing ones left out."""
    found_chapters = {
        (c.part.slug, c.slug): c
        for c in Chapter.objects.visible_to(user)
        .select_related("part")
        .filter(slug__in=[slug for _part, slug in chapters])
    }
    found_tools = {t.slug: t for t in Tool.objects.visible_to(user).filter(slug__in=tools)}
    return (
        [found_chapters[key] for key in chapters if key in found_chapters],
        [found_tools[slug] for slug in tools if slug in found_tools],
    )
