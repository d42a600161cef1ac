"""load_toolkit: files in, database out; idempotent, and admin edits win unless forced."""

from io import StringIO
from textwrap import dedent

import pytest
from django.core.management import call_command

from content.loader import toolkit_load
from content.models import Chapter, ContentRevision, Part, Resource, Tool
from content.selectors import item_revisions

pytestmark = pytest.mark.django_db


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text).lstrip(), encoding="utf-8")


def chapter_file(title, body, tools=("world-cafe",)):
    listed = ", ".join(f'"{slug}"' for slug in tools)
    return f'+++\ntitle = "{title}"\nsummary = "About {title}."\ntools = [{listed}]\n+++\n{body}\n'


@pytest.fixture
def root(tmp_path):
    """A small toolkit: two parts, three chapters, two tools, one resource (8 items)."""
    write(
        tmp_path, "parts/1-ready/_part.en.md", '+++\ntitle = "Ready!"\nsummary = "S."\n+++\nIntro.'
    )
    write(tmp_path, "parts/1-ready/_part.fr.md", '+++\ntitle = "À vos marques !"\n+++\nIntro fr.')
    write(tmp_path, "parts/1-ready/1-why.en.md", chapter_file("Why", "## Why\n\nBecause."))
    write(tmp_path, "parts/1-ready/1-why.fr.md", chapter_file("Pourquoi", "## Pourquoi\n\nCar."))
    write(tmp_path, "parts/1-ready/2-convenor.en.md", chapter_file("Convenor", "Text.", ()))
    write(tmp_path, "parts/2-go/_part.en.md", '+++\ntitle = "Go!"\n+++\nGo intro.')
    write(tmp_path, "parts/2-go/1-opening.en.md", chapter_file("Opening", "Open."))
    write(
        tmp_path,
        "tools/world-cafe.en.toml",
        'title = "World Café"\nsummary = "Tables."\npurpose = """Talk."""\nsteps = "1. Go."\n',
    )
    write(tmp_path, "tools/world-cafe.ar.toml", 'title = "المقهى العالمي"\npurpose = "حوار."\n')
    write(tmp_path, "tools/ground-rules.en.toml", 'title = "Ground rules"\npurpose = "Agree."\n')
    write(
        tmp_path,
        "resources.toml",
        """
        [[resource]]
        key = "guide"
        title = "A Guide"
        authors = "A. Author"
        year = 2020
        tools = ["world-cafe"]
        description.en = "Useful."
        description.fr = "Utile."
        """,
    )
    return tmp_path


def test_first_load_creates_everything_in_order(root):
    report = toolkit_load(root=root)
    assert report.problems == []
    assert len(report.created) == 8
    assert [part.slug for part in Part.objects.all()] == ["ready", "go"]
    assert list(Part.objects.values_list("order", flat=True)) == [1, 2]
    why = Chapter.objects.get(slug="why")
    assert (why.part.slug, why.order, why.title_en, why.title_fr) == ("ready", 1, "Why", "Pourquoi")
    assert why.body_fr == "## Pourquoi\n\nCar."
    assert [tool.slug for tool in why.tools.all()] == ["world-cafe"]
    assert why.published
    # Tools follow the toolkit's order, not the alphabet.
    assert [tool.slug for tool in Tool.objects.all()] == ["ground-rules", "world-cafe"]
    cafe = Tool.objects.get(slug="world-cafe")
    assert (cafe.purpose_en, cafe.purpose_ar, cafe.steps_ar) == ("Talk.", "حوار.", "")
    guide = Resource.objects.get(key="guide")
    assert (guide.title, guide.year, guide.description_fr) == ("A Guide", 2020, "Utile.")
    assert [tool.slug for tool in guide.tools.all()] == ["world-cafe"]
    revision = item_revisions(why).get()
    assert revision.source == "loader"
    assert revision.user is None and revision.changes["title_fr"]["new"] == "Pourquoi"
    assert set(why.translation_updated) == {"en", "fr"}


def test_loading_twice_changes_nothing(root):
    toolkit_load(root=root)
    stamps = {chapter.slug: chapter.updated for chapter in Chapter.objects.all()}
    revisions = ContentRevision.objects.count()
    report = toolkit_load(root=root)
    assert report.created == report.updated == report.kept == []
    assert len(report.unchanged) == 8
    assert {chapter.slug: chapter.updated for chapter in Chapter.objects.all()} == stamps
    assert ContentRevision.objects.count() == revisions
    assert Chapter.objects.count() == 3 and Tool.objects.count() == 2


def test_changed_file_updates_only_that_language(root):
    toolkit_load(root=root)
    write(root, "parts/1-ready/1-why.fr.md", chapter_file("Pourquoi ?", "Nouveau."))
    report = toolkit_load(root=root)
    assert report.updated == ["chapter 'why'"]
    why = Chapter.objects.get(slug="why")
    assert (why.title_fr, why.body_fr, why.title_en) == ("Pourquoi ?", "Nouveau.", "Why")
    latest = item_revisions(why).first()
    assert set(latest.changes) == {"title_fr", "summary_fr", "body_fr"}


def test_loaded_text_is_what_the_search_finds(root, on_postgres):
    from content.search import search_toolkit

    def found(query, language):
        return [r.url for r in search_toolkit(query, user=None, language=language).results]

    toolkit_load(root=root)
    why = Chapter.objects.get(slug="why").get_absolute_url()
    assert found("Pourquoi", "fr") == [why]
    write(root, "parts/1-ready/1-why.fr.md", chapter_file("Raisons", "Nouveau."))
    toolkit_load(root=root)
    assert found("Raisons", "fr") == [why]
    assert found("Pourquoi", "fr") == []


def test_admin_edits_win_over_changed_files(root):
    toolkit_load(root=root)
    why = Chapter.objects.get(slug="why")
    why.body_fr = "Texte corrigé dans l'admin."
    why.save()
    write(root, "parts/1-ready/1-why.fr.md", chapter_file("Pourquoi", "Version du fichier."))
    write(root, "parts/1-ready/1-why.en.md", chapter_file("Why", "New English."))

    out, err = StringIO(), StringIO()
    call_command("load_toolkit", path=root, stdout=out, stderr=err)
    why.refresh_from_db()
    assert why.body_fr == "Texte corrigé dans l'admin."
    assert why.body_en == "New English."
    assert "Kept admin edits: chapter 'why' (fr text)" in err.getvalue()
    assert "1 kept" in out.getvalue()

    call_command("load_toolkit", path=root, force=True, stdout=StringIO(), stderr=StringIO())
    why.refresh_from_db()
    assert why.body_fr == "Version du fichier."


def test_admin_translation_typed_before_any_file_is_kept(root):
    toolkit_load(root=root)
    cafe = Tool.objects.get(slug="world-cafe")
    cafe.title_es, cafe.purpose_es = "Café del Mundo", "Conversar."
    cafe.save()
    write(root, "tools/world-cafe.es.toml", 'title = "World Café (es)"\npurpose = "Otro."\n')
    report = toolkit_load(root=root)
    assert ("tool 'world-cafe'", "es") in report.kept
    cafe.refresh_from_db()
    assert cafe.title_es == "Café del Mundo"


def test_admin_reordering_wins_too(root):
    toolkit_load(root=root)
    Chapter.objects.filter(slug="why").update(order=5)
    report = toolkit_load(root=root)
    assert ("chapter 'why'", "*") in report.kept
    assert Chapter.objects.get(slug="why").order == 5


def test_items_gone_from_the_files_are_reported_not_deleted(root):
    toolkit_load(root=root)
    (root / "parts/1-ready/2-convenor.en.md").unlink()
    out = StringIO()
    call_command("load_toolkit", path=root, stdout=out, stderr=StringIO())
    assert Chapter.objects.filter(slug="convenor").exists()
    assert "Not in the files (left in place): chapter 'convenor'" in out.getvalue()


def test_partial_data_is_tolerated(tmp_path):
    write(tmp_path, "parts/1-ready/_part.en.md", '+++\ntitle = "Ready!"\n+++\nIntro.')
    write(tmp_path, "parts/1-ready/1-why.fr.md", chapter_file("Pourquoi", "Seulement en français."))
    write(tmp_path, "parts/1-ready/2-half.en.md", '+++\ntitle = "Half\n')  # still being written
    write(tmp_path, "parts/1-ready/3-plain.en.md", "No front matter at all.")
    write(tmp_path, "tools/broken.en.toml", 'title = "Broken')
    (tmp_path / "tools/notes.txt").write_text("ignored")
    out, err = StringIO(), StringIO()
    call_command("load_toolkit", path=tmp_path, stdout=out, stderr=err)
    assert [part.slug for part in Part.objects.all()] == ["ready"]
    assert not Chapter.objects.exists()
    assert not Tool.objects.exists()
    problems = err.getvalue()
    assert "2-half.en.md" in problems and "3-plain.en.md" in problems
    assert "broken.en.toml" in problems
    assert "chapter 'why': no English text yet, not created" in problems
    assert "Toolkit loaded: 1 created" in out.getvalue()


def test_misnamed_and_misplaced_files_are_reported_and_the_rest_loads(root):
    write(root, "parts/ready-without-number/_part.en.md", '+++\ntitle = "Lost"\n+++\nx')
    write(root, "parts/2-go/opening-without-number.en.md", chapter_file("Lost", "x."))
    write(root, "parts/2-go/1-why.en.md", chapter_file("Why again", "In another part."))
    write(root, "parts/2-go/notes.txt", "ignored")
    with (root / "resources.toml").open("a", encoding="utf-8") as resources:
        resources.write('\n[[resource]]\nkey = "untitled"\n')
    report = toolkit_load(root=root)
    problems = "\n".join(report.problems)
    assert "ready-without-number: not named <number>-<slug>, skipped" in problems
    assert "opening-without-number.en.md: not named <number>-<slug>, skipped" in problems
    assert "chapter 'why' is already in another part" in problems
    assert "resource 2 has no key or title, skipped" in problems
    assert "notes.txt" not in problems
    # The rest of the toolkit loads as written.
    assert Chapter.objects.get(slug="why").part.slug == "ready"
    assert Chapter.objects.get(slug="why").title_en == "Why"
    assert sorted(Part.objects.values_list("slug", flat=True)) == ["go", "ready"]
    assert list(Resource.objects.values_list("key", flat=True)) == ["guide"]


def test_missing_directory_is_reported(tmp_path):
    report = toolkit_load(root=tmp_path / "nowhere")
    assert report.problems and not Part.objects.exists()


def test_unknown_tool_in_a_chapter_is_reported(root):
    write(root, "parts/2-go/1-opening.en.md", chapter_file("Opening", "Open.", ("nope",)))
    report = toolkit_load(root=root)
    assert "chapter 'opening': unknown tool 'nope'" in report.problems
    assert not Chapter.objects.get(slug="opening").tools.exists()


def test_real_toolkit_loads():
    """The files under content/toolkit/ (still being written) load, and reload as they are."""
    toolkit_load()
    assert Part.objects.filter(slug__in=["ready", "get-set", "go", "resources"]).count() == 4
    assert toolkit_load().kept == []


def test_only_the_sites_languages_are_read(root, settings):
    """The languages come from settings: a file in a language the site does not offer is
    left alone."""
    settings.MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
    toolkit_load(root=root)
    cafe = Tool.objects.get(slug="world-cafe")
    assert cafe.title_en == "World Café"
    assert not cafe.title_ar and not cafe.purpose_ar
    assert "ar" not in cafe.loaded_hashes
