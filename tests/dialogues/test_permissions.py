"""Who gets what, for every URL of the dialogues app and every role, for GET and POST.

Add a row for each new URL: a test fails when a URL of the app is missing here.
Statuses: 302 for anonymous (to the login page), 404 for people who may not know the dialogue
exists, 403 for members whose role does not allow the action.

Site superusers and staff get what their membership gives, nothing more: a superuser without
one is an outsider, a superuser or staff member who is a viewer is a viewer. The organisation
admins of the last three columns act while their organisation requires two-factor
authentication: on every page of the organisation or of its dialogues, one without an
authenticator is sent to turn it on, one whose session did not sign in with it to enter a code;
one whose session did gets what any organisation admin gets.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dialogues.models import Organisation, StakeholderLink
from dialogues.readiness import QUESTIONS
from dialogues.services.dialogues import dialogue_delete
from dialogues.services.notifications import notification_token
from dialogues.services.outreach import stakeholder_link_create
from tests.dialogues.conftest import world_of_a_module

pytestmark = pytest.mark.xdist_group("permission-matrix")  # one worker builds its world once

# Each of these gets, unless a row says otherwise, what the role named after it gets.
LIKE = {
    "superuser": "outsider",
    "superuser_viewer": "viewer",
    "staff_viewer": "viewer",
    "org_admin": "owner",
}
BASE_ROLES = ("anonymous", "outsider", "org_member", "viewer", "facilitator", "owner")
TWO_FACTOR_ROLES = ("admin_without_2fa", "admin_2fa_elsewhere", "admin_2fa")
ROLES = (*BASE_ROLES, *LIKE, *TWO_FACTOR_ROLES)
# Where each of them is sent on a page of their organisation or of its dialogues.
TWO_FACTOR_REDIRECT = {
    "admin_without_2fa": re.compile(r"^/en/accounts/2fa/$"),
    "admin_2fa_elsewhere": re.compile(r"^/en/accounts/2fa/reauthenticate/\?next=%2Fen%2F"),
}


def expect(default, **by_role):
    statuses = {role: by_role.get(role, default) for role in BASE_ROLES}
    for role, like in LIKE.items():
        statuses[role] = by_role.get(role, statuses[like])
    # The two-factor columns follow the organisation admin unless a row says otherwise.
    statuses.update({role: by_role[role] for role in TWO_FACTOR_ROLES if role in by_role})
    return statuses


# Common shapes: reading a workspace page, changing something in it, managing it.
def read(status):
    return expect(status, anonymous=302, outsider=404)


def edit(status):
    return expect(status, anonymous=302, outsider=404, org_member=403, viewer=403)


def manage(status):
    return expect(status, anonymous=302, outsider=404, org_member=403, viewer=403, facilitator=403)


READ = read(200)
EDIT = edit(200)
MANAGE = manage(200)


@dataclass
class Row:
    kwargs: object = lambda w: {}  # noqa: E731
    get: dict | None = None
    post: dict | None = None
    data: object = lambda w: {}  # noqa: E731
    setup: object = None
    query: str = ""
    extra: dict = field(default_factory=dict)


def d(w):
    return {"dialogue_pk": w.dialogue.pk}


LOGGED_IN = expect(200, anonymous=302)


def org_admin_only(status):
    return expect(404, anonymous=302, org_member=403, org_admin=status)


def org_members(status):
    return expect(404, anonymous=302, org_member=status, org_admin=status)


MATRIX = {
    # Stakeholder register
    "dialogues:stakeholder-list": Row(kwargs=d, get=READ),
    "dialogues:stakeholder-grid": Row(kwargs=d, get=READ),
    "dialogues:stakeholder-create": Row(kwargs=d, get=EDIT, post=edit(400)),
    "dialogues:stakeholder-detail": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk}, get=READ
    ),
    "dialogues:stakeholder-update": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk}, get=EDIT, post=edit(400)
    ),
    "dialogues:stakeholder-delete": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk}, get=EDIT, post=edit(302)
    ),
    "dialogues:interaction-create": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk}, get=EDIT, post=edit(400)
    ),
    "dialogues:interaction-update": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk, "interaction_pk": w.interaction.pk},
        get=EDIT,
        post=edit(400),
    ),
    "dialogues:interaction-delete": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk, "interaction_pk": w.interaction.pk},
        get=EDIT,
        post=edit(302),
    ),
    "dialogues:stakeholder-export": Row(kwargs=d, get=READ, post=read(400)),
    "dialogues:stakeholder-import": Row(kwargs=d, get=EDIT, post=edit(400)),
    # Without an uploaded file waiting in the session, the later steps send back to step 1.
    "dialogues:stakeholder-import-map": Row(kwargs=d, get=edit(302), post=edit(302)),
    "dialogues:stakeholder-import-preview": Row(kwargs=d, get=edit(302), post=edit(302)),
    "dialogues:dialogue-settings": Row(kwargs=d, get=MANAGE, post=manage(302)),
    "dialogues:home": Row(get=LOGGED_IN),
    "dialogues:my-work": Row(get=LOGGED_IN),
    "dialogues:deleted-list": Row(get=LOGGED_IN),
    "dialogues:notification-settings": Row(get=LOGGED_IN),
    "dialogues:notification-settings-update": Row(
        kwargs=lambda w: {"pk": w.dialogue.pk},
        post=expect(302, outsider=404),
        data=lambda w: {"choice": "digest"},
    ),
    # The signed link in a member's email works for whoever holds it, without logging in.
    "dialogues:notification-change": Row(
        kwargs=lambda w: {"token": notification_token(user=w.users["viewer"], dialogue=w.dialogue)},
        get=expect(200),
        post=expect(200),
        data=lambda w: {"choice": "none"},
    ),
    "dialogues:organisation-create": Row(get=LOGGED_IN, post=expect(400, anonymous=302)),
    "dialogues:organisation-detail": Row(
        kwargs=lambda w: {"pk": w.organisation.pk}, get=org_members(200)
    ),
    "dialogues:organisation-update": Row(
        kwargs=lambda w: {"pk": w.organisation.pk},
        get=org_admin_only(200),
        post=org_admin_only(400),
    ),
    "dialogues:organisation-invite": Row(
        kwargs=lambda w: {"pk": w.organisation.pk}, post=org_admin_only(302)
    ),
    "dialogues:organisation-member-update": Row(
        kwargs=lambda w: {"pk": w.organisation.pk, "member_pk": w.org_membership.pk},
        post=org_admin_only(302),
    ),
    "dialogues:dialogue-create": Row(
        kwargs=lambda w: {"organisation_pk": w.organisation.pk},
        get=org_members(200),
        post=org_members(400),
    ),
    "dialogues:invitation-accept": Row(
        kwargs=lambda w: {"token": w.invitation.token},
        get=expect(403, anonymous=200),
        post=expect(403, anonymous=200),
    ),
    "dialogues:dialogue-detail": Row(kwargs=d, get=READ),
    "dialogues:dialogue-update": Row(kwargs=d, get=EDIT, post=edit(400)),
    "dialogues:dialogue-archive": Row(kwargs=d, post=manage(302)),
    "dialogues:dialogue-delete": Row(kwargs=d, get=MANAGE, post=manage(302)),
    "dialogues:dialogue-restore": Row(
        kwargs=d,
        setup=lambda w: dialogue_delete(dialogue=w.dialogue, user=w.users["owner"]),
        post=expect(404, anonymous=302, owner=302, org_admin=302),
    ),
    "dialogues:activity": Row(kwargs=d, get=READ),
    # Stages and checklists
    "dialogues:checklist": Row(kwargs=d, get=READ, post=edit(400)),
    "dialogues:stage-move": Row(kwargs=d, get=EDIT, post=edit(400)),
    "dialogues:checklist-item-update": Row(
        kwargs=lambda w: {**d(w), "pk": w.checklist_item.pk}, get=EDIT, post=edit(400)
    ),
    "dialogues:checklist-item-done": Row(
        kwargs=lambda w: {**d(w), "pk": w.checklist_item.pk},
        post=edit(302),
        data=lambda w: {"done": "1"},
    ),
    "dialogues:checklist-item-move": Row(
        kwargs=lambda w: {**d(w), "pk": w.checklist_item.pk},
        post=edit(302),
        data=lambda w: {"direction": "down"},
    ),
    "dialogues:checklist-item-delete": Row(
        kwargs=lambda w: {**d(w), "pk": w.checklist_item.pk}, get=EDIT, post=edit(302)
    ),
    # Meetings and calendars
    "dialogues:meeting-list": Row(kwargs=d, get=READ),
    "dialogues:meeting-create": Row(kwargs=d, get=EDIT, post=edit(400)),
    "dialogues:meeting-detail": Row(kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, get=READ),
    "dialogues:meeting-update": Row(
        kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, get=EDIT, post=edit(400)
    ),
    "dialogues:meeting-delete": Row(
        kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, get=EDIT, post=edit(302)
    ),
    "dialogues:meeting-ics": Row(kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, get=READ),
    "dialogues:meeting-attendance": Row(
        kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, post=edit(302)
    ),
    "dialogues:meeting-feedback-request": Row(
        kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, post=edit(302)
    ),
    "dialogues:commitment-ask-holder": Row(
        kwargs=lambda w: {**d(w), "pk": w.commitment.pk}, post=edit(302)
    ),
    "dialogues:meeting-invite": Row(
        kwargs=lambda w: {**d(w), "pk": w.meeting.pk}, get=EDIT, post=edit(400)
    ),
    # The feed needs no login: its secret address is the key.
    "dialogues:calendar-feed": Row(
        kwargs=lambda w: {**d(w), "token": w.dialogue.calendar_token}, get=expect(200)
    ),
    "dialogues:calendar-regenerate": Row(kwargs=d, post=manage(302)),
    # Commitments
    "dialogues:commitment-list": Row(kwargs=d, get=READ),
    "dialogues:commitment-create": Row(kwargs=d, get=EDIT, post=edit(400)),
    "dialogues:commitment-export-csv": Row(kwargs=d, get=READ),
    "dialogues:commitment-export-xlsx": Row(kwargs=d, get=READ),
    "dialogues:commitment-detail": Row(
        kwargs=lambda w: {**d(w), "pk": w.commitment.pk}, get=READ, post=edit(400)
    ),
    "dialogues:commitment-update": Row(
        kwargs=lambda w: {**d(w), "pk": w.commitment.pk}, get=EDIT, post=edit(400)
    ),
    "dialogues:commitment-delete": Row(
        kwargs=lambda w: {**d(w), "pk": w.commitment.pk}, get=EDIT, post=edit(302)
    ),
    "dialogues:plan-print": Row(kwargs=d, get=READ),
    # The readiness self-check: every member reads the saved checks, editors save new ones
    # (into any dialogue they edit; the outsider edits another one, so the choice is invalid).
    "dialogues:readiness": Row(kwargs=d, get=READ),
    "dialogues:readiness-save": Row(
        kwargs=lambda w: {},
        # Without the second factor in this session, the dialogue is not among the choices.
        post=expect(
            302,
            outsider=400,
            org_member=403,
            viewer=403,
            superuser=403,
            admin_without_2fa=403,
            admin_2fa_elsewhere=403,
        ),
        data=lambda w: {**dict.fromkeys(QUESTIONS, "yes"), "dialogue": w.dialogue.pk},
    ),
    # Documents written from the workspace: every member may download them.
    "dialogues:document-list": Row(kwargs=d, get=READ),
    "dialogues:document-download": Row(
        kwargs=lambda w: {**d(w), "kind": "consent-form"},
        post=READ,
        data=lambda w: {"consent-form-language": "fr"},
    ),
    "dialogues:members": Row(kwargs=d, get=READ, post=manage(400)),
    "dialogues:member-update": Row(
        kwargs=lambda w: {**d(w), "member_pk": w.dialogue_membership.pk}, post=manage(302)
    ),
    "dialogues:invitation-update": Row(
        kwargs=lambda w: {**d(w), "invitation_pk": w.invitation.pk},
        post=manage(302),
        data=lambda w: {"action": "revoke"},
    ),
    # Personal data: whole-dialogue file, import into an organisation, erasing one person.
    "dialogues:dialogue-export-json": Row(kwargs=d, get=MANAGE),
    "dialogues:dialogue-import-json": Row(
        kwargs=lambda w: {"organisation_pk": w.organisation.pk},
        get=org_members(200),
        post=org_members(400),
    ),
    "dialogues:stakeholder-erase": Row(
        kwargs=lambda w: {**d(w), "pk": w.stakeholder.pk}, get=MANAGE, post=manage(302)
    ),
    # Links sent to stakeholders: the secret address is the key, whoever opens it.
    "dialogues:stakeholder-link": Row(
        kwargs=lambda w: {"token": _link(w)[1]}, get=expect(200), post=expect(200)
    ),
    "dialogues:stakeholder-link-revoke": Row(
        kwargs=lambda w: {**d(w), "stakeholder_pk": w.stakeholder.pk, "pk": _link(w)[0].pk},
        post=edit(302),
    ),
}


def _link(w):
    return stakeholder_link_create(
        stakeholder=w.stakeholder, purpose=StakeholderLink.Purpose.UNSUBSCRIBE
    )


# The feed is read by calendar apps, which sign in to nothing: its secret address is the key.
NOT_BEHIND_TWO_FACTOR = {"dialogues:calendar-feed"}


def _dialogues_patterns():
    """{name: URL pattern} of every URL of the dialogues app, found by walking the URLconf."""
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == "dialogues":
                    return {
                        f"dialogues:{p.name}": p
                        for p in inner.url_patterns
                        if isinstance(p, URLPattern) and p.name
                    }
    return {}


PATTERNS = _dialogues_patterns()


def organisation_scoped(name):
    """Whether the URL shows or changes one organisation or one of its dialogues."""
    route = str(PATTERNS[name].pattern)
    return name not in NOT_BEHIND_TWO_FACTOR and (
        "<int:dialogue_pk>" in route
        or "<int:organisation_pk>" in route
        or route.startswith(("organisations/<int:pk>", "notifications/<int:pk>"))
    )


def expected(name, method, role):
    """The status, and for the two-factor columns the redirect, the role should get."""
    statuses = getattr(MATRIX[name], method)
    if role in statuses:
        return statuses[role], None
    status = statuses["org_admin"]
    if role in TWO_FACTOR_REDIRECT and organisation_scoped(name) and status != 404:
        return 302, TWO_FACTOR_REDIRECT[role]
    return status, None


CASES = [
    (name, method, role)
    for name, row in MATRIX.items()
    for method in ("get", "post")
    if getattr(row, method) is not None
    for role in ROLES
]


@pytest.fixture(scope="module")
def world_of_the_module(django_db_setup, django_db_blocker):
    """The module's world, with organisation admins for the last four columns."""
    yield from world_of_a_module(django_db_blocker, organisation_admins=True)


@pytest.fixture
def world(shared_world):
    """Hundreds of cases ask their question of one world, built once for the module."""
    return shared_world


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_permission_matrix(world, login, name, method, role):
    row = MATRIX[name]
    if row.setup:
        row.setup(world)
    if role in TWO_FACTOR_ROLES:
        Organisation.objects.filter(pk=world.organisation.pk).update(require_two_factor=True)
    client = login(world.users[role], second_factor=role == "admin_2fa")
    url = reverse(name, kwargs=row.kwargs(world)) + row.query
    response = client.get(url) if method == "get" else client.post(url, row.data(world))
    status, location = expected(name, method, role)
    assert response.status_code == status, f"{method.upper()} {url} as {role}"
    if status == 302 and role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    if location is not None:
        assert location.match(response["Location"]), f"{method.upper()} {url} as {role}"
    elif status == 302:
        assert "/accounts/2fa/" not in response["Location"], f"{method.upper()} {url} as {role}"


def test_every_dialogues_url_is_in_the_matrix():
    assert "dialogues:home" in PATTERNS
    assert set(PATTERNS) - set(MATRIX) == set()


def test_every_organisation_and_dialogue_page_goes_through_the_two_factor_check():
    """Each page of an organisation or a dialogue is built on `DialogueMixin` or
    `organisation_view`, the two places that check the requirement, so a new page cannot
    forget it (the two-factor columns of the matrix check what they answer)."""
    scoped = [name for name in PATTERNS if organisation_scoped(name)]
    assert "dialogues:dialogue-restore" in scoped and "dialogues:organisation-detail" in scoped
    for name in scoped:
        callback = PATTERNS[name].callback
        view = getattr(callback, "view_class", callback)
        assert getattr(view, "checks_organisation", False), name


def test_outsider_cannot_guess_other_dialogue_urls(world, login):
    client = login(world.users["outsider"])
    for pk in range(world.dialogue.pk - 2, world.dialogue.pk + 3):
        if pk == world.dialogue.pk or pk < 1:
            continue
        response = client.get(reverse("dialogues:dialogue-detail", kwargs={"dialogue_pk": pk}))
        assert response.status_code in (200, 404)
    response = client.get(reverse("dialogues:dialogue-detail", kwargs=d(world)))
    assert response.status_code == 404
    assert world.dialogue.title not in response.content.decode()
