"""Every page type of the site, with the data to show it: what the page-wide tests visit.

``PAGES`` names each page type once. ``who`` says who looks at it: ``None`` for an anonymous
visitor, otherwise an attribute of the ``Demo`` (``owner``, ``facilitator``...). The kwargs
of a page are computed from the ``Demo`` built by the ``demo`` fixture.
"""

from dataclasses import dataclass, field

from django.urls import get_resolver, reverse
from django.utils import translation

from dialogues.models import StakeholderLink
from dialogues.readiness import QUESTIONS
from dialogues.services.notifications import notification_token
from dialogues.services.outreach import stakeholder_link_create


@dataclass(frozen=True)
class PageType:
    key: str
    url_name: str
    who: str | None = None
    kwargs: object = field(default=lambda demo: {})
    query: str = ""
    # Main page types: their weight is measured and they are screenshotted.
    main: bool = False
    # The status the page answers with: error pages are pages too.
    status: int = 200

    def path(self, demo, language):
        if self.url_name.startswith("/"):
            return f"/{language}{self.url_name}"
        with translation.override(language):
            return reverse(self.url_name, kwargs=self.kwargs(demo)) + self.query


def _dialogue(demo):
    return {"dialogue_pk": demo.dialogue.pk}


def _part(demo):
    return {"part": demo.chapter.part.slug}


def _object(name):
    return lambda demo: {"dialogue_pk": demo.dialogue.pk, "pk": getattr(demo, name).pk}


def _reply_token(demo):
    _link, token = stakeholder_link_create(
        stakeholder=demo.meeting.invited.first(),
        purpose=StakeholderLink.Purpose.MEETING_REPLY,
        meeting=demo.meeting,
    )
    return token


def _log_entry(demo):
    return {**_object("stakeholder")(demo), "interaction_pk": demo.interaction.pk}


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
    # "Fishbowl" is in the tool's title in every language, so each page shows results.
    PageType("search", "content:search", query="?q=Fishbowl", main=True),
    PageType("resources", "content:resources"),
    PageType("part-print", "content:part-print", kwargs=_part),
    PageType("toolkit-print", "content:toolkit-print"),
    PageType("offline", "content:offline"),
    PageType("about", "content:about"),
    PageType("templates", "content:template-list"),
    PageType("self-check", "content:self-check"),
    PageType(
        "self-check-result",
        "content:self-check",
        query="?" + "&".join(f"{key}=partly" for key in QUESTIONS),
    ),
    # Accounts.
    PageType("login", "account_login", main=True),
    PageType("signup", "account_signup"),
    PageType("password-reset", "account_reset_password"),
    PageType("verification-sent", "account_email_verification_sent"),
    PageType(
        "confirm-email",
        "account_confirm_email",
        kwargs=lambda demo: {"key": demo.confirmation_key},
    ),
    PageType("account-email", "account_email", who="owner"),
    PageType("password-change", "account_change_password", who="owner"),
    PageType("two-factor", "mfa_index", who="owner"),
    # The workspace, as its owner sees it.
    PageType("dialogues-home", "dialogues:home", who="owner", main=True),
    PageType("my-work", "dialogues:my-work", who="facilitator"),
    PageType("notification-settings", "dialogues:notification-settings", who="facilitator"),
    PageType(
        "notification-change",
        "dialogues:notification-change",
        kwargs=lambda demo: {
            "token": notification_token(user=demo.facilitator, dialogue=demo.dialogue)
        },
    ),
    # What a stakeholder opens through a personal link: the richest one, a meeting's reply page.
    PageType(
        "stakeholder-link",
        "dialogues:stakeholder-link",
        kwargs=lambda demo: {"token": _reply_token(demo)},
    ),
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
    PageType(
        "meeting-invite", "dialogues:meeting-invite", who="facilitator", kwargs=_object("meeting")
    ),
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
    PageType("commitment-new", "dialogues:commitment-create", who="facilitator", kwargs=_dialogue),
    PageType(
        "commitment",
        "dialogues:commitment-detail",
        who="facilitator",
        kwargs=lambda demo: {"dialogue_pk": demo.dialogue.pk, "pk": demo.commitment.pk},
    ),
    PageType("plan", "dialogues:plan-print", who="owner", kwargs=_dialogue),
    PageType("documents", "dialogues:document-list", who="facilitator", kwargs=_dialogue),
    PageType("readiness", "dialogues:readiness", who="facilitator", kwargs=_dialogue),
    # Forms and confirmations one click further.
    PageType("deleted", "dialogues:deleted-list", who="owner"),
    PageType(
        "organisation-edit",
        "dialogues:organisation-update",
        who="owner",
        kwargs=lambda demo: {"pk": demo.organisation.pk},
    ),
    PageType(
        "dialogue-import",
        "dialogues:dialogue-import-json",
        who="owner",
        kwargs=lambda demo: {"organisation_pk": demo.organisation.pk},
    ),
    PageType(
        "invitation",
        "dialogues:invitation-accept",
        kwargs=lambda demo: {"token": demo.invitation.token},
    ),
    PageType("dialogue-delete", "dialogues:dialogue-delete", who="owner", kwargs=_dialogue),
    PageType("stakeholder-export", "dialogues:stakeholder-export", who="owner", kwargs=_dialogue),
    PageType(
        "stakeholder-delete",
        "dialogues:stakeholder-delete",
        who="owner",
        kwargs=_object("stakeholder"),
    ),
    PageType(
        "stakeholder-erase",
        "dialogues:stakeholder-erase",
        who="owner",
        kwargs=_object("stakeholder"),
    ),
    PageType(
        "interaction-new",
        "dialogues:interaction-create",
        who="facilitator",
        kwargs=_object("stakeholder"),
    ),
    PageType(
        "interaction-edit",
        "dialogues:interaction-update",
        who="facilitator",
        kwargs=_log_entry,
    ),
    PageType(
        "interaction-delete",
        "dialogues:interaction-delete",
        who="facilitator",
        kwargs=_log_entry,
    ),
    PageType("stage-move", "dialogues:stage-move", who="facilitator", kwargs=_dialogue),
    PageType(
        "checklist-item-edit",
        "dialogues:checklist-item-update",
        who="facilitator",
        kwargs=_object("checklist_item"),
    ),
    PageType(
        "checklist-item-delete",
        "dialogues:checklist-item-delete",
        who="facilitator",
        kwargs=_object("checklist_item"),
    ),
    PageType(
        "meeting-edit", "dialogues:meeting-update", who="facilitator", kwargs=_object("meeting")
    ),
    PageType(
        "meeting-delete", "dialogues:meeting-delete", who="facilitator", kwargs=_object("meeting")
    ),
    PageType(
        "commitment-edit",
        "dialogues:commitment-update",
        who="facilitator",
        kwargs=_object("commitment"),
    ),
    PageType(
        "commitment-delete",
        "dialogues:commitment-delete",
        who="facilitator",
        kwargs=_object("commitment"),
    ),
    # What a viewer sees of the same dialogue: no buttons to change anything.
    PageType("overview-viewer", "dialogues:dialogue-detail", who="viewer", kwargs=_dialogue),
    PageType("stakeholders-viewer", "dialogues:stakeholder-list", who="viewer", kwargs=_dialogue),
    PageType("checklist-viewer", "dialogues:checklist", who="viewer", kwargs=_dialogue),
    # Refusals: a viewer at a form (403), anyone at an address that does not exist (404).
    PageType("forbidden", "dialogues:dialogue-update", who="viewer", kwargs=_dialogue, status=403),
    PageType("not-found", "/no-such-page/", status=404),
]


# Addresses that are no page to look at, and why (names without a namespace are the
# dialogues app's).
NOT_PAGES = {
    "content:web-manifest": "the app's manifest, JSON",
    "content:offline-pack": "the list of pages to keep offline, JSON",
    # Building the real books takes minutes: test_download.py checks the page on a small
    # toolkit.
    "content:download": "checked by test_download.py",
    "content:book": "a PDF or EPUB file",
    # Buttons: they take a POST and redirect.
    "organisation-invite": "POST only",
    "organisation-member-update": "POST only",
    "dialogue-archive": "POST only",
    "dialogue-restore": "POST only",
    "member-update": "POST only",
    "invitation-update": "POST only",
    "checklist-item-done": "POST only",
    "checklist-item-move": "POST only",
    "calendar-regenerate": "POST only",
    "readiness-save": "POST only",
    "notification-settings-update": "POST only",
    "meeting-attendance": "POST only",
    "meeting-feedback-request": "POST only",
    "commitment-ask-holder": "POST only",
    "stakeholder-link-revoke": "POST only",
    # Files.
    "meeting-ics": "a calendar file",
    "calendar-feed": "a calendar file",
    "commitment-export-csv": "a spreadsheet",
    "commitment-export-xlsx": "a spreadsheet",
    "content:template-download": "a Word document",
    "document-download": "a Word document or a .zip of them, POST only",
    "dialogue-export-json": "a JSON file",
    # Steps 2 and 3 of an import: they show the spreadsheet uploaded in step 1 and send
    # anyone without one back to it (tests/dialogues covers them).
    "stakeholder-import-map": "needs an uploaded spreadsheet",
    "stakeholder-import-preview": "needs an uploaded spreadsheet",
}


def url_exists(url_name):
    """Whether the URL name is known (an address starting with "/" is taken as it is)."""
    if url_name.startswith("/"):
        return True
    namespace, _, name = url_name.rpartition(":")
    resolver = get_resolver()
    if namespace:
        resolver = resolver.namespace_dict[namespace][1]
    return name in resolver.reverse_dict
