"""Commitments: their lifecycle, overdue ones, filters, spreadsheet exports and the digest."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator

from dialogues.models import (
    Activity,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    OrganisationRole,
    OverdueDigest,
    Role,
    Sector,
)
from dialogues.services.commitments import commitment_progress_add, overdue_digest_send
from dialogues.services.dialogues import dialogue_archive

from . import factories

TODAY = timezone.localdate


def url(name, dialogue, **kwargs):
    with translation.override("en"):
        return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk, **kwargs})


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def commitment(dialogue, *stakeholders, days=None, status=CommitmentStatus.AGREED, **fields):
    due = TODAY() + timedelta(days=days) if days is not None else None
    made = factories.CommitmentFactory(dialogue=dialogue, due_date=due, status=status, **fields)
    made.stakeholders.set(stakeholders)
    return made


@pytest.fixture
def parties(world):
    dialogue = world.dialogue
    return {
        "ministry": factories.StakeholderFactory(
            dialogue=dialogue, name="Ministry of Fisheries", sector=Sector.GOVERNMENT
        ),
        "union": factories.StakeholderFactory(
            dialogue=dialogue, name="Fishers' union", sector=Sector.CIVIL_SOCIETY
        ),
        "university": factories.StakeholderFactory(
            dialogue=dialogue, name="Marine institute", sector=Sector.ACADEMIA
        ),
    }


@pytest.mark.django_db
def test_a_commitment_goes_from_proposed_to_done_with_dated_updates(world, login, parties):
    client = login(world.users["facilitator"])
    response = client.post(
        url("commitment-create", world.dialogue),
        {
            "stakeholders": [parties["ministry"].pk, parties["union"].pk],
            "description": "Publish monthly landing data for the bay",
            "due_date": (TODAY() + timedelta(days=60)).isoformat(),
            "resources": "Two data clerks from the ministry",
            "status": "proposed",
            "meeting": world.meeting.pk,
        },
    )
    made = Commitment.objects.get(description="Publish monthly landing data for the bay")
    assert response["Location"] == made.get_absolute_url()
    assert set(made.stakeholders.all()) == {parties["ministry"], parties["union"]}
    assert (made.meeting, made.created_by) == (world.meeting, world.users["facilitator"])
    assert "Publish monthly landing data" in page(client, world.meeting.get_absolute_url())

    detail = url("commitment-detail", world.dialogue, pk=made.pk)
    for status, note in [
        ("agreed", "Signed at the round table"),
        ("in_progress", "Three of five harbours report"),
        ("done", "Data online since May"),
    ]:
        response = client.post(
            detail, {"date": TODAY().isoformat(), "status": status, "note": note}
        )
        assert response.status_code == 302
        made.refresh_from_db()
        assert made.status == status
    assert list(made.updates.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "agreed",
    ]
    assert made.version == 4  # each status change is a new version
    html = page(client, detail)
    assert "Three of five harbours report" in html
    assert html.index("Data online since May") < html.index("Signed at the round table")


@pytest.mark.django_db
def test_changing_the_status_in_the_form_is_kept_in_the_history(world, login, parties):
    made = commitment(world.dialogue, parties["union"], days=10)
    client = login(world.users["owner"])
    client.post(
        url("commitment-update", world.dialogue, pk=made.pk),
        {
            "stakeholders": [parties["union"].pk],
            "description": made.description,
            "due_date": made.due_date.isoformat(),
            "status": "dropped",
            "version": made.version,
        },
    )
    made.refresh_from_db()
    assert made.status == CommitmentStatus.DROPPED
    update = CommitmentUpdate.objects.get(commitment=made)
    assert (update.status, update.author) == ("dropped", world.users["owner"])


@pytest.mark.django_db
def test_a_commitment_needs_someone_who_commits_and_a_past_or_present_update(world, login, parties):
    client = login(world.users["facilitator"])
    elsewhere = factories.StakeholderFactory()
    response = client.post(
        url("commitment-create", world.dialogue),
        {"stakeholders": [elsewhere.pk], "description": "x", "status": "agreed"},
    )
    assert response.status_code == 400
    assert "is not one of the available choices" in response.content.decode()
    response = client.post(
        url("commitment-create", world.dialogue).replace("/en/", "/fr/"),
        {"description": "Nobody", "status": "agreed"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_stakeholders-error">Ce champ est obligatoire.' in html
    assert not Commitment.objects.filter(description="Nobody").exists()
    made = commitment(world.dialogue, parties["union"], days=3)
    response = client.post(
        url("commitment-detail", world.dialogue, pk=made.pk),
        {"date": (TODAY() + timedelta(days=2)).isoformat(), "status": "done"},
    )
    assert response.status_code == 400
    assert "cannot be dated in the future" in response.content.decode()
    made.refresh_from_db()
    assert made.status == CommitmentStatus.AGREED


@pytest.mark.django_db
def test_a_concurrent_edit_of_a_commitment_keeps_both_versions_visible(world, login, parties):
    made = commitment(world.dialogue, parties["union"], days=3)
    client = login(world.users["facilitator"])
    commitment_progress_add(
        commitment=made, user=world.users["owner"], status=CommitmentStatus.IN_PROGRESS
    )
    response = client.post(
        url("commitment-update", world.dialogue, pk=made.pk),
        {
            "stakeholders": [parties["union"].pk],
            "description": "Rewritten meanwhile",
            "status": "agreed",
            "version": 1,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Their version (saved)" in html and "In progress" in html
    made.refresh_from_db()
    assert made.status == CommitmentStatus.IN_PROGRESS
    assert made.description != "Rewritten meanwhile"


# --- Overdue --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_means_open_and_past_its_date(world, parties):
    late = commitment(world.dialogue, parties["union"], days=-1)
    due_today = commitment(world.dialogue, parties["union"], days=0)
    done_late = commitment(world.dialogue, parties["union"], days=-9, status="done")
    dropped_late = commitment(world.dialogue, parties["union"], days=-9, status="dropped")
    undated = commitment(world.dialogue, parties["union"])
    assert late.is_overdue
    assert not any(c.is_overdue for c in (due_today, done_late, dropped_late, undated))
    assert list(Commitment.objects.overdue()) == [late]


@pytest.mark.django_db
def test_the_list_marks_overdue_commitments_in_words_and_filters_them(world, login, parties):
    commitment(world.dialogue, parties["ministry"], days=-5, description="Late study")
    commitment(world.dialogue, parties["union"], days=20, description="Future training")
    commitment(world.dialogue, parties["university"], days=-5, status="done", description="Old")
    client = login(world.users["viewer"])
    html = page(client, url("commitment-list", world.dialogue))
    row = html[html.index("Late study") - 600 : html.index("Late study") + 400]
    assert 'class="is-overdue"' in row and "Overdue" in row
    assert "4 shown, 1 overdue." in html  # the world's own commitment has no date
    html = page(client, url("commitment-list", world.dialogue) + "?overdue=on")
    assert "Late study" in html and "Future training" not in html and "Old" not in html


@pytest.mark.django_db
def test_a_list_row_shows_each_field_escaped_in_the_readers_language(world, login, parties):
    hostile = '<img src=x onerror="alert(1)">'
    parties["union"].name = f"Union {hostile}"
    parties["union"].save()
    world.meeting.title = "Bay <i>forum</i>"
    world.meeting.save()
    facilitator = world.users["facilitator"]
    facilitator.first_name, facilitator.last_name = "Aïcha", "<b>Diallo</b>"
    facilitator.save()
    late = commitment(
        world.dialogue,
        parties["union"],
        parties["ministry"],
        days=-3,
        description=f"Open the landing data {hostile} " + "x" * 150,
        meeting=world.meeting,
        assignee=facilitator,
    )
    commitment_progress_add(
        commitment=late, user=facilitator, status="in_progress", note="Draft <sent> " + "y" * 90
    )
    commitment(world.dialogue, parties["university"], description="Undated survey")
    address = url("commitment-list", world.dialogue).replace("/en/", "/fr/", 1)
    html = page(login(world.users["viewer"]), address)
    assert "<img src=x" not in html and "<b>Diallo" not in html and "<sent>" not in html
    link = html.index(f"/commitments/{late.pk}/")
    row = html[html.rindex("<tr", 0, link) : html.index("</tr>", link)]
    assert row.startswith('<tr class="is-overdue">')
    assert "<bdi>Ministry of Fisheries</bdi>, <bdi>Union &lt;img src=x onerror=&quot;" in row
    description = escape(f"Open the landing data {hostile} " + "x" * 150)
    assert f'dir="auto">{escape(Truncator(late.description).chars(140))}</a>' in row
    assert description not in row  # cut at 140 characters, as the template cut it
    assert '<span class="small text-muted">lors de <bdi>Bay &lt;i&gt;forum&lt;/i&gt;</bdi>' in row
    assert '<span class="overdue overdue-flag"><span aria-hidden="true">⚠ </span>En retard' in row
    assert '<span class="status-badge status-in_progress">En cours</span>' in row
    assert "<bdi>Aïcha &lt;b&gt;Diallo&lt;/b&gt;</bdi>" in row
    note = escape(Truncator("Draft <sent> " + "y" * 90).chars(80))
    assert f'<span dir="auto">{note}</span>' in row
    undated = html[html.index("Undated survey") :]
    assert '<span class="text-muted">sans date</span>' in undated[: undated.index("</tr>")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("sector=government", {"Ministry study", "Joint monitoring"}),
        ("sector=civil_society", {"Union training", "Joint monitoring"}),
        ("status=done", {"Joint monitoring"}),
        ("status=agreed&sector=civil_society", {"Union training"}),
        ("stakeholder=marine", set()),
        ("stakeholder=UNION", {"Union training", "Joint monitoring"}),
        ("stakeholder=union&status=done", {"Joint monitoring"}),
        ("status=nonsense", {"Ministry study", "Union training", "Joint monitoring"}),
    ],
)
def test_filters_by_stakeholder_sector_and_status(world, login, parties, query, shown):
    world.commitment.delete()
    commitment(world.dialogue, parties["ministry"], days=3, description="Ministry study")
    commitment(world.dialogue, parties["union"], days=3, description="Union training")
    commitment(
        world.dialogue,
        parties["union"],
        parties["ministry"],
        status="done",
        description="Joint monitoring",
    )
    html = page(login(world.users["viewer"]), url("commitment-list", world.dialogue) + "?" + query)
    found = {d for d in ("Ministry study", "Union training", "Joint monitoring") if d in html}
    assert found == shown


# --- Exports --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_export_is_utf8_with_bom_formula_safe_and_logged(world, login, parties):
    commitment(
        world.dialogue,
        parties["union"],
        days=-2,
        description='=HYPERLINK("http://evil.example")',
        resources="@SUM(A1) تمويل",
    )
    client = login(world.users["viewer"])
    response = client.get(url("commitment-export-csv", world.dialogue) + "?overdue=on")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Who", "Sector", "Commits to", "By when"]
    assert len(rows) == 2
    assert rows[1][0] == "Fishers' union"
    assert rows[1][1] == "Civil society"
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][4] == "'@SUM(A1) تمويل"
    assert rows[1][6] == "yes"
    activity = Activity.objects.get(verb=Activity.Verb.EXPORTED)
    assert activity.actor == world.users["viewer"]
    assert activity.details == {"what": "commitments", "format": "csv", "rows": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("language, separator", [("en", ", "), ("fr", ", "), ("ar", "\u060c ")])
def test_who_commits_is_listed_as_the_language_writes_a_list(
    world, login, parties, language, separator
):
    made = commitment(world.dialogue, parties["ministry"], parties["union"], days=3)
    client = login(world.users["viewer"])
    names = sorted(["<bdi>Ministry of Fisheries</bdi>", "<bdi>Fishers&#x27; union</bdi>"])
    with translation.override(language):
        listing = page(client, reverse("dialogues:commitment-list", args=[world.dialogue.pk]))
        detail = page(client, made.get_absolute_url())
        export = client.get(reverse("dialogues:commitment-export-csv", args=[world.dialogue.pk]))
    assert separator.join(names) in listing
    assert f"</span>{separator}<a href=" in detail  # name (sector), name (sector)
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert sorted(rows[1][0].split(separator)) == ["Fishers' union", "Ministry of Fisheries"]


@pytest.mark.django_db
def test_xlsx_export_opens_in_a_spreadsheet_without_formulas(world, login, parties):
    commitment(
        world.dialogue, parties["ministry"], days=5, description="+1 boat patrol", status="agreed"
    )
    with_language = login(world.users["viewer"])
    address = reverse(
        "dialogues:commitment-export-xlsx", kwargs={"dialogue_pk": world.dialogue.pk}
    ).replace("/en/", "/fr/")
    response = with_language.get(address)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Qui"
    values = {row[2]: row for row in rows[1:]}
    row = values["'+1 boat patrol"]
    assert row[1] == "Pouvoirs publics"
    assert row[3].date() == TODAY() + timedelta(days=5)
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    assert Activity.objects.get(verb=Activity.Verb.EXPORTED).details["format"] == "xlsx"


# --- The daily digest to owners -------------------------------------------------------------


@pytest.mark.django_db
def test_owners_get_one_digest_a_day_in_their_language(
    world, parties, django_capture_on_commit_callbacks
):
    owner = world.users["owner"]
    factories.InvitationFactory(
        dialogue=world.dialogue,
        email=owner.email,
        language="fr",
        accepted_by=owner,
        accepted_at=timezone.now(),
    )
    commitment(world.dialogue, parties["union"], days=-3, description="Train 40 fishers")
    commitment(world.dialogue, parties["union"], days=3, description="Not late yet")
    # A second dialogue of the same owner, and one where they are only a viewer.
    second = factories.DialogueMembershipFactory(user=owner, role=Role.OWNER).dialogue
    commitment(second, factories.StakeholderFactory(dialogue=second), days=-1, description="B")
    watched = factories.DialogueMembershipFactory(user=owner, role=Role.VIEWER).dialogue
    commitment(watched, factories.StakeholderFactory(dialogue=watched), days=-1, description="C")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_overdue_digest")
    to_owner = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(to_owner) == 1
    message = to_owner[0]
    assert "Engagements en retard" in message.subject
    assert "Train 40 fishers" in message.body and "Fishers' union" in message.body
    assert "- B\n" in message.body
    assert "- C" not in message.body
    assert "Not late yet" not in message.body
    assert f"/fr/dialogues/{world.dialogue.pk}/commitments/?overdue=1" in message.body
    assert OverdueDigest.objects.get(user=owner).commitments == 2

    sent = len(mail.outbox)
    call_command("send_overdue_digest")
    assert len(mail.outbox) == sent  # idempotent for the day


@pytest.mark.django_db
def test_the_digest_reaches_organisation_admins_in_english_and_skips_archives(
    world, parties, django_capture_on_commit_callbacks
):
    admin = factories.OrganisationMembershipFactory(
        organisation=world.organisation, role=OrganisationRole.ADMIN
    ).user
    commitment(world.dialogue, parties["union"], days=-3, description="Late in live dialogue")
    archived = factories.DialogueFactory(organisation=world.organisation)
    commitment(archived, factories.StakeholderFactory(dialogue=archived), days=-3)
    dialogue_archive(dialogue=archived, user=admin)

    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_digest_send() == 2  # the owner and the organisation admin
    (message,) = [m for m in mail.outbox if m.to == [admin.email]]
    assert message.subject.startswith("Overdue commitments in your dialogues (1)")
    assert "Late in live dialogue" in message.body
    assert archived.title not in message.body
    # A new day, a new digest.
    tomorrow = TODAY() + timedelta(days=1)
    assert overdue_digest_send(today=tomorrow) == 2


@pytest.mark.django_db
def test_no_overdue_commitment_means_no_email(world, parties):
    commitment(world.dialogue, parties["union"], days=1)
    call_command("send_overdue_digest")
    assert mail.outbox == []


# --- Query counts ---------------------------------------------------------------------------


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _many(dialogue, count):
    stakeholders = [factories.StakeholderFactory(dialogue=dialogue) for _ in range(3)]
    meeting = factories.MeetingFactory(dialogue=dialogue)
    for n in range(count):
        # Each followed up by someone else, so that reading a name per row would show.
        follower = factories.DialogueMembershipFactory(dialogue=dialogue, role=Role.FACILITATOR)
        made = commitment(
            dialogue,
            *stakeholders,
            days=n - count // 2,
            meeting=meeting,
            assignee=follower.user,
        )
        factories.CommitmentUpdateFactory(commitment=made)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["commitment-list", "commitment-detail", "commitment-update", "commitment-export-csv"]
)
def test_commitment_pages_need_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, name
):
    client = login(world.users["owner"])

    def address(made):
        if name in ("commitment-list", "commitment-export-csv"):
            return url(name, world.dialogue)
        return url(name, world.dialogue, pk=made.pk)

    made = _many(world.dialogue, 2)
    with django_assert_max_num_queries(40) as few:
        response = client.get(address(made))
        _body(response)
    made = _many(world.dialogue, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(address(made))
        _body(response)
    assert response.status_code == 200


@pytest.mark.django_db
def test_long_commitment_lists_are_paginated_keeping_the_filters(world, login):
    from .factories import CommitmentFactory

    for n in range(60):
        CommitmentFactory(dialogue=world.dialogue, description=f"Promise number {n:02d}")
    client = login(world.users["viewer"])
    url = reverse("dialogues:commitment-list", kwargs={"dialogue_pk": world.dialogue.pk})
    first = client.get(url, {"status": "proposed"}).content.decode()
    assert "61 shown" in first
    assert first.count("Promise number") == 49  # the world's own commitment is first
    assert "status=proposed&amp;page=2" in first
    second = client.get(url, {"status": "proposed", "page": 2}).content.decode()
    assert second.count("Promise number") == 11
