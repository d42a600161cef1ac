"""The five user journeys, written once and run with and without JavaScript.

Each journey drives a ``Visitor``: a Playwright page in one language that, when ``audit`` is
on, runs axe-core on what tests/browser/test_pages.py does not see: pages with a message or a
form error, and pages outside its catalogue (it audits every page type of the catalogue in all
four languages). Fields are found by their name, the same in every
language; what the user reads is compared with the translated text.
"""

import csv
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.urls import Resolver404, URLPattern, get_resolver, resolve, reverse
from django.utils import translation
from playwright.sync_api import expect

from dialogues.models import (
    ChecklistItem,
    Commitment,
    Dialogue,
    Meeting,
    Organisation,
    Role,
    Sector,
    Stage,
    Stakeholder,
)

from .helpers import assert_accessible, follow, local_path, mail_link, t
from .pages import PAGES

# The page types that the accessibility matrix audits in every language, as they first open.
AUDITED_IN_EVERY_LANGUAGE = frozenset(page.url_name for page in PAGES)

PASSWORD = "Tide-pools-and-nets-2026"
ORGANISATION = "Coastal Women's Network"


@dataclass
class Visitor:
    page: object
    language: str
    audit: bool = True
    javascript: bool = True

    def __post_init__(self):
        self.audited = set()

    def check(self):
        """axe-core on this page, once per kind of page and state in a journey, unless the
        matrix audits it already.

        The same address with a message or a form error counts as another state.
        """
        if not self.audit:
            return
        path = urlsplit(self.page.url).path
        with translation.override(path.split("/")[1]):
            try:
                kind = resolve(path).view_name
            except Resolver404:
                kind = path
        flagged = self.page.locator(".alert, .is-invalid").count() > 0
        if not flagged and kind in AUDITED_IN_EVERY_LANGUAGE:
            return
        state = (kind, flagged)
        if state not in self.audited:
            self.audited.add(state)
            assert_accessible(self.page)

    def goto(self, path):
        response = self.page.goto(path)
        self.check()
        return response

    def follow(self, selector):
        follow(self.page, self.page.locator(selector).first)
        self.check()

    def submit(self, form="main form", button="[type=submit]"):
        follow(self.page, self.page.locator(f"{form} {button}").first)
        self.check()

    def t(self, text):
        return t(self.language, text)

    def text(self, selector="main"):
        return self.page.inner_text(selector)

    def url(self, obj):
        with translation.override(self.language):
            return obj.get_absolute_url()

    def tab(self, name, dialogue):
        """Open a workspace tab by its URL name."""
        with translation.override(self.language):
            href = reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk})
        self.follow(f".workspace-nav a[href='{href}']")


# --- Journey 1 ------------------------------------------------------------------------------

NEW_STAKEHOLDERS = [
    # name, sector, influence, interest
    ("Ministry of Fisheries", Sector.GOVERNMENT, 5, 4),
    ("اتحاد الصيادين", Sector.CIVIL_SOCIETY, 3, 5),
    ("Atlantic Seafood Exporters", Sector.PRIVATE, 4, 2),
]


def sign_up_and_verify(visitor, email):
    """Sign up from the home page, confirm through the emailed link; ends logged in."""
    page, language = visitor.page, visitor.language
    visitor.goto(f"/{language}/")
    header_words = page.locator(f"header a[href='/{language}/accounts/signup/']").inner_text()
    visitor.follow(f"header a[href='/{language}/accounts/signup/']")
    # One wording: the page and its button say what the header's link said.
    assert page.locator("main h1").inner_text() == header_words
    assert page.locator("main form [type=submit]").inner_text() == header_words
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    visitor.submit()
    assert "/accounts/confirm-email/" in page.url

    link = mail_link(to=email, contains="/accounts/confirm-email/")
    assert f"/{language}/" in link, "The confirmation link keeps the reader's language"
    visitor.goto(local_path(link))
    visitor.submit()
    assert page.url.endswith(f"/{language}/dialogues/")
    user = get_user_model().objects.get(email=email)
    assert user.emailaddress_set.get(email=email).verified
    return user


def create_organisation_and_dialogue(visitor, user):
    page, language = visitor.page, visitor.language
    visitor.follow(f"main a[href='/{language}/dialogues/organisations/new/']")
    page.fill("input[name=name]", ORGANISATION)
    page.fill("input[name=country]", "السنغال" if language == "ar" else "Senegal")
    page.fill("input[name=city]", "داكار" if language == "ar" else "Dakar")
    page.select_option("select[name=timezone]", "Africa/Dakar")
    visitor.submit()
    organisation = Organisation.objects.get(name=ORGANISATION, memberships__user=user)
    assert page.locator("h1 bdi").inner_text() == ORGANISATION
    assert visitor.t("Organisation created. You are its administrator.") in visitor.text()

    visitor.follow(f"main a[href$='/organisations/{organisation.pk}/new-dialogue/']")
    page.fill("input[name=title]", "Artisanal fisheries of the Petite Côte")
    page.fill("input[name=challenge]", "Fish stocks are collapsing and nobody can act alone.")
    visitor.submit()
    dialogue = Dialogue.objects.get(organisation=organisation)
    assert page.url.endswith(f"/{language}/dialogues/{dialogue.pk}/")
    assert visitor.t("Dialogue created. It starts in the Ready! stage.") in visitor.text()
    return dialogue


def add_stakeholders(visitor, dialogue, stakeholders=NEW_STAKEHOLDERS):
    page = visitor.page
    visitor.tab("stakeholder-list", dialogue)
    visitor.follow(f"main a[href$='/dialogues/{dialogue.pk}/stakeholders/new/']")
    for index, (name, sector, influence, interest) in enumerate(stakeholders):
        page.fill("input[name=name]", name)
        page.select_option("select[name=sector]", sector.value)
        page.check(f"input[name=influence][value='{influence}']")
        page.check(f"input[name=interest][value='{interest}']")
        last = index == len(stakeholders) - 1
        visitor.submit(button="[type=submit]" if last else "[name=add_another]")
    assert list(
        Stakeholder.objects.filter(dialogue=dialogue).order_by("pk").values_list("name", "sector")
    ) == [(name, sector.value) for name, sector, _i, _j in stakeholders]


def see_missing_sectors_and_grid(visitor, dialogue, stakeholders=NEW_STAKEHOLDERS):
    page = visitor.page
    visitor.tab("dialogue-detail", dialogue)
    # One calm notice lists the missing sectors, instead of a warning for each.
    expect(page.locator(".alert-warning")).to_have_count(0)
    listed = page.locator(".sector-notice li").all_inner_texts()
    present = {sector for _name, sector, _i, _j in stakeholders}
    missing = [sector for sector in Sector.core() if sector not in present]
    with translation.override(visitor.language):
        assert listed == [str(sector.label) for sector in missing]

    visitor.tab("stakeholder-grid", dialogue)
    marks = page.locator("svg a.grid-mark")
    expect(marks).to_have_count(len(stakeholders))
    titles = " ".join(marks.locator("title").all_text_contents())
    for name, _sector, _i, _j in stakeholders:
        assert name in titles


def newcomer(visitor):
    """Journey 1: sign up, verify, organisation, dialogue, stakeholders, warnings, grid."""
    user = sign_up_and_verify(visitor, f"amina.{visitor.language}@example.org")
    dialogue = create_organisation_and_dialogue(visitor, user)
    add_stakeholders(visitor, dialogue)
    see_missing_sectors_and_grid(visitor, dialogue)
    return dialogue


# --- Journey 2 ------------------------------------------------------------------------------


def invite(visitor, dialogue, email, role):
    page = visitor.page
    visitor.tab("members", dialogue)
    form = "main form:has(input[name=email])"
    page.fill(f"{form} input[name=email]", email)
    page.select_option(f"{form} select[name=role]", role)
    visitor.submit(form)
    assert visitor.t("Invitation sent to %(email)s.") % {"email": email} in visitor.text()


def accept_invitation_as_newcomer(visitor, email, dialogue):
    """Follow the emailed link, sign up through it, and accept."""
    page = visitor.page
    link = mail_link(to=email, contains="/dialogues/invitations/")
    visitor.goto(local_path(link))
    # The invitation says which role it gives.
    with translation.override(visitor.language):
        role = str(Role.FACILITATOR.label)
    assert role in visitor.text("main p")
    visitor.follow("main a[href*='/accounts/signup/']")
    if page.locator("input[name=email]").input_value() == "":
        page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    visitor.submit()
    # Back on the invitation, now logged in with the invited address: accept it.
    assert "/dialogues/invitations/" in page.url
    visitor.submit()
    welcome = visitor.t("Welcome! You have joined %(name)s.") % {"name": dialogue.title}
    assert welcome in visitor.text()


def tick(visitor, item):
    """Mark a checklist item done: by fetch with JavaScript, by a plain POST without."""
    toggle = visitor.page.locator(f"#item-{item.pk} button.done-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    if visitor.javascript:
        toggle.click()
    else:
        follow(visitor.page, toggle)
    expect(visitor.page.locator(f"#item-{item.pk} button.done-toggle")).to_have_attribute(
        "aria-pressed", "true"
    )
    visitor.check()


def move_stage(visitor, dialogue, stage):
    page = visitor.page
    visitor.tab("checklist", dialogue)
    # The work comes first: the checklist, then the box to move on.
    assert (
        page.locator(".checklist-stage").bounding_box()["y"]
        < page.locator(".stage-move-box").bounding_box()["y"]
    )
    page.select_option(".stage-move-box select[name=to_stage]", stage.value)
    visitor.submit(".stage-move-box form")
    # Open items of the stage ask for a confirmation first.
    confirm = page.locator("main form input[name=confirm][value=True]")
    if confirm.count():
        visitor.submit("main form:has(input[name=confirm][value=True])")
    dialogue.refresh_from_db()
    assert dialogue.stage == stage
    with translation.override(visitor.language):
        label = str(stage.label)
    assert label in page.inner_text(".workspace-header")


def team(owner_visitor, facilitator_visitor, dialogue):
    """Journey 2: invite a facilitator, who accepts and ticks items; the owner moves stages."""
    email = f"moussa.{facilitator_visitor.language}@example.org"
    owner_visitor.goto(owner_visitor.url(dialogue))
    invite(owner_visitor, dialogue, email, "facilitator")

    accept_invitation_as_newcomer(facilitator_visitor, email, dialogue)
    assert dialogue.memberships.filter(user__email=email, role="facilitator").exists()
    facilitator_visitor.goto(facilitator_visitor.url(dialogue))
    facilitator_visitor.tab("checklist", dialogue)
    items = list(
        ChecklistItem.objects.filter(dialogue=dialogue, stage=Stage.READY, done_at__isnull=True)
    )[:2]
    assert len(items) == 2, "The Ready! stage has a default checklist"
    for item in items:
        tick(facilitator_visitor, item)
    assert (
        ChecklistItem.objects.filter(pk__in=[i.pk for i in items], done_by__email=email).count()
        == 2
    )

    owner_visitor.goto(owner_visitor.url(dialogue))
    move_stage(owner_visitor, dialogue, Stage.GET_SET)
    move_stage(owner_visitor, dialogue, Stage.GO)
    assert list(dialogue.transitions.values_list("to_stage", flat=True).order_by("pk")) == [
        Stage.GET_SET,
        Stage.GO,
    ]


# --- Journey 3 ------------------------------------------------------------------------------


def record_meeting(visitor, dialogue, attendees):
    page = visitor.page
    visitor.tab("meeting-list", dialogue)
    visitor.follow(f"main a[href$='/dialogues/{dialogue.pk}/meetings/new/']")
    page.fill("input[name=title]", "Round table in Mbour")
    page.fill("input[name=date]", "2026-04-14")
    page.fill("input[name=start_time]", "09:30")
    page.select_option("select[name=timezone]", "Africa/Dakar")
    page.fill("input[name=place]", "Mbour town hall")
    for stakeholder in attendees:
        page.check(f"input[name=invited][value='{stakeholder.pk}']")
        page.check(f"input[name=attended][value='{stakeholder.pk}']")
    page.fill("textarea[name=minutes]", "Everyone agreed that the stocks are falling.")
    # The agenda's position column says what it is for, and that it may stay empty.
    help_text = visitor.t(
        "Position is optional: left empty, the lines keep the order shown. To move a line, "
        "give it a number; lower numbers come first."
    )
    assert help_text in visitor.text("#agenda-position-help")
    agenda = ["Welcome and ground rules"]
    page.fill("input[name=agenda-0-title]", agenda[0])
    add_line = page.locator(".js-agenda-add")
    if visitor.javascript:
        # Three empty lines come with the form; "Add a line" makes a fourth and a fifth.
        add_line.click()
        add_line.click()
        expect(page.locator("input[name=agenda-4-title]")).to_be_focused()
        agenda.append("Closing round: who does what next")
        page.fill("input[name=agenda-4-title]", agenda[1])
    else:
        expect(add_line).to_be_hidden()
    visitor.submit()
    meeting = Meeting.objects.get(dialogue=dialogue, title="Round table in Mbour")
    stored = [item.title for item in meeting.agenda_items.order_by("order", "pk")]
    assert stored == agenda, stored
    assert set(meeting.attended.all()) == set(attendees)
    assert page.url.endswith(visitor.url(meeting))
    attended = page.inner_text("section[aria-labelledby=attended-heading]")
    for stakeholder in attendees:
        assert stakeholder.name in attended
    return meeting


def record_commitment(visitor, dialogue, meeting, stakeholder, description, due):
    page = visitor.page
    visitor.follow(f"main a[href$='/commitments/new/?meeting={meeting.pk}']")
    page.check(f"input[name=stakeholders][value='{stakeholder.pk}']")
    page.fill("textarea[name=description]", description)
    page.fill("input[name=due_date]", due)
    visitor.submit()
    commitment = Commitment.objects.get(dialogue=dialogue, description=description)
    assert commitment.meeting == meeting
    assert list(commitment.stakeholders.all()) == [stakeholder]
    return commitment


def export_commitments(visitor, dialogue):
    page = visitor.page
    visitor.tab("commitment-list", dialogue)
    with page.expect_download() as download_info:
        page.locator("main a[href*='/commitments/export']", has_text="CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def meeting_and_commitments(visitor, dialogue, stakeholders):
    """Journey 3: a meeting with attendees, two commitments from it, and their export."""
    meeting = record_meeting(visitor, dialogue, stakeholders[:2])
    record_commitment(
        visitor, dialogue, meeting, stakeholders[0], "Publish landing data monthly.", "2026-06-30"
    )
    visitor.goto(visitor.url(meeting))
    record_commitment(
        visitor, dialogue, meeting, stakeholders[1], "Train twenty fishers.", "2026-09-30"
    )
    visitor.goto(visitor.url(meeting))
    listed = visitor.text("section[aria-labelledby=meeting-commitments-heading]")
    assert "Publish landing data monthly." in listed
    assert "Train twenty fishers." in listed
    rows = export_commitments(visitor, dialogue)
    exported = "\n".join(",".join(row) for row in rows)
    assert "Publish landing data monthly." in exported
    assert "Train twenty fishers." in exported
    assert stakeholders[0].name in exported
    assert stakeholders[1].name in exported


# --- Journey 4 ------------------------------------------------------------------------------

# Each reader switches to another language half-way; Arabic readers to French.
SWITCH_TO = {"en": "ar", "fr": "es", "es": "fr", "ar": "fr"}


def in_language(language, obj, field="title"):
    with translation.override(language):
        return getattr(obj, field)


def toolkit_reader(visitor, chapter):
    """Journey 4: part → chapter → tool, search, switch language on the same page, print."""
    page, language = visitor.page, visitor.language
    part = chapter.part
    tool = chapter.tools.filter(published=True).order_by("order").first()

    visitor.goto(f"/{language}/")
    visitor.follow(f"header a[href='/{language}/toolkit/']")
    visitor.follow(f"main h2 a[href='{visitor.url(part)}']")
    assert page.locator("h1").inner_text() == in_language(language, part)
    visitor.follow(f"main a[href='{visitor.url(chapter)}']")
    assert page.locator("h1").inner_text() == in_language(language, chapter)
    visitor.follow(f".chapter-tools a[href='{visitor.url(tool)}']")
    assert page.locator("h1").inner_text() == in_language(language, tool)

    # Search with the toolkit's own search box, for the tool's title in this language.
    page.fill("#toolkit-search-q", in_language(language, tool))
    visitor.submit("form.toolkit-search")
    assert f"/{language}/toolkit/search/" in page.url
    expect(page.locator(f".search-results a[href='{visitor.url(tool)}']").first).to_be_visible()

    # Back on the tool, another language: the same page, now in that language.
    visitor.follow(f".search-results a[href='{visitor.url(tool)}']")
    other = SWITCH_TO[language]
    visitor.follow(f".language-switcher a[hreflang='{other}']")
    with translation.override(other):
        assert page.url.endswith(tool.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("html").get_attribute("dir") == ("rtl" if other == "ar" else "ltr")
    assert page.locator("h1").inner_text() == in_language(other, tool)

    # The part as one printable document: all its chapters, and no site chrome on paper.
    visitor.goto(visitor.url(part))
    visitor.follow(f"main a[href='/{language}/toolkit/{part.slug}/print/']")
    text = visitor.text()
    for each in part.chapters.filter(published=True):
        assert in_language(language, each) in text
    page.emulate_media(media="print")
    assert page.locator("header.site-header").is_hidden()
    assert page.locator("h1").first.is_visible()
    page.emulate_media(media="screen")


# --- Journey 5 ------------------------------------------------------------------------------

# Forms that a viewer may post because they only read: the export sends a file.
READ_ONLY_POSTS = {"stakeholder-export", "document-download"}
# Links a viewer must not be offered: they lead to forms that change something.
CHANGING_LINKS = "main a[href$='/edit/'], main a[href$='/new/'], main a[href$='/delete/']"


def workspace_urls(demo):
    """Every URL of the dialogues app that belongs to the demo dialogue, with real ids."""
    from dialogues.models import StakeholderLink
    from dialogues.services.outreach import stakeholder_link_create

    item = demo.dialogue.checklist_items.first()
    membership = demo.dialogue.memberships.first()
    link = StakeholderLink.objects.filter(stakeholder=demo.stakeholder).first()
    if link is None:
        link, _token = stakeholder_link_create(
            stakeholder=demo.stakeholder,
            purpose=StakeholderLink.Purpose.FEEDBACK,
            meeting=demo.meeting,
        )
    by_prefix = {
        "stakeholder-link": link.pk,
        "stakeholder": demo.stakeholder.pk,
        "interaction": demo.stakeholder.pk,
        "meeting": demo.meeting.pk,
        "commitment": demo.commitment.pk,
        "checklist-item": item.pk,
    }
    resolver = get_resolver().namespace_dict["dialogues"][1]
    urls = {}
    for pattern in resolver.url_patterns:
        if not isinstance(pattern, URLPattern):
            continue
        converters = pattern.pattern.converters
        if "dialogue_pk" not in converters:
            continue
        kwargs = {"dialogue_pk": demo.dialogue.pk}
        if "pk" in converters:
            prefix = next(p for p in by_prefix if pattern.name.startswith(p))
            kwargs["pk"] = by_prefix[prefix]
        if "stakeholder_pk" in converters:
            kwargs["stakeholder_pk"] = demo.stakeholder.pk
        if "member_pk" in converters:
            kwargs["member_pk"] = membership.pk
        if "invitation_pk" in converters:
            kwargs["invitation_pk"] = demo.invitation.pk
        if "interaction_pk" in converters:
            kwargs["interaction_pk"] = demo.interaction.pk
        if "token" in converters:
            kwargs["token"] = "guessed-token"
        if "kind" in converters:
            kwargs["kind"] = "consent-form"
        with translation.override("en"):
            urls[pattern.name] = reverse(f"dialogues:{pattern.name}", kwargs=kwargs)
    return urls


def csrf_headers(page):
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return {"X-CSRFToken": token, "Referer": page.url}


def viewer_cannot_change_anything(visitor, demo, *, sweep=True):
    """Journey 5a: a viewer reads every page but is offered no change and can force none.

    ``sweep`` also posts to every address of the workspace (plain HTTP, same with or
    without JavaScript).
    """
    page = visitor.page
    page.guard.expected_statuses.add(403)
    visitor.goto(visitor.url(demo.dialogue))
    assert demo.dialogue.title in visitor.text(".workspace-header")
    for name in (
        "dialogue-detail",
        "stakeholder-list",
        "stakeholder-grid",
        "checklist",
        "meeting-list",
        "commitment-list",
        "members",
    ):
        visitor.tab(name, demo.dialogue)
        assert page.locator("main form[method=post]").count() == 0, f"{name} offers a form"
        assert page.locator(CHANGING_LINKS).count() == 0, f"{name} offers a change"
    visitor.goto(visitor.url(demo.stakeholder))
    assert demo.stakeholder.name in visitor.text("h1")
    assert page.locator(CHANGING_LINKS).count() == 0

    # Typing the addresses of the forms: refused, and nothing changes.
    urls = workspace_urls(demo)
    for name in ("stakeholder-update", "stakeholder-create", "meeting-create", "dialogue-update"):
        response = visitor.goto(f"/{visitor.language}{urls[name][3:]}")
        assert response.status == 403, name
        # The refusal offers the way back to the dialogue.
        expect(page.locator(f"main a[href='{visitor.url(demo.dialogue)}']")).to_have_count(1)
    if not sweep:
        return
    before = _snapshot(demo)
    for name, url in urls.items():
        response = page.request.post(
            f"/{visitor.language}{url[3:]}",
            headers=csrf_headers(page),
            form={"title": "Changed", "done": "1", "name": "Changed", "to_stage": "go"},
            max_redirects=0,
        )
        if name not in READ_ONLY_POSTS:
            assert response.status in (403, 404, 405), f"{name} let a viewer POST"
    assert _snapshot(demo) == before


def _snapshot(demo):
    dialogue = Dialogue.objects.get(pk=demo.dialogue.pk)
    return (
        dialogue.version,
        dialogue.stage,
        sorted(Stakeholder.objects.filter(dialogue=dialogue).values_list("pk", "version", "name")),
        sorted(Meeting.objects.filter(dialogue=dialogue).values_list("pk", "version")),
        sorted(Commitment.objects.filter(dialogue=dialogue).values_list("pk", "version")),
        sorted(
            ChecklistItem.objects.filter(dialogue=dialogue).values_list("pk", "version", "done_at")
        ),
    )


def outsider_cannot_open_the_dialogue(visitor, demo, *, sweep=True):
    """Journey 5b: an outsider does not see the dialogue, nor find it by guessing addresses.

    ``sweep`` tries every address of the workspace, with GET and POST.
    """
    page = visitor.page
    page.guard.expected_statuses.add(404)
    visitor.goto(f"/{visitor.language}/dialogues/")
    assert demo.dialogue.title not in visitor.text()
    response = visitor.goto(visitor.url(demo.dialogue))
    assert response.status == 404
    assert demo.dialogue.title not in page.content()
    if not sweep:
        return
    before = _snapshot(demo)
    for name, url in workspace_urls(demo).items():
        path = f"/{visitor.language}{url[3:]}"
        response = page.request.get(path, max_redirects=0)
        # Views that only take POST say so before looking anything up: nothing is revealed.
        assert response.status in (404, 405), f"{name}: {path} answered {response.status}"
        assert demo.dialogue.title not in response.text(), name
        response = page.request.post(
            path, headers=csrf_headers(page), form={"title": "Changed"}, max_redirects=0
        )
        assert response.status in (404, 405), f"POST {name}: {path} answered {response.status}"
    assert _snapshot(demo) == before
