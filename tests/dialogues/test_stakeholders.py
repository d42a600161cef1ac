"""The stakeholder register, person by person: adding, editing, deleting, the log, contacts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    Activity,
    Interaction,
    Label,
    Sector,
    Stakeholder,
    StakeholderStatus,
)

from .factories import InteractionFactory, LabelFactory, StakeholderFactory


def url(name, world, **kwargs):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": world.dialogue.pk, **kwargs})


def form_data(**overrides):
    data = {
        "kind": "organisation",
        "name": "Union of Artisanal Fishers",
        "organisation": "UAF",
        "role_title": "",
        "sector": "civil_society",
        "influence": "4",
        "interest": "5",
        "stance": "supportive",
        "engagement_current": "neutral",
        "engagement_desired": "leading",
        "participation_level": "collaborate",
        "status": "contacted",
        "email": "",
        "phone": "",
        "consent_date": "",
        "consent_method": "",
        "notes": "Key voice of the landing sites.",
        "new_tags": "",
        "new_inclusion": "",
    }
    data.update(overrides)
    return data


def test_a_facilitator_adds_a_stakeholder_with_tags_and_markers(world, login):
    existing = LabelFactory(dialogue=world.dialogue, name="landing sites")
    client = login(world.users["facilitator"])

    response = client.post(
        url("stakeholder-create", world),
        form_data(
            tags=[existing.pk],
            new_tags="coastal zone, Landing Sites ، fisheries",
            new_inclusion="women-led",
        ),
    )

    stakeholder = Stakeholder.objects.get(name="Union of Artisanal Fishers")
    assert response["Location"] == stakeholder.get_absolute_url()
    assert stakeholder.dialogue == world.dialogue
    assert (stakeholder.influence, stakeholder.interest) == (4, 5)
    assert stakeholder.status == StakeholderStatus.CONTACTED
    assert stakeholder.created_by == world.users["facilitator"]
    tags = stakeholder.labels.filter(kind=Label.Kind.TAG)
    # "Landing Sites" is the existing label typed in another case: reused, not duplicated.
    assert sorted(tags.values_list("name", flat=True)) == [
        "coastal zone",
        "fisheries",
        "landing sites",
    ]
    assert list(
        stakeholder.labels.filter(kind=Label.Kind.INCLUSION).values_list("name", flat=True)
    ) == ["women-led"]
    assert Label.objects.filter(dialogue=world.dialogue, name__iexact="landing sites").count() == 1
    assert Activity.objects.filter(
        dialogue=world.dialogue, verb=Activity.Verb.CREATED, target_label=stakeholder.name
    ).exists()

    page = client.get(stakeholder.get_absolute_url()).content.decode()
    assert "Union of Artisanal Fishers" in page
    assert "women-led" in page
    assert "Manage closely" in page


def test_save_and_add_another_returns_to_an_empty_form(world, login):
    client = login(world.users["owner"])
    response = client.post(url("stakeholder-create", world), form_data(add_another="1"))
    assert response["Location"] == url("stakeholder-create", world)


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_stored(world, login):
    client = login(world.users["facilitator"])
    before = Stakeholder.objects.count()

    response = client.post(
        url("stakeholder-create", world),
        form_data(name="", influence="9", email="someone@example.org", new_tags="x" * 61),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Ensure this value is less than or equal to 5." in page
    assert "Record when and how consent was given before keeping contact details." in page
    assert "is too long: 60 characters at most." in page
    assert Stakeholder.objects.count() == before


def test_errors_are_in_the_users_language(world, login):
    client = login(world.users["facilitator"])
    response = client.post(
        reverse("dialogues:stakeholder-create", kwargs={"dialogue_pk": world.dialogue.pk}).replace(
            "/en/", "/fr/", 1
        ),
        form_data(name=""),
    )
    assert "Ce champ est obligatoire." in response.content.decode()


def test_contact_details_are_kept_with_consent(world, login):
    client = login(world.users["facilitator"])
    client.post(
        url("stakeholder-create", world),
        form_data(
            email="fatou@example.org",
            phone="+221 77 000 00 00",
            consent_date=date.today().isoformat(),
            consent_method="Verbally at the meeting in Joal",
        ),
    )
    stakeholder = Stakeholder.objects.get(name="Union of Artisanal Fishers")
    assert stakeholder.email == "fatou@example.org"
    assert stakeholder.consent_method == "Verbally at the meeting in Joal"

    future = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        url("stakeholder-create", world),
        form_data(name="Other", email="a@example.org", consent_date=future, consent_method="x"),
    )
    assert "Consent cannot be dated in the future." in response.content.decode()


def test_editing_saves_changes_and_dates_a_status_change(world, login):
    stakeholder = world.stakeholder
    stakeholder.email = ""
    stakeholder.save()
    old_status_date = stakeholder.status_changed - timedelta(days=40)
    Stakeholder.objects.filter(pk=stakeholder.pk).update(status_changed=old_status_date)
    client = login(world.users["owner"])

    response = client.post(
        url("stakeholder-update", world, pk=stakeholder.pk),
        form_data(name="Ministry of Fisheries", status="confirmed", version=stakeholder.version),
    )

    assert response["Location"] == stakeholder.get_absolute_url()
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Ministry of Fisheries"
    assert stakeholder.status == StakeholderStatus.CONFIRMED
    assert stakeholder.status_changed > old_status_date + timedelta(days=39)
    assert stakeholder.version == 2
    activity = Activity.objects.filter(verb=Activity.Verb.UPDATED).latest("pk")
    assert "status" in activity.details["fields"]
    assert "name" in activity.details["fields"]


def _edit_labels(world, login, **labels):
    """Post the stakeholder's form with these labels (``tags``, ``new_tags``…); the activity's
    fields and the stakeholder's labels after it, as (kind, name)."""
    stakeholder = world.stakeholder
    stakeholder.refresh_from_db()
    login(world.users["owner"]).post(
        url("stakeholder-update", world, pk=stakeholder.pk),
        form_data(role_title="Harbour master", version=stakeholder.version, **labels),
    )
    activity = Activity.objects.filter(verb=Activity.Verb.UPDATED).latest("pk")
    return activity.details["fields"], sorted(stakeholder.labels.values_list("kind", "name"))


def test_an_edit_changes_the_labels_only_when_they_change(world, login):
    boats = LabelFactory(dialogue=world.dialogue, kind=Label.Kind.TAG, name="boats")
    youth = LabelFactory(dialogue=world.dialogue, kind=Label.Kind.INCLUSION, name="youth")
    world.stakeholder.labels.set([boats, youth])
    same = {"tags": [boats.pk], "inclusion": [youth.pk]}

    fields, labels = _edit_labels(world, login, **same)
    assert "labels" not in fields and "role_title" in fields
    assert labels == [("inclusion", "youth"), ("tag", "boats")]

    # The same name typed again is the same label.
    fields, labels = _edit_labels(world, login, **same, new_tags="Boats")
    assert "labels" not in fields
    assert labels == [("inclusion", "youth"), ("tag", "boats")]

    fields, labels = _edit_labels(world, login, **same, new_tags="nets")
    assert "labels" in fields
    assert labels == [("inclusion", "youth"), ("tag", "boats"), ("tag", "nets")]

    fields, labels = _edit_labels(world, login, tags=[boats.pk])
    assert "labels" in fields
    assert labels == [("tag", "boats")]


def test_viewers_read_but_cannot_change_the_register(world, login):
    client = login(world.users["viewer"])
    page = client.get(url("stakeholder-list", world)).content.decode()
    assert world.stakeholder.name in page
    assert url("stakeholder-create", world) not in page
    detail = client.get(world.stakeholder.get_absolute_url()).content.decode()
    assert url("stakeholder-update", world, pk=world.stakeholder.pk) not in detail
    assert url("interaction-create", world, pk=world.stakeholder.pk) not in detail

    assert client.post(url("stakeholder-create", world), form_data()).status_code == 403
    assert client.post(url("stakeholder-delete", world, pk=world.stakeholder.pk)).status_code == 403
    assert Stakeholder.objects.filter(pk=world.stakeholder.pk).exists()


def test_a_facilitator_deletes_a_stakeholder_and_its_log(world, login):
    InteractionFactory(stakeholder=world.stakeholder)
    client = login(world.users["facilitator"])
    confirm = client.get(url("stakeholder-delete", world, pk=world.stakeholder.pk))
    assert "This cannot be undone." in confirm.content.decode()

    response = client.post(url("stakeholder-delete", world, pk=world.stakeholder.pk))

    assert response["Location"] == url("stakeholder-list", world)
    assert not Stakeholder.objects.filter(pk=world.stakeholder.pk).exists()
    assert not Interaction.objects.exists()
    assert Activity.objects.filter(
        verb=Activity.Verb.DELETED, target_label=world.stakeholder.name
    ).exists()


def test_a_stakeholder_of_another_dialogue_is_not_found(world, login):
    elsewhere = StakeholderFactory()
    client = login(world.users["owner"])
    assert client.get(url("stakeholder-detail", world, pk=elsewhere.pk)).status_code == 404
    assert client.post(url("stakeholder-delete", world, pk=elsewhere.pk)).status_code == 404
    assert Stakeholder.objects.filter(pk=elsewhere.pk).exists()


def test_an_archived_dialogue_keeps_its_register_read_only(world, login):
    world.dialogue.archived_at = timezone.now()
    world.dialogue.save()
    client = login(world.users["facilitator"])
    assert client.get(url("stakeholder-list", world)).status_code == 200
    assert client.get(url("stakeholder-create", world)).status_code == 403


# --- Interaction log ------------------------------------------------------------------------


def test_a_facilitator_logs_a_call_and_everyone_reads_it(world, login):
    client = login(world.users["facilitator"])
    response = client.post(
        url("interaction-create", world, pk=world.stakeholder.pk),
        {"date": "2026-03-02", "kind": "call", "note": "Agreed to send a deputy director."},
    )
    assert response["Location"] == world.stakeholder.get_absolute_url() + "#log"
    entry = Interaction.objects.exclude(pk=world.interaction.pk).get()
    assert entry.recorded_by == world.users["facilitator"]
    assert entry.date == date(2026, 3, 2)

    page = login(world.users["viewer"]).get(world.stakeholder.get_absolute_url()).content.decode()
    assert "Agreed to send a deputy director." in page
    assert world.users["facilitator"].email in page


def test_an_empty_log_entry_is_refused_with_a_message(world, login):
    client = login(world.users["facilitator"])
    response = client.post(
        url("interaction-create", world, pk=world.stakeholder.pk),
        {"date": "2026-03-02", "kind": "call", "note": ""},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert list(Interaction.objects.all()) == [world.interaction]


def entry_url(name, world):
    return url(name, world, pk=world.stakeholder.pk, interaction_pk=world.interaction.pk)


def test_a_facilitator_corrects_a_log_entry(world, login):
    client = login(world.users["facilitator"])
    form = client.get(entry_url("interaction-update", world))
    assert form.status_code == 200
    assert world.interaction.note in form.content.decode()
    response = client.post(
        entry_url("interaction-update", world),
        {"date": "2026-03-03", "kind": "email", "note": "Sent the invitation.", "version": 1},
    )
    assert response["Location"] == world.stakeholder.get_absolute_url() + "#log"
    world.interaction.refresh_from_db()
    assert (world.interaction.date, world.interaction.kind) == (date(2026, 3, 3), "email")
    assert world.interaction.note == "Sent the invitation."
    assert world.interaction.version == 2
    # Recorded by stays who wrote it; the change is in the activity feed.
    assert Activity.objects.filter(
        dialogue=world.dialogue, actor=world.users["facilitator"], details__fields=["interactions"]
    ).exists()
    # The detail page offers editing to those who may edit, not to viewers.
    edit = entry_url("interaction-update", world)
    assert edit in client.get(world.stakeholder.get_absolute_url()).content.decode()
    viewer_page = login(world.users["viewer"]).get(world.stakeholder.get_absolute_url())
    assert edit not in viewer_page.content.decode()


def test_a_correction_made_meanwhile_is_not_overwritten(world, login):
    client = login(world.users["facilitator"])
    stale = {"date": "2026-03-02", "kind": "call", "note": "Their first version.", "version": 1}
    first = {**stale, "note": "Saved first."}
    assert client.post(entry_url("interaction-update", world), first).status_code == 302
    response = client.post(entry_url("interaction-update", world), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this entry while you were editing." in html
    assert "Saved first." in html and "Their first version." in html
    world.interaction.refresh_from_db()
    assert world.interaction.note == "Saved first."
    # Saving again from the conflict page keeps the second version.
    again = {**stale, "version": 2}
    assert client.post(entry_url("interaction-update", world), again).status_code == 302
    world.interaction.refresh_from_db()
    assert world.interaction.note == "Their first version."


def test_bad_input_to_a_log_entry_is_explained_and_nothing_changes(world, login):
    client = login(world.users["facilitator"])
    before = world.interaction.note
    response = client.post(
        entry_url("interaction-update", world),
        {"date": "not a date", "kind": "call", "note": "", "version": 1},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid date." in html and "This field is required." in html
    world.interaction.refresh_from_db()
    assert world.interaction.note == before


def test_a_facilitator_removes_a_log_entry_after_confirming(world, login):
    client = login(world.users["facilitator"])
    page = client.get(entry_url("interaction-delete", world)).content.decode()
    assert world.interaction.note in page
    response = client.post(entry_url("interaction-delete", world))
    assert response["Location"] == world.stakeholder.get_absolute_url() + "#log"
    assert not Interaction.objects.exists()


def test_an_entry_of_another_stakeholder_or_dialogue_is_not_found(world, login):
    other = InteractionFactory()  # in another dialogue
    client = login(world.users["owner"])
    wrong = [
        url("interaction-update", world, pk=world.stakeholder.pk, interaction_pk=other.pk),
        url("interaction-delete", world, pk=other.stakeholder.pk, interaction_pk=other.pk),
    ]
    for address in wrong:
        assert client.get(address).status_code == 404
        assert client.post(address).status_code == 404
    assert Interaction.objects.filter(pk=other.pk).exists()


# --- Contact details ------------------------------------------------------------------------


def test_contact_details_are_hidden_from_viewers_by_default(world, login):
    client = login(world.users["viewer"])
    response = client.get(world.stakeholder.get_absolute_url() + "?contacts=show")
    page = response.content.decode()
    assert "secret@example.org" not in page
    assert "your role does not show them" in page
    assert not Activity.objects.filter(verb=Activity.Verb.VIEWED_CONTACTS).exists()


def test_showing_contact_details_is_recorded_each_time(world, login):
    client = login(world.users["facilitator"])
    page = client.get(world.stakeholder.get_absolute_url()).content.decode()
    assert "secret@example.org" not in page
    assert "Show contact details" in page

    for _ in range(2):
        page = client.get(world.stakeholder.get_absolute_url() + "?contacts=show").content.decode()
        assert "secret@example.org" in page

    views = Activity.objects.filter(verb=Activity.Verb.VIEWED_CONTACTS)
    assert views.count() == 2
    assert {a.actor for a in views} == {world.users["facilitator"]}
    assert views.first().target_label == world.stakeholder.name


def test_opening_the_edit_form_shows_and_records_the_contacts(world, login):
    client = login(world.users["facilitator"])
    page = client.get(url("stakeholder-update", world, pk=world.stakeholder.pk)).content.decode()
    assert "secret@example.org" in page
    assert Activity.objects.filter(verb=Activity.Verb.VIEWED_CONTACTS).count() == 1


def test_the_owner_lets_viewers_see_contact_details(world, login):
    assert login(world.users["facilitator"]).get(url("dialogue-settings", world)).status_code == 403

    owner = login(world.users["owner"])
    response = owner.post(
        url("dialogue-settings", world),
        {"show_contacts_to_viewers": "on", "version": world.dialogue.version},
    )
    assert response.status_code == 302
    world.dialogue.refresh_from_db()
    assert world.dialogue.show_contacts_to_viewers
    assert Activity.objects.filter(verb=Activity.Verb.UPDATED, target_label=world.dialogue.title)

    viewer = login(world.users["viewer"])
    page = viewer.get(world.stakeholder.get_absolute_url() + "?contacts=show").content.decode()
    assert "secret@example.org" in page
    assert Activity.objects.get(verb=Activity.Verb.VIEWED_CONTACTS).actor == world.users["viewer"]


# --- Two people editing at once --------------------------------------------------------------


def test_the_second_save_shows_both_versions_instead_of_overwriting(world, login):
    stakeholder = world.stakeholder
    stakeholder.email = ""
    stakeholder.save()
    opened_version = stakeholder.version

    # Aminata saves first.
    login(world.users["owner"]).post(
        url("stakeholder-update", world, pk=stakeholder.pk),
        form_data(name="Ministry of Fisheries", stance="opposed", version=opened_version),
    )
    # Jorge had the same form open and saves his change.
    client = login(world.users["facilitator"])
    response = client.post(
        url("stakeholder-update", world, pk=stakeholder.pk),
        form_data(name="Ministry of Fisheries", stance="neutral", version=opened_version),
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this stakeholder while you were editing." in page
    differences = {row["label"]: row for row in response.context["differences"]}
    assert differences["Stance"]["theirs"] == "Opposed"
    assert differences["Stance"]["yours"] == "Neutral"
    stakeholder.refresh_from_db()
    assert stakeholder.stance == "opposed"  # nothing overwritten

    # Saving again from the conflict page keeps Jorge's version, on purpose.
    new_version = response.context["form"]["version"].value()
    response = client.post(
        url("stakeholder-update", world, pk=stakeholder.pk),
        form_data(name="Ministry of Fisheries", stance="neutral", version=new_version),
    )
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.stance == "neutral"


def test_a_sharing_setting_saved_over_another_change_shows_both_versions(world, login):
    opened_version = world.dialogue.version
    # A facilitator edits the dialogue while the owner has the settings open.
    login(world.users["facilitator"]).post(
        url("dialogue-update", world),
        {"title": "Renamed", "challenge": "c", "version": opened_version},
    )
    owner = login(world.users["owner"])
    response = owner.post(
        url("dialogue-settings", world),
        {"show_contacts_to_viewers": "on", "version": opened_version},
    )

    assert response.status_code == 409
    assert "Someone else changed this dialogue" in response.content.decode()
    (row,) = response.context["differences"]
    assert (row["theirs"], row["yours"]) == ("no", "yes")
    world.dialogue.refresh_from_db()
    assert not world.dialogue.show_contacts_to_viewers  # nothing overwritten
    form = response.context["form"]
    assert form["show_contacts_to_viewers"].value() is True  # the owner's choice is kept
    # Saving again from the conflict page keeps the owner's choice.
    again = owner.post(
        url("dialogue-settings", world),
        {"show_contacts_to_viewers": "on", "version": form["version"].value()},
    )
    assert again.status_code == 302
    world.dialogue.refresh_from_db()
    assert world.dialogue.show_contacts_to_viewers
    assert world.dialogue.title == "Renamed"


@pytest.mark.parametrize("sector", [Sector.MEDIA, Sector.DONORS])
def test_every_sector_can_be_chosen(world, login, sector):
    client = login(world.users["facilitator"])
    client.post(url("stakeholder-create", world), form_data(sector=sector.value))
    assert Stakeholder.objects.get(name="Union of Artisanal Fishers").sector == sector
