"""Every page type of the site, with the data to show it: what the page-wide tests visit.

``PAGES`` names each page type once. ``who`` says who looks at it: ``None`` for an anonymous
visitor, otherwise an attribute of the ``Demo`` (``owner``, ``facilitator``...). The kwargs
of a page are computed from the ``Demo`` built by the ``demo`` fixture.
"""

from dataclasses import dataclass, field

from django.urls import get_resolver, reverse
from django.utils import translation


@dataclass(frozen=True)
class PageType:
    key: str
    url_name: str
    who: str | None = None
    kwargs: object = field(default=lambda demo: {})
    query: str = ""
    # Main page types: their weight is measured and they are screenshotted.
    main: bool = False

    def path(self, demo, language):
        with translation.override(language):
            return reverse(self.url_name, kwargs=self.kwargs(demo)) + self.query


def _dialogue(demo):
    return {"dialogue_pk": demo.dialogue.pk}


def _part(demo):
    return {"part": demo.chapter.part.slug}


PAGES = [
    # The toolkit, as an anonymous reader sees it.
    PageType("home", "content:home", main=True),
    PageType("toolkit", "content:toolkit", main=True),
    PageType("part", "content:part", kwargs=_part, main=True),
    PageType(
        "chapter",
        "content:chapter",
        kwargs=lambda demo: {"part": demo.chapter.part.slug, "slug": demo.chapter.slug},
        main=True,
    ),
    PageType("tool-list", "content:tool-list"),
    PageType("tool", "content:tool", kwargs=lambda demo: {"slug": demo.tool.slug}, main=True),
    PageType("search", "content:search", query="?q=stakeholder", main=True),
    PageType("resources", "content:resources"),
    PageType("part-print", "content:part-print", kwargs=_part),
    PageType("toolkit-print", "content:toolkit-print"),
    # Accounts.
    PageType("login", "account_login", main=True),
    PageType("signup", "account_signup"),
    PageType("password-reset", "account_reset_password"),
    PageType("verification-sent", "account_email_verification_sent"),
    PageType("account-email", "account_email", who="owner"),
    PageType("password-change", "account_change_password", who="owner"),
    PageType("two-factor", "mfa_index", who="owner"),
    # The workspace, as its owner sees it.
    PageType("dialogues-home", "dialogues:home", who="owner", main=True),
    PageType(
        "organisation",
        "dialogues:organisation-detail",
        who="owner",
        kwargs=lambda demo: {"pk": demo.organisation.pk},
    ),
    PageType("organisation-new", "dialogues:organisation-create", who="owner"),
    PageType(
        "dialogue-new",
        "dialogues:dialogue-create",
        who="owner",
        kwargs=lambda demo: {"organisation_pk": demo.organisation.pk},
    ),
    PageType("overview", "dialogues:dialogue-detail", who="owner", kwargs=_dialogue, main=True),
    PageType("dialogue-edit", "dialogues:dialogue-update", who="owner", kwargs=_dialogue),
    PageType("dialogue-settings", "dialogues:dialogue-settings", who="owner", kwargs=_dialogue),
    PageType("members", "dialogues:members", who="owner", kwargs=_dialogue),
    PageType("activity", "dialogues:activity", who="owner", kwargs=_dialogue),
    PageType(
        "stakeholders", "dialogues:stakeholder-list", who="owner", kwargs=_dialogue, main=True
    ),
    PageType("stakeholder-new", "dialogues:stakeholder-create", who="owner", kwargs=_dialogue),
    PageType(
        "stakeholder",
        "dialogues:stakeholder-detail",
        who="owner",
        kwargs=lambda demo: {"dialogue_pk": demo.dialogue.pk, "pk": demo.stakeholder.pk},
    ),
    PageType(
        "stakeholder-edit",
        "dialogues:stakeholder-update",
        who="owner",
        kwargs=lambda demo: {"dialogue_pk": demo.dialogue.pk, "pk": demo.stakeholder.pk},
    ),
    PageType("stakeholder-import", "dialogues:stakeholder-import", who="owner", kwargs=_dialogue),
    PageType("grid", "dialogues:stakeholder-grid", who="owner", kwargs=_dialogue, main=True),
    PageType("checklist", "dialogues:checklist", who="facilitator", kwargs=_dialogue, main=True),
    PageType("meetings", "dialogues:meeting-list", who="facilitator", kwargs=_dialogue),
    PageType("meeting-new", "dialogues:meeting-create", who="facilitator", kwargs=_dialogue),
    PageType(
        "meeting",
        "dialogues:meeting-detail",
        who="facilitator",
        kwargs=lambda demo: {"dialogue_pk": demo.dialogue.pk, "pk": demo.meeting.pk},
        main=True,
    ),
    PageType(
        "commitments",
        "dialogues:commitment-list",
        who="facilitator",
        kwargs=_dialogue,
        main=True,
    ),
    PageType(
        "commitment-new", "dialogues:commitment-create", who="facilitator", kwargs=_dialogue
    ),
    PageType(
        "commitment",
        "dialogues:commitment-detail",
        who="facilitator",
        kwargs=lambda demo: {"dialogue_pk": demo.dialogue.pk, "pk": demo.commitment.pk},
    ),
    PageType("plan", "dialogues:plan-print", who="owner", kwargs=_dialogue),
    # What a viewer sees of the same dialogue: no buttons to change anything.
    PageType("overview-viewer", "dialogues:dialogue-detail", who="viewer", kwargs=_dialogue),
    PageType("stakeholders-viewer", "dialogues:stakeholder-list", who="viewer", kwargs=_dialogue),
]


def url_exists(url_name):
    namespace, _, name = url_name.rpartition(":")
    resolver = get_resolver()
    if namespace:
        resolver = resolver.namespace_dict[namespace][1]
    return name in resolver.reverse_dict


def available(pages=PAGES):
    """The page types whose URL exists (parts of the site are still being built)."""
    return [page for page in pages if url_exists(page.url_name)]
