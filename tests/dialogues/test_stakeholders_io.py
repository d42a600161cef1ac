"""Getting the register out (CSV, XLSX) and a spreadsheet in (upload, columns, preview)."""

import csv
import io
from datetime import date
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dialogues.models import Activity, Label, Sector, Stakeholder, StakeholderStatus, Stance
from dialogues.portability.spreadsheet_export import neutralise
from dialogues.portability.spreadsheet_import import guess_mapping, validate_rows
from dialogues.services import stakeholders as stakeholder_services

from .factories import LabelFactory, StakeholderFactory


def url(name, world, query=""):
    path = reverse(f"dialogues:{name}", kwargs={"dialogue_pk": world.dialogue.pk})
    return f"{path}?{query}" if query else path


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def register(world):
    world.stakeholder.delete()
    stakeholder = StakeholderFactory(
        dialogue=world.dialogue,
        name='=HYPERLINK("http://evil.example","click")',
        organisation="وزارة الصيد البحري",
        sector=Sector.GOVERNMENT,
        influence=5,
        interest=4,
        email="fatou@example.org",
        phone="+221 77 000 00 00",
        consent_date=date(2026, 2, 1),
        consent_method="@signed form",
        notes="-1 budget line",
    )
    stakeholder.labels.add(LabelFactory(dialogue=world.dialogue, name="port"))
    StakeholderFactory(dialogue=world.dialogue, name="Radio Mbour", sector=Sector.MEDIA)
    return stakeholder


# --- Export ---------------------------------------------------------------------------------


def test_neutralise_prefixes_only_formula_like_text():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+221 77") == "'+221 77"
    assert neutralise("-2") == "'-2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Ministry") == "Ministry"
    assert neutralise(5) == 5


def test_an_owner_exports_chosen_columns_as_xlsx(world, login, register):
    client = login(world.users["owner"])
    form = client.get(url("stakeholder-export", world)).content.decode()
    assert 'value="email"' in form

    response = client.post(
        url("stakeholder-export", world),
        {"format": "xlsx", "columns": ["name", "organisation", "sector", "email", "phone", "tags"]},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    # Columns come in the register's order, whatever the order of the ticks.
    assert rows[0] == ("Name", "Organisation", "Sector", "Tags", "Email", "Phone")
    assert rows[1] == (
        '\'=HYPERLINK("http://evil.example","click")',
        "وزارة الصيد البحري",
        "Government",
        "port",
        "fatou@example.org",
        "'+221 77 000 00 00",
    )
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert rows[2][0] == "Radio Mbour"
    activity = Activity.objects.get(verb=Activity.Verb.EXPORTED)
    assert activity.actor == world.users["owner"]
    assert activity.details == {
        "format": "xlsx",
        "columns": ["name", "organisation", "sector", "tags", "email", "phone"],
        "rows": 2,
    }


def test_the_csv_export_streams_utf8_with_a_bom_and_labels_in_the_users_language(
    world, login, register
):
    client = login(world.users["facilitator"])
    with translation.override("fr"):
        path = url("stakeholder-export", world)
    response = client.post(
        path,
        {"format": "csv", "columns": ["name", "organisation", "sector", "notes", "consent_method"]},
    )

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = body(response)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Nom",
        "Organisation",
        "Secteur",
        "Notes",
        "Comment le consentement a été donné",
    ]
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][1] == "وزارة الصيد البحري"
    assert rows[1][3] == "'-1 budget line"
    assert rows[1][4] == "'@signed form"
    assert len(rows) == 3


def test_viewers_export_without_contact_columns(world, login, register):
    client = login(world.users["viewer"])
    form = client.get(url("stakeholder-export", world)).content.decode()
    assert 'value="email"' not in form
    assert "Contact details are not included" in form

    response = client.post(
        url("stakeholder-export", world), {"format": "csv", "columns": ["name", "email"]}
    )
    assert response.status_code == 400
    assert not getattr(response, "streaming", False)
    assert (
        "Select a valid choice. email is not one of the available choices."
        in response.content.decode()
    )
    assert not Activity.objects.filter(verb=Activity.Verb.EXPORTED).exists()

    response = client.post(url("stakeholder-export", world), {"format": "csv", "columns": ["name"]})
    assert b"fatou@example.org" not in body(response)


def test_viewers_export_contacts_when_the_owner_shares_them(world, login, register):
    world.dialogue.show_contacts_to_viewers = True
    world.dialogue.save()
    client = login(world.users["viewer"])
    response = client.post(
        url("stakeholder-export", world), {"format": "csv", "columns": ["email"]}
    )
    assert b"fatou@example.org" in body(response)


def test_the_export_holds_what_the_list_filters_show(world, login, register):
    client = login(world.users["owner"])
    page = client.get(url("stakeholder-export", world, "sector=media")).content.decode()
    assert "match the filters of the list: 1." in page
    response = client.post(
        url("stakeholder-export", world, "sector=media"), {"format": "csv", "columns": ["name"]}
    )
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert rows == [["Name"], ["Radio Mbour"]]


def test_an_export_without_columns_says_so(world, login, register):
    response = login(world.users["owner"]).post(url("stakeholder-export", world), {"format": "csv"})
    assert "Choose at least one column." in response.content.decode()


# --- Import ---------------------------------------------------------------------------------


def csv_file(text, name="register.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="register.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, world, file):
    return client.post(url("stakeholder-import", world), {"file": file})


def test_headers_in_any_language_are_recognised():
    assert guess_mapping(["Nom", "Secteur", "Intérêt", "Étiquettes", "Couleur"]) == [
        "name",
        "sector",
        "interest",
        "tags",
        "",
    ]
    assert guess_mapping(["Nombre", "Sector", "Influencia", "Correo electrónico"]) == [
        "name",
        "sector",
        "influence",
        "email",
    ]
    assert guess_mapping(["الاسم", "القطاع", "الحالة"]) == ["name", "sector", "status"]
    assert guess_mapping(["NAME", "e-mail", "Name"]) == ["name", "email", ""]


def test_a_facilitator_imports_a_french_csv_in_three_steps(world, login):
    client = login(world.users["facilitator"])
    before = Stakeholder.objects.count()
    text = (
        "Nom;Organisation;Secteur;Influence;Intérêt;Statut;Position;Étiquettes\n"
        "Collectif des jeunes de Joal;;Société civile;2;5;Contacté;favorable;jeunesse, port\n"
        "Ministère de la Pêche;État;government;5;4;confirmed;Neutre;\n"
        "Université Cheikh Anta Diop;UCAD;الأوساط الأكاديمية والعلمية;3;3;;;port\n"
    )

    response = upload(client, world, csv_file(text))
    assert response["Location"] == url("stakeholder-import-map", world)
    # Back on the first step, the waiting import is offered again.
    waiting = client.get(url("stakeholder-import", world)).content.decode()
    assert "is waiting for your confirmation" in waiting
    assert f'href="{url("stakeholder-import-preview", world)}"' in waiting
    mapping = client.get(response["Location"])
    assert mapping.context["form"]["column_2"].value() == "sector"
    assert mapping.context["form"]["column_7"].value() == "tags"
    assert Stakeholder.objects.count() == before  # nothing written yet

    fields = {f"column_{i}": v.value() for i, v in enumerate(mapping.context["form"])}
    response = client.post(url("stakeholder-import-map", world), fields)
    assert response["Location"] == url("stakeholder-import-preview", world)
    preview = client.get(response["Location"])
    assert preview.context["error_count"] == 0
    assert preview.context["total"] == 3
    assert Stakeholder.objects.count() == before

    response = client.post(url("stakeholder-import-preview", world), {"action": "confirm"})
    assert response["Location"] == url("stakeholder-list", world)
    youth = Stakeholder.objects.get(name="Collectif des jeunes de Joal")
    assert youth.sector == Sector.CIVIL_SOCIETY
    assert youth.status == StakeholderStatus.CONTACTED
    assert youth.stance == Stance.SUPPORTIVE
    assert (youth.influence, youth.interest) == (2, 5)
    assert sorted(youth.labels.values_list("name", flat=True)) == ["jeunesse", "port"]
    assert Stakeholder.objects.get(name="Ministère de la Pêche").stance == Stance.NEUTRAL
    ucad = Stakeholder.objects.get(name="Université Cheikh Anta Diop")
    assert ucad.sector == Sector.ACADEMIA
    assert ucad.status == StakeholderStatus.IDENTIFIED  # blank cell: the default
    assert Label.objects.filter(dialogue=world.dialogue, name="port").count() == 1
    activity = Activity.objects.get(verb=Activity.Verb.IMPORTED)
    assert activity.details == {"rows": 3, "file": "register.csv"}
    assert "stakeholder-import-" not in str(dict(client.session))  # the rows left the session


def test_each_import_step_marks_itself_as_the_current_one(world, login):
    client = login(world.users["facilitator"])
    pages = [client.get(url("stakeholder-import", world))]
    pages.append(
        client.get(upload(client, world, csv_file("Name;Sector\nRadio;media\n"))["Location"])
    )
    fields = {f"column_{i}": v.value() for i, v in enumerate(pages[1].context["form"])}
    pages.append(client.get(client.post(url("stakeholder-import-map", world), fields)["Location"]))
    steps = ("1. Upload", "2. Match the columns", "3. Check and confirm")
    for page, step in zip(pages, steps, strict=True):
        html = page.content.decode()
        assert html.count('aria-current="step"') == 1
        assert f'<li class="list-inline-item fw-bold" aria-current="step">{step}</li>' in html
        assert all(f">{other}</li>" in html for other in steps)


def test_an_arabic_xlsx_is_imported(world, login):
    client = login(world.users["owner"])
    file = xlsx_file(
        [
            ["الاسم", "المنظمة", "القطاع", "التأثير", "الاهتمام"],
            ["شبكة النساء الساحليات", "", "المجتمع المدني", 4, 5],
            ["إذاعة مبور", None, "media", 2.0, 1],
        ]
    )
    upload(client, world, file)
    client.post(
        url("stakeholder-import-map", world),
        {
            "column_0": "name",
            "column_1": "organisation",
            "column_2": "sector",
            "column_3": "influence",
            "column_4": "interest",
        },
    )
    client.post(url("stakeholder-import-preview", world), {"action": "confirm"})
    network = Stakeholder.objects.get(name="شبكة النساء الساحليات")
    assert network.sector == Sector.CIVIL_SOCIETY
    assert (network.influence, network.interest) == (4, 5)
    assert Stakeholder.objects.get(name="إذاعة مبور").influence == 2


def test_the_preview_explains_each_bad_row_and_nothing_can_be_imported(world, login):
    client = login(world.users["facilitator"])
    text = (
        "Name,Sector,Influence,Email\n"
        "Good row,media,3,\n"
        ",government,2,\n"
        "Bad sector,fishermen,9,not-an-email\n"
    )
    upload(client, world, csv_file(text))
    preview = client.get(url("stakeholder-import-preview", world))
    page = preview.content.decode()
    errors = {row.number: row.errors for row in preview.context["problems"]}
    assert set(errors) == {3, 4}
    assert errors[3] == ["Name: This field is required."]
    assert errors[4][0].startswith("Sector: “fishermen” is not on the list. Use one of: Civil")
    assert "Influence: Ensure this value is less than or equal to 5." in errors[4]
    assert "Email: Enter a valid email address." in errors[4]
    assert "Some rows have errors, so nothing can be imported yet." in page
    assert 'value="confirm"' not in page

    response = client.post(url("stakeholder-import-preview", world), {"action": "confirm"})
    assert response.status_code == 400
    assert not Stakeholder.objects.filter(name="Good row").exists()


def test_row_errors_are_in_the_users_language(world, login):
    client = login(world.users["facilitator"])
    with translation.override("es"):
        upload_path = url("stakeholder-import", world)
        preview_path = url("stakeholder-import-preview", world)
    client.post(upload_path, {"file": csv_file("Nombre,Sector\n,sociedad civil\n")})
    preview = client.get(preview_path)
    assert preview.context["problems"][0].errors == ["Nombre: Este campo es obligatorio."]


def test_duplicates_are_flagged_and_skipped_or_imported_on_request(world, login):
    StakeholderFactory(dialogue=world.dialogue, name="Ministry of Fisheries", organisation="State")
    client = login(world.users["facilitator"])
    text = (
        "Name,Organisation,Sector\n"
        "ministry of fisheries,State,government\n"  # already in the register
        "Joal Youth,,civil society\n"
        "Joal youth,,civil_society\n"  # same as the row above
    )
    upload(client, world, csv_file(text))
    preview = client.get(url("stakeholder-import-preview", world))
    problems = {row.number: row for row in preview.context["problems"]}
    assert problems[2].in_register
    assert problems[4].duplicate_of == 3
    assert preview.context["duplicate_count"] == 2
    page = preview.content.decode()
    assert "same name and organisation as row 3 of the file." in page
    assert "is already in the register." in page

    client.post(
        url("stakeholder-import-preview", world), {"action": "confirm", "duplicates": "skip"}
    )
    assert Stakeholder.objects.filter(name__iexact="joal youth").count() == 1
    assert Stakeholder.objects.filter(name__iexact="ministry of fisheries").count() == 1

    upload(client, world, csv_file(text))
    client.post(
        url("stakeholder-import-preview", world), {"action": "confirm", "duplicates": "import"}
    )
    assert Stakeholder.objects.filter(name__iexact="joal youth").count() == 3
    assert Stakeholder.objects.filter(name__iexact="ministry of fisheries").count() == 2


def test_a_failed_import_writes_nothing(world, login, monkeypatch):
    client = login(world.users["facilitator"])
    before = (Stakeholder.objects.count(), Label.objects.count())
    upload(client, world, csv_file("Name,Sector,Tags\nA,media,new tag\nB,media,\n"))

    def fail(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(stakeholder_services, "activity_record", fail)
    response = client.post(
        url("stakeholder-import-preview", world), {"action": "confirm"}, follow=True
    )

    assert "The import failed and nothing was added." in response.content.decode()
    assert (Stakeholder.objects.count(), Label.objects.count()) == before


def test_cancelling_an_import_forgets_the_rows(world, login):
    client = login(world.users["facilitator"])
    upload(client, world, csv_file("Name,Sector\nA,media\n"))
    client.post(url("stakeholder-import-preview", world), {"action": "cancel"})
    response = client.get(url("stakeholder-import-preview", world))
    assert response["Location"] == url("stakeholder-import", world)
    assert not Stakeholder.objects.filter(name="A").exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("list.txt", b"Name\nA\n"),
            "Upload a CSV file (.csv) or an Excel workbook (.xlsx).",
        ),
        (
            SimpleUploadedFile("list.csv", b"PK\x03\x04rest of a zip"),
            "This file is an Excel workbook, not CSV text.",
        ),
        (
            SimpleUploadedFile("list.csv", b"N\x00a\x00m\x00e\x00"),
            "This file is not a CSV text file.",
        ),
        (
            SimpleUploadedFile("list.xlsx", b"Name,Sector\nA,media\n"),
            "This file is not an Excel workbook (.xlsx).",
        ),
        (
            SimpleUploadedFile("list.xlsx", b"PK\x03\x04 not really"),
            "This Excel workbook cannot be read.",
        ),
        (SimpleUploadedFile("list.csv", b""), "The submitted file is empty."),
        (
            SimpleUploadedFile("list.csv", b"Name,Sector\n"),
            "The file has a header row but no stakeholders under it.",
        ),
        (SimpleUploadedFile("list.csv", b",,,\n, ,\n\n"), "The file is empty."),
        (
            SimpleUploadedFile("list.csv", b",".join([b"Column"] * 61) + b"\nA\n"),
            "The file has more than 60 columns.",
        ),
        (
            SimpleUploadedFile("list.csv", b"Name\nCaf\x81\x8d\n"),
            "The file&#x27;s characters cannot be read.",
        ),
        (
            SimpleUploadedFile("list.csv", b"Name,Notes\nA," + b"x" * 200_000 + b"\n"),
            "The file is not valid CSV.",
        ),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_with_a_reason(world, login, file, message):
    client = login(world.users["facilitator"])
    response = upload(client, world, file)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "stakeholder-import-" not in str(dict(client.session))


def test_files_over_5_mb_are_refused(world, login):
    client = login(world.users["facilitator"])
    big = "Name,Sector\n" + "A fairly long stakeholder name for padding,media\n" * 120_000
    assert len(big) > 5 * 1024 * 1024
    response = upload(client, world, csv_file(big))
    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.content.decode()


def test_the_size_limit_is_the_one_configured(world, login, settings):
    settings.STAKEHOLDER_SPREADSHEET_MAX_BYTES = 1024 * 1024
    text = "Name,Sector\n" + "A fairly long stakeholder name for padding,media\n" * 25_000
    assert 1024 * 1024 < len(text) < 2 * 1024 * 1024
    client = login(world.users["facilitator"])
    response = upload(client, world, csv_file(text))
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()
    assert "(.xlsx), 1 MB at most." in response.content.decode()

    settings.STAKEHOLDER_SPREADSHEET_MAX_BYTES = 2 * 1024 * 1024
    response = upload(client, world, csv_file(text))
    assert "The file is larger than" not in response.content.decode()


def test_the_upload_handler_keeps_nothing_past_its_limit(rf):
    from dialogues.portability.upload import MemoryOnlyUploadHandler

    request = rf.post("/", {"file": csv_file("Name,Sector\n" + "A,media\n" * 1000)})
    request.upload_handlers = [MemoryOnlyUploadHandler(request, max_bytes=100)]
    uploaded = request.FILES["file"]
    assert uploaded.size > 100
    assert uploaded.read() == b""


def test_the_upload_is_kept_in_memory_only(rf, tmp_path, settings, world):
    """No temporary file on disk, even above Django's in-memory threshold."""
    from dialogues.portability.upload import MemoryOnlyUploadHandler

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = rf.post("/", {"file": csv_file("Name,Sector\n" + "A,media\n" * 1000)})
    request.upload_handlers = [MemoryOnlyUploadHandler(request, max_bytes=5 * 1024 * 1024)]
    uploaded = request.FILES["file"]
    assert uploaded.read().startswith(b"\xef\xbb\xbfName,Sector")
    assert list(tmp_path.iterdir()) == []


def test_an_arabic_export_can_be_imported_into_another_dialogue(world, login, register):
    from .factories import DialogueMembershipFactory

    other = DialogueMembershipFactory(user=world.users["owner"], role="owner").dialogue
    client = login(world.users["owner"])
    with translation.override("ar"):
        export_path = url("stakeholder-export", world)
        import_path = reverse("dialogues:stakeholder-import", kwargs={"dialogue_pk": other.pk})
        preview_path = reverse(
            "dialogues:stakeholder-import-preview", kwargs={"dialogue_pk": other.pk}
        )
    columns = ["name", "organisation", "sector", "influence", "interest", "quadrant", "tags"]
    exported = body(client.post(export_path, {"format": "xlsx", "columns": columns}))

    client.post(import_path, {"file": SimpleUploadedFile("سجل.xlsx", exported)})
    preview = client.get(preview_path)
    assert preview.context["error_count"] == 0
    client.post(preview_path, {"action": "confirm"})

    copied = Stakeholder.objects.get(dialogue=other, organisation="وزارة الصيد البحري")
    assert copied.sector == Sector.GOVERNMENT
    assert (copied.influence, copied.interest) == (5, 4)
    assert list(copied.labels.values_list("name", flat=True)) == ["port"]
    assert Stakeholder.objects.filter(dialogue=other).count() == 2


def test_the_upload_step_still_checks_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["facilitator"])
    page = client.get(url("stakeholder-import", world))
    token = page.context["csrf_token"]

    refused = client.post(
        url("stakeholder-import", world), {"file": csv_file("Name,Sector\nA,media\n")}
    )
    assert refused.status_code == 403
    accepted = client.post(
        url("stakeholder-import", world),
        {"file": csv_file("Name,Sector\nA,media\n"), "csrfmiddlewaretoken": str(token)},
    )
    assert accepted.status_code == 302


def test_an_unknown_sector_in_an_import_lists_the_sectors_to_use(world):
    with translation.override("fr"):
        [row] = validate_rows(
            dialogue=world.dialogue, rows=[["Radio Mbour", "Fishing"]], mapping=["name", "sector"]
        )
        labels = [str(label) for label in Sector.labels]
    [error] = row.errors
    assert error.startswith("Secteur : ") or error.startswith("Secteur: ")
    assert "Fishing" in error
    for label in labels:
        assert label in error


def test_a_mapping_that_fills_a_field_twice_or_misses_the_name_is_refused(world, login):
    client = login(world.users["facilitator"])
    upload(client, world, csv_file("Name,Organisation,Sector\nAïcha,Radio Joal,media\n"))
    mapping = url("stakeholder-import-map", world)

    twice = client.post(mapping, {"column_0": "name", "column_1": "name", "column_2": "sector"})
    assert twice.status_code == 400
    assert "Another column already fills “Name”." in unescape(twice.content.decode())

    nameless = client.post(
        mapping, {"column_0": "", "column_1": "organisation", "column_2": "sector"}
    )
    assert nameless.status_code == 400
    assert "Choose the column that holds “Name”: it is required." in unescape(
        nameless.content.decode()
    )
    # The file is still there: a right mapping goes on to the preview.
    fixed = client.post(
        mapping, {"column_0": "name", "column_1": "organisation", "column_2": "sector"}
    )
    assert fixed["Location"] == url("stakeholder-import-preview", world)
