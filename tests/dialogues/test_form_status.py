"""One policy for every form: a refused submission gets the same page back, the error next to
its field, status 400, and nothing stored."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from dialogues.models import Activity, OrganisationRole

from .factories import OrganisationMembershipFactory


@dataclass
class Case:
    kwargs: object
    user: str
    data: object
    field: str
    message: str
    form: str = "form"


def d(w):
    return {"dialogue_pk": w.dialogue.pk}


def stakeholder(w):
    return {**d(w), "pk": w.stakeholder.pk}


REQUIRED = "This field is required."

CASES = {
    "dialogues:organisation-create": Case(
        lambda w: {}, "outsider", lambda w: {"name": "", "country": "Bolivia"}, "name", REQUIRED
    ),
    "dialogues:organisation-update": Case(
        lambda w: {"pk": w.organisation.pk},
        "org_admin",
        lambda w: {"name": "", "country": "Bolivia", "timezone": "UTC"},
        "name",
        REQUIRED,
    ),
    "dialogues:dialogue-create": Case(
        lambda w: {"organisation_pk": w.organisation.pk},
        "org_member",
        lambda w: {"title": "A dialogue", "challenge": ""},
        "challenge",
        REQUIRED,
    ),
    "dialogues:dialogue-update": Case(
        d,
        "owner",
        lambda w: {
            "title": "T",
            "challenge": "c",
            "start_date": "2027-05-01",
            "end_date": "2027-01-01",
            "version": w.dialogue.version,
        },
        "end_date",
        "The end date cannot be before the start date.",
    ),
    "dialogues:members": Case(
        d,
        "owner",
        lambda w: {"email": "not an address", "role": "viewer"},
        "email",
        "Enter a valid email address.",
        form="invite_form",
    ),
    "dialogues:stakeholder-create": Case(
        d,
        "facilitator",
        lambda w: {"name": "", "sector": "civil_society"},
        "name",
        REQUIRED,
    ),
    "dialogues:stakeholder-update": Case(
        stakeholder,
        "facilitator",
        lambda w: {
            "name": "Fishers",
            "sector": "civil_society",
            "email": "fishers@example.org",
            "version": w.stakeholder.version,
        },
        "consent_date",
        "Record when and how consent was given before keeping contact details.",
    ),
    "dialogues:interaction-update": Case(
        lambda w: {**stakeholder(w), "interaction_pk": w.interaction.pk},
        "facilitator",
        lambda w: {"date": "not a date", "kind": "call", "note": "n", "version": 1},
        "date",
        "Enter a valid date.",
    ),
    "dialogues:stakeholder-export": Case(
        d, "viewer", lambda w: {"format": "csv"}, "columns", "Choose at least one column."
    ),
    "dialogues:checklist-item-update": Case(
        lambda w: {**d(w), "pk": w.checklist_item.pk},
        "facilitator",
        lambda w: {"title": "Item", "due_date": "31/31/2026", "version": 1},
        "due_date",
        "Enter a valid date.",
    ),
    "dialogues:stage-move": Case(
        d,
        "facilitator",
        lambda w: {"to_stage": "nowhere", "from_stage": w.dialogue.stage},
        "to_stage",
        "Select a valid choice.",
    ),
    "dialogues:meeting-update": Case(
        lambda w: {**d(w), "pk": w.meeting.pk},
        "facilitator",
        lambda w: {
            "title": "",
            "date": "2026-05-01",
            "start_time": "10:00",
            "timezone": "UTC",
            "duration_minutes": "60",
            "version": w.meeting.version,
            "agenda-TOTAL_FORMS": "0",
            "agenda-INITIAL_FORMS": "0",
        },
        "title",
        REQUIRED,
    ),
    "dialogues:commitment-create": Case(
        d,
        "facilitator",
        lambda w: {"description": "Open the landing site data", "status": "proposed"},
        "stakeholders",
        REQUIRED,
    ),
    "dialogues:commitment-detail": Case(
        lambda w: {**d(w), "pk": w.commitment.pk},
        "facilitator",
        lambda w: {"date": "2999-01-01", "status": "in_progress", "note": ""},
        "date",
        "A progress update cannot be dated in the future.",
        form="progress_form",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_refused_submission_is_answered_with_400_and_the_error_by_its_field(world, login, name):
    case = CASES[name]
    world.users["org_admin"] = OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    ).user
    activities = Activity.objects.count()
    client = login(world.users[case.user])

    response = client.post(reverse(name, kwargs=case.kwargs(world)), case.data(world))

    assert response.status_code == 400
    form = response.context[case.form]
    assert case.field in form.errors, form.errors
    assert any(case.message in error for error in form.errors[case.field])
    assert case.message in response.content.decode()
    assert Activity.objects.count() == activities  # nothing stored
