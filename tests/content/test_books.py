"""The toolkit to take away: the PDF and EPUB books, their download page and their caching."""

import functools
import hashlib
import io
import re
import time
import zipfile
from html import unescape

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from ebooklib import epub as ebooklib_epub
from pypdf import PdfReader

from content import selectors
from content.books import pdf as book_pdf
from content.books import store
from content.glossary import glossary_terms, parse_glossary
from content.models import Chapter, Part, Tool

from .factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory
from .html_helpers import text_of
from .test_admin import form_data

LANGUAGES = ("en", "fr", "es", "ar")
# One worker builds the real books once for all the tests that read them.
pytestmark = pytest.mark.xdist_group("books")


def words(text):
    """Letters and digits only, one space apart: line breaks and punctuation, whose place
    the PDF text layer does not keep in right-to-left lines, do not count."""
    spaced = re.sub(r"(\d+)", r" \1 ", text)  # a page number drawn against a word
    return " ".join(re.sub(r"[^\w]+", " ", spaced).split())


def runs(text):
    """The stretches of a title between punctuation marks, each as `words`.

    In a right-to-left line the PDF text layer keeps each stretch in reading order, but may
    give stretches parted by neutral marks such as "(" or "/" in the order they are drawn.
    """
    return [words(stretch) for stretch in re.split(r"[^\w\s]+", text) if words(stretch)]


def holds(text, title, language):
    """Whether the PDF text holds the title, in reading order (stretch by stretch in Arabic)."""
    if language == "ar":
        return all(stretch in text for stretch in runs(title))
    return words(title) in text


@pytest.fixture(scope="session")
def real_books(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each book of the real toolkit text, built once for the session: {language: {...}}.

    The text is loaded in a transaction that is rolled back, so no other test sees it.
    """
    from django.conf import settings

    books = {}
    previous_dir = settings.TOOLKIT_BOOKS_DIR
    settings.TOOLKIT_BOOKS_DIR = tmp_path_factory.mktemp("real-books")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_toolkit", stdout=io.StringIO())
        version = selectors.content_version()
        for language in LANGUAGES:
            entry = {
                "parts": [getattr(p, f"title_{language}") for p in Part.objects.all()],
                "chapters": [
                    (getattr(c.part, f"title_{language}"), getattr(c, f"title_{language}"))
                    for c in Chapter.objects.select_related("part").in_reading_order()
                ],
                "tools": [getattr(t, f"title_{language}") for t in Tool.objects.all()],
            }
            for kind in ("pdf", "epub"):
                started = time.monotonic()
                built = store.book_file(language, kind, version=version)
                entry[kind] = built.path.read_bytes()
                entry[f"{kind}_seconds"] = time.monotonic() - started
            books[language] = entry
        transaction.set_rollback(True)
    settings.TOOLKIT_BOOKS_DIR = previous_dir
    return books


class PdfBook:
    """A built PDF as its reader sees it: the bookmarks, and the text of a page, read on demand.

    The text layer of a page takes pypdf a few hundredths of a second to read, so each page is
    read once for all the tests, and only the pages a test looks at.
    """

    def __init__(self, data):
        self.reader = PdfReader(io.BytesIO(data))
        self._pages = {}

    def __len__(self):
        return len(self.reader.pages)

    def page(self, index):
        if index < 0:
            index += len(self)
        if index not in self._pages:
            self._pages[index] = self.reader.pages[index].extract_text()
        return self._pages[index]

    @functools.cached_property
    def bookmarks(self):
        """[(title, 0-based page index)] of every bookmark, in the order of the book."""
        found = []

        def walk(outline):
            for item in outline:
                if isinstance(item, list):
                    walk(item)
                else:
                    found.append((item.title, self.reader.get_destination_page_number(item)))

        walk(self.reader.outline)
        return found

    def start(self, title):
        """The page index a bookmark with this exact title points to."""
        pages = [index for found, index in self.bookmarks if found == title]
        assert pages, f"no bookmark for {title!r}"
        return pages[0]


@functools.cache
def pdf_book(data):
    return PdfBook(data)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_holds_every_part_chapter_and_tool_in_its_language(real_books, language):
    """Each part, chapter and tool has a bookmark with its title in the book's language, and
    the page the bookmark opens shows that title."""
    book = real_books[language]
    pdf = pdf_book(book["pdf"])
    assert book["chapters"] and len(book["tools"]) >= 10
    for title in [*book["parts"], *(title for _part, title in book["chapters"]), *book["tools"]]:
        assert holds(words(pdf.page(pdf.start(title))), title, language), title
    assert len(pdf) > len(book["chapters"]) + len(book["tools"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_contents_list_gives_page_numbers_that_hold_the_chapters(real_books, language):
    book = real_books[language]
    pdf = pdf_book(book["pdf"])
    contents = words(" ".join(pdf.page(index) for index in range(1, 4)))
    # Titles without punctuation: the text layer may move a mark and the number around it.
    plain = [(part, title) for part, title in book["chapters"] if len(runs(title)) == 1]
    assert len(plain) >= len(book["chapters"]) // 2
    for part_title, title in plain:
        match = re.search(rf"{re.escape(words(title))} (\d+)", contents)
        assert match, title
        number = int(match.group(1))
        assert number - 1 == pdf.start(title), title
        page = words(pdf.page(number - 1))
        # The chapter starts on that page, under a running header naming its part.
        assert holds(page, title, language), (title, page[:100])
        header = words(pdf.page(number - 1).rstrip().split("\n")[-2])
        assert holds(header, part_title, language), (part_title, header)


def test_pdf_pages_carry_the_part_and_chapter_as_running_header(real_books):
    pdf = pdf_book(real_books["en"]["pdf"])
    # The layer gives the margins last: the header line, then the page number.
    first = pdf.start("Why new ways of working")
    following = pdf.start("What a multi-stakeholder dialogue is (and is not)")
    footers = {
        index: pdf.page(index).rstrip().split("\n")[-2:] for index in range(first, following)
    }
    assert len(footers) >= 2
    for index, (header, number) in footers.items():
        assert header == "Ready! · Why new ways of working", (index, header)
        assert int(number) == index + 1
    assert pdf.page(-1).rstrip().split("\n")[-2] == "Glossary"


def test_arabic_pdf_text_is_arabic_in_reading_order(real_books):
    pdf = pdf_book(real_books["ar"]["pdf"])
    text = pdf.page(pdf.start("لماذا نحتاج إلى طرق عمل جديدة"))
    assert "لماذا نحتاج إلى طرق عمل جديدة" in text
    # Letters of a word come out in logical order, not reversed as they are drawn.
    assert "ةديدج لمع قرط" not in text
    assert "المجتمع المدني" in pdf.page(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_has_cover_references_and_glossary_in_its_language(real_books, language):
    pdf = pdf_book(real_books[language]["pdf"])
    cover = words(pdf.page(0))
    assert "CIVICUS" in cover
    assert words("Towards New Social Contracts") in cover
    references, glossary, term = {
        "en": ("References", "Glossary", "multi-stakeholder dialogue"),
        "fr": ("Références", "Glossaire", "dialogue multi-acteurs"),
        "es": ("Referencias", "Glosario", "diálogo multiactor"),
        "ar": ("المراجع", "المسرد", "حوار متعدد الأطراف"),
    }[language]
    # The references and the glossary close the book, in that order, each under its bookmark.
    assert pdf.start(references) < pdf.start(glossary)
    back = words(" ".join(pdf.page(index) for index in range(pdf.start(references), len(pdf))))
    for phrase in (references, glossary, term, "The MSP Guide"):
        assert words(phrase) in back, phrase


@pytest.mark.parametrize("language", LANGUAGES)
def test_epub_has_navigation_language_and_direction(real_books, language):
    data = real_books[language]["epub"]
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "mimetype"
    assert archive.read("mimetype") == b"application/epub+zip"
    opf = archive.read("EPUB/content.opf").decode()
    assert f"<dc:language>{language}</dc:language>" in opf
    assert ('page-progression-direction="rtl"' in opf) == (language == "ar")
    nav = unescape(text_of(archive.read("EPUB/nav.xhtml").decode()))
    book = real_books[language]
    for title in [*book["parts"], *(title for _part, title in book["chapters"]), *book["tools"]]:
        assert title in nav, title


@pytest.mark.parametrize("language", LANGUAGES)
def test_epub_opens_with_a_reader_and_links_stay_inside_it(real_books, tmp_path, language):
    path = tmp_path / "book.epub"
    path.write_bytes(real_books[language]["epub"])
    book = ebooklib_epub.read_epub(str(path), {"ignore_ncx": True})
    assert book.get_metadata("DC", "language") == [(language, {})]
    names = {item.file_name for item in book.get_items()}
    chapter = next(item for item in book.get_items() if item.file_name.startswith("chapter-"))
    html = zipfile.ZipFile(path).read(f"EPUB/{chapter.file_name}").decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    for target in re.findall(r'href="([^"#]+)', html):
        assert target in names or target.startswith(("http://", "https://", "style/")), target


def test_book_build_times_are_reported(real_books, capsys):
    with capsys.disabled():
        for language, book in real_books.items():
            print(
                f"\n{language}: PDF {len(book['pdf']) // 1024} KiB in {book['pdf_seconds']:.1f} s,"
                f" EPUB {len(book['epub']) // 1024} KiB in {book['epub_seconds']:.1f} s",
                end="",
            )
    assert all(book["pdf_seconds"] < 120 for book in real_books.values())


# The download page and the files, on a small toolkit.


@pytest.fixture
def small_toolkit(db):
    part = PartFactory(slug="ready", title_en="Ready!", title_fr="À vos marques !", order=0)
    tool = ToolFactory(slug="problem-tree", title_en="Problem tree", title_fr="Arbre à problèmes")
    chapter = ChapterFactory(
        part=part,
        slug="convenor",
        title_en="The convenor",
        title_fr="L'organisateur du dialogue",
        body_en="See the [problem tree](tool:problem-tree#steps).",
        tools=[tool],
    )
    ResourceFactory(title="A guide to dialogue", tools=[tool])
    return chapter


@pytest.mark.django_db
def test_download_page_offers_both_files_with_their_sizes(client, small_toolkit):
    response = client.get("/fr/toolkit/download/")
    assert response.status_code == 200
    html = response.content.decode()
    for kind in ("pdf", "epub"):
        built = store.built_book("fr", kind)
        assert built is not None
        assert f'href="/fr/toolkit/download/dialogue-toolkit.{kind}"' in html
        with translation.override("fr"):
            size = filesizeformat(built.size)
        assert size.endswith("\xa0Kio")
        assert f"Télécharger au format {kind.upper()} ({size})" in html
    assert "CIVICUS" in html


@pytest.mark.django_db
def test_toolkit_index_and_print_view_link_to_the_download_page(client, small_toolkit):
    for url in ("/en/toolkit/", "/en/toolkit/print/"):
        assert 'href="/en/toolkit/download/"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_print_view_lists_the_references(client, small_toolkit):
    html = client.get("/en/toolkit/print/").content.decode()
    assert "A guide to dialogue" in html
    assert 'href="#print-references"' in html


@pytest.mark.django_db
def test_book_links_to_a_tool_point_inside_the_book(small_toolkit):
    from content.books.document import book_contents

    version = selectors.content_version()
    html = book_pdf.book_html(book_contents("en", version))
    assert 'href="#problem-tree--steps"' in html
    assert 'href="#tool-problem-tree"' in html  # the reference's related tool
    assert "/en/toolkit/tools/problem-tree/" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["pdf", "epub"])
def test_book_is_served_with_an_etag_and_answers_304(client, small_toolkit, kind):
    url = f"/en/toolkit/download/dialogue-toolkit.{kind}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == store.KINDS[kind]["content_type"]
    assert f'filename="dialogue-toolkit-en.{kind}"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    etag = response["ETag"]
    assert hashlib.sha256(data).hexdigest()[:32] in etag
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.django_db
def test_an_admin_edit_rebuilds_the_book_with_a_new_etag(client, staff_client, small_toolkit):
    url = "/fr/toolkit/download/dialogue-toolkit.epub"
    first = client.get(url)
    etag = first["ETag"]
    chapter = Chapter.objects.get(pk=small_toolkit.pk)
    response = staff_client.post(
        f"/en/admin/content/chapter/{chapter.pk}/change/",
        form_data(chapter, title_fr="Qui organise le dialogue"),
    )
    assert response.status_code == 302
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert after["ETag"] != etag
    archive = zipfile.ZipFile(io.BytesIO(b"".join(after.streaming_content)))
    assert "Qui organise le dialogue" in archive.read("EPUB/nav.xhtml").decode()
    # The edition it replaced is gone from the disk.
    assert len(list((store._directory("fr")).glob("*.epub"))) == 1


@pytest.mark.django_db
def test_without_pango_the_page_says_the_pdf_is_unavailable(client, small_toolkit, monkeypatch):
    monkeypatch.setattr(book_pdf, "available", lambda: False)
    response = client.get("/en/toolkit/download/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be made on this server" in html
    assert 'href="/en/toolkit/download/dialogue-toolkit.epub"' in html
    assert "dialogue-toolkit.pdf" not in html
    assert client.get("/en/toolkit/download/dialogue-toolkit.pdf").status_code == 404


@pytest.mark.django_db
def test_unknown_format_is_not_found(client, small_toolkit):
    assert client.get("/en/toolkit/download/dialogue-toolkit.docx").status_code == 404


@pytest.mark.django_db
def test_in_background_the_first_visit_says_the_file_is_being_prepared(
    client, small_toolkit, settings
):
    settings.TOOLKIT_BOOKS_IN_BACKGROUND = True
    url = "/es/toolkit/download/dialogue-toolkit.epub"
    waiting = client.get(url)
    assert waiting.status_code == 503
    assert waiting["Retry-After"] == "60"
    assert "se está preparando" in waiting.content.decode()
    store.wait_for_builds(timeout=60)
    page = client.get("/es/toolkit/download/").content.decode()
    assert 'href="/es/toolkit/download/dialogue-toolkit.epub"' in page
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_books_leave_drafts_out(small_toolkit):
    from content.books.document import book_contents

    PartFactory(slug="draft-part", title_en="Unpublished part", published=False)
    book = book_contents("en", selectors.content_version())
    assert [part.slug for part, _intro, _chapters in book.sections] == ["ready"]


def test_glossary_has_every_term_in_four_languages_sorted_for_each_reader():
    rows = parse_glossary(
        "| English | Français | Español | العربية |\n|---|---|---|---|\n"
        "| meeting | réunion | reunión | اجتماع |\n| agenda | ordre du jour | agenda | جدول |\n"
    )
    assert rows[0] == {"en": "meeting", "fr": "réunion", "es": "reunión", "ar": "اجتماع"}
    french = glossary_terms("fr")
    assert french[0]["term"] == "À vos marques !"  # the accent does not send it to the end
    assert [code for code, _term in french[0]["others"]] == ["en", "es", "ar"]
    with pytest.raises(ValueError):
        parse_glossary("| a | b |\n|---|---|\n| one | two |\n")


@pytest.mark.django_db
def test_download_is_a_reserved_part_slug(staff_client):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Part(slug="download", title_en="Download").full_clean()


@pytest.mark.django_db
def test_build_books_builds_each_language_and_format_asked_for(small_toolkit):
    out = io.StringIO()
    call_command("build_books", language=["fr"], format=["epub"], stdout=out)
    [line] = out.getvalue().splitlines()
    assert line.startswith("fr epub: ") and line.endswith(".epub")
    built = store.book_file("fr", "epub", version=selectors.content_version())
    assert line.endswith(str(built.path)) and built.size > 0
    # Built already for this text: asked again, it answers with the same file.
    again = io.StringIO()
    call_command("build_books", language=["fr"], format=["epub"], stdout=again)
    assert again.getvalue().split(", ")[-1] == out.getvalue().split(", ")[-1]


@pytest.mark.django_db
def test_build_books_fails_loudly_when_the_pdf_cannot_be_made(small_toolkit, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr(book_pdf, "available", lambda: False)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"Not built: pdf \(ar\)"):
        call_command("build_books", language=["ar"], stdout=out, stderr=err)
    assert "ar pdf: unavailable on this server" in err.getvalue()
    assert out.getvalue().startswith("ar epub: ")  # the other format is still built
