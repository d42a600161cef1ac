"""Documents that fill themselves: opened with python-docx, they hold the dialogue's data in
the chosen language, run right to left in Arabic, and follow the workspace's rules."""

import io
import zipfile
from datetime import timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx.oxml.ns import qn

from dialogues.documents import KINDS
from dialogues.documents.writer import all_paragraphs
from dialogues.models import Activity, Sector, Stance

from . import factories


def documents_url(dialogue, language="en"):
    with translation.override(language):
        return reverse("dialogues:document-list", kwargs={"dialogue_pk": dialogue.pk})


def download_url(dialogue, kind, language="en"):
    with translation.override(language):
        return reverse(
            "dialogues:document-download", kwargs={"dialogue_pk": dialogue.pk, "kind": kind}
        )


def open_docx(content):
    return docx.Document(io.BytesIO(content))


def text_of(document):
    return "\n".join(paragraph.text for paragraph in all_paragraphs(document))


@pytest.fixture
def filled(world):
    """A dialogue with a real register, a meeting with agenda, attendance, notes, decisions
    and a commitment, and a meeting to come."""
    dialogue = world.dialogue
    dialogue.title = "Fair landing prices in Joal"
    dialogue.challenge = "Fish processors lose income when landing prices collapse"
    dialogue.goals = "A price monitoring committee trusted by all"
    dialogue.languages = ["fr", "ar"]
    dialogue.save()
    ministry = factories.StakeholderFactory(
        dialogue=dialogue,
        name="Ministry of Fisheries",
        organisation="Government of Senegal",
        sector=Sector.GOVERNMENT,
        stance=Stance.OPPOSED,
        email="minister@example.org",
    )
    processors = factories.StakeholderFactory(
        dialogue=dialogue,
        name="Women fish processors",
        organisation="GIE Joal",
        sector=Sector.CIVIL_SOCIETY,
    )
    meeting = world.meeting
    meeting.title = "First round table"
    meeting.place = "Joal town hall"
    meeting.minutes = "Prices fell by half in August."
    meeting.decisions = "Set up a monitoring committee of five"
    meeting.save()
    meeting.attended.add(processors)
    factories.AgendaItemFactory(meeting=meeting, title="Tour de table")
    commitment = factories.CommitmentFactory(
        dialogue=dialogue, meeting=meeting, description="Publish landing prices weekly"
    )
    commitment.stakeholders.add(ministry)
    upcoming = factories.MeetingFactory(
        dialogue=dialogue,
        title="Second round table",
        starts_at=timezone.now() + timedelta(days=10),
    )
    factories.AgendaItemFactory(meeting=upcoming, title="Choose the committee members")
    world.ministry, world.processors, world.upcoming = ministry, processors, upcoming
    return world


def post_document(client, dialogue, kind, language="en", **fields):
    data = {f"{kind}-language": language}
    data.update({f"{kind}-{name}": value for name, value in fields.items()})
    return client.post(download_url(dialogue, kind), data)


def test_terms_of_reference_in_french_hold_the_dialogue(filled, login):
    client = login(filled.users["viewer"])
    response = post_document(client, filled.dialogue, "terms-of-reference", "fr")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".fr.docx" in response["Content-Disposition"]
    text = text_of(open_docx(response.content))
    assert "Termes de référence du dialogue" in text
    assert filled.dialogue.challenge in text
    assert filled.dialogue.goals in text
    assert filled.dialogue.organisation.name in text
    assert "français, arabe" in text.lower()
    # The register counted by sector in the table, sectors named in French.
    table = open_docx(response.content).tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert rows["Société civile"] == "1"
    assert rows["Médias"] == ""


def test_lists_in_an_arabic_document_use_the_arabic_comma(filled, login):
    client = login(filled.users["viewer"])
    response = post_document(client, filled.dialogue, "terms-of-reference", "ar")
    text = text_of(open_docx(response.content))
    with translation.override("ar"):
        french, arabic = (
            str(translation.get_language_info(c)["name_translated"]) for c in ("fr", "ar")
        )
    assert f"{french}، {arabic}" in text
    assert f"{french}, {arabic}" not in text


def test_minutes_come_from_the_meeting(filled, login):
    client = login(filled.users["viewer"])
    response = post_document(client, filled.dialogue, "minutes", meeting=filled.meeting.pk)
    assert response.status_code == 200
    text = text_of(open_docx(response.content))
    for value in (
        "First round table",
        "Joal town hall",
        "Tour de table",
        "Women fish processors",
        "Prices fell by half in August.",
        "Set up a monitoring committee of five",
        "Publish landing prices weekly",
        "Ministry of Fisheries",
    ):
        assert value in text
    # Only who attended is listed as present.
    attendance = open_docx(response.content).tables[0]
    assert [row.cells[0].text for row in attendance.rows[1:]] == ["Women fish processors"]


def test_minutes_need_a_meeting_of_this_dialogue(filled, login):
    client = login(filled.users["viewer"])
    elsewhere = factories.MeetingFactory()
    response = post_document(client, filled.dialogue, "minutes", meeting=elsewhere.pk)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = post_document(client, filled.dialogue, "minutes")
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


@pytest.mark.parametrize("kind", list(KINDS))
def test_arabic_documents_run_right_to_left(filled, login, kind):
    client = login(filled.users["facilitator"])
    fields = {}
    if "meeting" in KINDS[kind].needs:
        fields["meeting"] = filled.meeting.pk
    if "stakeholders" in KINDS[kind].needs:
        fields["stakeholders"] = [filled.ministry.pk]
    response = post_document(client, filled.dialogue, kind, "ar", **fields)
    assert response.status_code == 200
    document = open_docx(response.content)
    paragraphs = list(all_paragraphs(document))
    assert paragraphs
    for paragraph in paragraphs:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        for run in paragraph.runs:
            assert run._r.rPr.find(qn("w:rtl")) is not None, run.text
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    # Written in Arabic, with the dialogue's own words kept as they are.
    text = text_of(document)
    assert any("\u0600" <= char <= "\u06ff" for char in text)
    assert filled.dialogue.organisation.name in text


def test_english_documents_stay_left_to_right(filled, login):
    client = login(filled.users["viewer"])
    response = post_document(client, filled.dialogue, "facilitator-brief")
    document = open_docx(response.content)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in document.paragraphs)


def test_facilitator_brief_lists_people_and_the_next_meeting(filled, login):
    client = login(filled.users["facilitator"])
    response = post_document(client, filled.dialogue, "facilitator-brief")
    text = text_of(open_docx(response.content))
    assert "Second round table" in text
    assert "Choose the committee members" in text
    assert "Ministry of Fisheries" in text
    assert "1 participant is opposed" in text
    # Private sector, academia and the public are missing from the register.
    assert "No one yet from: Private sector, Academia and science" in text
    # A facilitator may see contact details.
    assert "minister@example.org" in text


def test_one_invitation_is_a_letter_to_that_stakeholder(filled, login):
    client = login(filled.users["viewer"])
    response = post_document(
        client,
        filled.dialogue,
        "invitation",
        "es",
        stakeholders=[filled.ministry.pk],
        meeting=filled.upcoming.pk,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = text_of(open_docx(response.content))
    assert "Estimado/a Ministry of Fisheries:" in text
    assert "Government of Senegal" in text
    assert "Second round table" in text
    assert "Choose the committee members" in text
    # Contact details are not shared with viewers in this dialogue.
    assert "minister@example.org" not in text


def test_several_invitations_come_as_a_zip_one_letter_each(filled, login):
    client = login(filled.users["facilitator"])
    response = post_document(
        client,
        filled.dialogue,
        "invitation",
        stakeholders=[filled.ministry.pk, filled.processors.pk],
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    letters = {name: text_of(open_docx(archive.read(name))) for name in archive.namelist()}
    assert len(letters) == 2
    assert all(name.endswith(".en.docx") for name in letters)
    greetings = sorted(line for t in letters.values() for line in t.splitlines() if "Dear" in line)
    assert greetings == ["Dear Ministry of Fisheries,", "Dear Women fish processors,"]
    # A facilitator sees contact details: the letter carries the address.
    assert any("minister@example.org" in t for t in letters.values())


def test_each_letter_is_in_the_stakeholder_s_preferred_language(filled, login):
    filled.ministry.preferred_language = "ar"
    filled.ministry.save()
    client = login(filled.users["viewer"])
    response = post_document(
        client,
        filled.dialogue,
        "invitation",
        "fr",
        stakeholders=[filled.ministry.pk, filled.processors.pk],
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    by_language = {name.rsplit(".", 2)[1]: archive.read(name) for name in archive.namelist()}
    assert sorted(by_language) == ["ar", "fr"]
    arabic, french = (open_docx(by_language[code]) for code in ("ar", "fr"))
    assert "حضرة Ministry of Fisheries المحترم/ة،" in text_of(arabic)
    assert arabic.paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    assert "Chère, cher Women fish processors," in text_of(french)


def test_invitation_without_a_stakeholder_says_so(filled, login):
    client = login(filled.users["viewer"])
    response = post_document(client, filled.dialogue, "invitation")
    assert response.status_code == 400
    assert "Choose at least one stakeholder to invite." in response.content.decode()


def test_downloads_are_recorded(filled, login):
    client = login(filled.users["viewer"])
    post_document(client, filled.dialogue, "consent-form", "fr")
    activity = Activity.objects.get(dialogue=filled.dialogue, verb=Activity.Verb.EXPORTED)
    assert activity.actor == filled.users["viewer"]
    assert activity.details["document"] == "consent-form"
    assert activity.details["language"] == "fr"


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 404), ("viewer", 200), ("org_member", 200), ("owner", 200), ("superuser", 404)],
)
def test_who_may_download(shared_world, login, role, status):
    client = login(shared_world.users[role])
    assert client.get(documents_url(shared_world.dialogue)).status_code == status
    response = post_document(client, shared_world.dialogue, "steering-group")
    assert response.status_code == status


def test_anonymous_is_sent_to_log_in(shared_world, client):
    response = post_document(client, shared_world.dialogue, "steering-group")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_document_is_not_found(shared_world, login):
    client = login(shared_world.users["owner"])
    assert post_document(client, shared_world.dialogue, "payslip").status_code == 404


def test_documents_page_offers_every_document(filled, login):
    client = login(filled.users["viewer"])
    page = client.get(documents_url(filled.dialogue, "fr")).content.decode()
    for kind in KINDS:
        assert download_url(filled.dialogue, kind, "fr") in page
    assert "Women fish processors" in page  # the invitation's choices
    assert "Termes de référence du comité de pilotage" in page
    viewer_page = client.get(documents_url(filled.dialogue)).content.decode()
    assert "Contact details are left out" in viewer_page
    facilitator = login(filled.users["facilitator"]).get(documents_url(filled.dialogue))
    assert "Contact details are left out" not in facilitator.content.decode()


def test_documents_page_and_a_brief_cost_a_fixed_number_of_queries(
    filled, login, django_assert_max_num_queries
):
    for number in range(30):
        factories.StakeholderFactory(dialogue=filled.dialogue, name=f"Fishing crew {number}")
        factories.MeetingFactory(dialogue=filled.dialogue, title=f"Landing site visit {number}")
    client = login(filled.users["facilitator"])
    with django_assert_max_num_queries(25):
        assert client.get(documents_url(filled.dialogue)).status_code == 200
    with django_assert_max_num_queries(25):
        response = post_document(client, filled.dialogue, "facilitator-brief")
    assert "Fishing crew 29" in text_of(open_docx(response.content))
