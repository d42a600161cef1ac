"""Who gets what, for every URL of the dialogues app and every role, for GET and POST.

Add a row for each new URL: the last test fails when a URL of the app is missing here.
Statuses: 302 for anonymous (to the login page), 404 for people who may not know the dialogue
exists, 403 for members whose role does not allow the action.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLResolver, get_resolver, reverse

from dialogues.models import StakeholderLink
from dialogues.readiness import QUESTIONS
from dialogues.services.dialogues import dialogue_delete
from dialogues.services.notifications import notification_token
from dialogues.services.outreach import stakeholder_link_create

pytestmark = pytest.mark.xdist_group("permission-matrix")  # one worker builds its world once

ROLES = ("anonymous", "outsider", "org_member", "viewer", "facilitator", "owner", "staff")


def expect(default, **by_role):
    return {role: by_role.get(role, default) for role in ROLES}


# Common shapes: reading a workspace page, and changing something in it.
READ = expect(200, anonymous=302, outsider=404, staff=404)
EDIT = expect(200, anonymous=302, outsider=404, org_member=403, viewer=403, staff=404)
MANAGE = expect(
    200, anonymous=302, outsider=404, org_member=403, viewer=403, facilitator=403, staff=404
)


def edit(status):
    return {**EDIT, "facilitator": status, "owner": status}


def manage(status):
    return {**MANAGE, "owner": status}


def read(status):
    return {**READ, **dict.fromkeys(("org_member", "viewer", "facilitator", "owner"), status)}


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
ORG_ADMIN_ONLY = expect(404, anonymous=302, org_member=403)

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
    "dialogues:deleted-list": Row(get=LOGGED_IN),
    "dialogues:my-work": Row(get=LOGGED_IN),
    "dialogues:notification-settings": Row(get=LOGGED_IN),
    "dialogues:notification-settings-update": Row(
        kwargs=lambda w: {"pk": w.dialogue.pk},
        post=expect(302, outsider=404, staff=404),
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
        kwargs=lambda w: {"pk": w.organisation.pk},
        get=expect(404, anonymous=302, org_member=200),
    ),
    "dialogues:organisation-update": Row(
        kwargs=lambda w: {"pk": w.organisation.pk}, get=ORG_ADMIN_ONLY, post=ORG_ADMIN_ONLY
    ),
    "dialogues:organisation-invite": Row(
        kwargs=lambda w: {"pk": w.organisation.pk}, post=ORG_ADMIN_ONLY
    ),
    "dialogues:organisation-member-update": Row(
        kwargs=lambda w: {"pk": w.organisation.pk, "member_pk": w.org_membership.pk},
        post=ORG_ADMIN_ONLY,
    ),
    "dialogues:dialogue-create": Row(
        kwargs=lambda w: {"organisation_pk": w.organisation.pk},
        get=expect(404, anonymous=302, org_member=200),
        post=expect(404, anonymous=302, org_member=400),
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
        post=expect(404, anonymous=302, owner=302),
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
        post=expect(302, outsider=400, org_member=403, viewer=403, staff=403),
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
        get=expect(404, anonymous=302, org_member=200),
        post=expect(404, anonymous=302, org_member=400),
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


CASES = [
    (name, method, role)
    for name, row in MATRIX.items()
    for method in ("get", "post")
    if getattr(row, method) is not None
    for role in ROLES
]


@pytest.fixture
def world(shared_world):
    """Hundreds of cases ask their question of one world, built once for the module."""
    return shared_world


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_permission_matrix(world, login, name, method, role):
    row = MATRIX[name]
    if row.setup:
        row.setup(world)
    client = login(world.users[role])
    url = reverse(name, kwargs=row.kwargs(world)) + row.query
    response = client.get(url) if method == "get" else client.post(url, row.data(world))
    expected = getattr(row, method)[role]
    assert response.status_code == expected, f"{method.upper()} {url} as {role}"
    if expected == 302 and role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def _dialogues_url_names():
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == "dialogues":
                    return {f"dialogues:{p.name}" for p in inner.url_patterns if p.name}
    return set()


def test_every_dialogues_url_is_in_the_matrix():
    names = _dialogues_url_names()
    assert "dialogues:home" in names
    assert names - set(MATRIX) == set()


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
