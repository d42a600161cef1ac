"""The readiness self-check of Part 1: is a dialogue the right tool, is the organisation a
legitimate and capable convenor, is it safe? The questions, their sections and how answers
add up to a result are declared here once, for the public page, the workspace and the tests."""

import dataclasses

from django.db import models
from django.utils.translation import gettext_lazy as _

# The toolkit part the self-check belongs to: its page offers it, its chapters are read next.
READY_PART = "ready"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


SCORES = {Answer.YES: 2, Answer.PARTLY: 1, Answer.NO: 0}


class Result(models.TextChoices):
    READY = "ready", _("Ready to convene")
    WORK = "work", _("Ready after some work")
    NOT_YET = "not_yet", _("Not yet")


@dataclasses.dataclass(frozen=True)
class Question:
    key: str
    text: str
    # A "no" here means the dialogue should not go ahead, whatever the other answers.
    blocking: bool = False


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple
    # What to read next when the section is weak: (part slug, chapter slug) and tool slugs.
    chapters: tuple
    tools: tuple


SECTIONS = (
    Section(
        "tool",
        _("Is a dialogue the right tool for this challenge?"),
        (
            Question("challenge", _("Can you state the challenge in one sentence?")),
            Question(
                "no_single_sector", _("Is it a challenge that no single sector can solve alone?")
            ),
            Question(
                "shared_vision_missing",
                _("Do the stakeholders lack a shared vision or understanding of the solution?"),
            ),
            Question(
                "real_decisions", _("Can the results of a dialogue feed into real decisions?")
            ),
        ),
        chapters=((READY_PART, "is-dialogue-the-right-tool"),),
        tools=("problem-tree", "issue-timeline", "stakeholder-identification"),
    ),
    Section(
        "convenor",
        _("Is your organisation a legitimate and capable convenor?"),
        (
            Question("legitimate", _("Do the other sectors see your organisation as legitimate?")),
            Question(
                "capacity", _("Do you have the time, people and money to convene the dialogue?")
            ),
            Question(
                "motives",
                _("Are your motives open: solving the challenge, not winning for one side?"),
            ),
            Question("co_convenors", _("Have you found co-convenors from other sectors?")),
        ),
        chapters=((READY_PART, "the-convenor"),),
        tools=("swot-force-field", "dialogue-budget", "network-mapping"),
    ),
    Section(
        "safety",
        _("Is it safe?"),
        (
            Question(
                "participants_safe",
                _("Can people take part without risk to their safety or livelihood?"),
                blocking=True,
            ),
            Question(
                "data_safe", _("Can you keep the list of participants and their data private?")
            ),
            Question(
                "backlash",
                _("Are the risks of backlash and tokenism understood and manageable?"),
            ),
        ),
        chapters=((READY_PART, "is-dialogue-the-right-tool"), ("get-set", "power-and-inclusion")),
        tools=("do-no-harm", "power-ranking"),
    ),
)

QUESTIONS = {question.key: question for section in SECTIONS for question in section.questions}


@dataclasses.dataclass(frozen=True)
class SectionResult:
    section: Section
    result: str
    score: int
    maximum: int


def _grade(score, maximum):
    share = score / maximum
    if share >= 0.75:
        return Result.READY
    if share >= 0.4:
        return Result.WORK
    return Result.NOT_YET


def evaluate(answers):
    """The overall result and each section's, from {question key: Answer value}."""
    sections = []
    for section in SECTIONS:
        score = sum(SCORES[Answer(answers[q.key])] for q in section.questions)
        maximum = 2 * len(section.questions)
        sections.append(SectionResult(section, _grade(score, maximum), score, maximum))
    blocked = any(answers[q.key] == Answer.NO for q in QUESTIONS.values() if q.blocking)
    results = {part.result for part in sections}
    if blocked or Result.NOT_YET in results:
        overall = Result.NOT_YET
    elif Result.WORK in results:
        overall = Result.WORK
    else:
        overall = Result.READY
    return overall, sections


def to_read(sections):
    """(part slug, chapter slug) pairs and tool slugs of the sections not ready, in order."""
    chapters, tools = [], []
    for part in sections:
        if part.result == Result.READY:
            continue
        chapters += [c for c in part.section.chapters if c not in chapters]
        tools += [t for t in part.section.tools if t not in tools]
    return chapters, tools
