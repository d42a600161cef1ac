"""The whole handbook ships complete in four languages: a later edit cannot drop a translation."""

import re
import tomllib
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.html import escape

import content
from content.models import Chapter, Part, Tool

ROOT = Path(content.__file__).parent / "toolkit"
LANGUAGES = ("en", "fr", "es", "ar")
# Arabic says the same in fewer words.
MIN_WORDS = {"en": 400, "fr": 400, "es": 400, "ar": 330}
MAX_WORDS = 1200
MIN_CHAPTERS = {"1-ready": 4, "2-get-set": 6, "3-go": 5}
TOOL_FIELDS = ("title", "summary", "purpose", "when_to_use", "steps", "time_and_materials", "tips")
BOX_TITLES = {
    "en": ("**Checklist**", "**Questions to ask**"),
    "fr": ("**Liste de contrôle**", "**Questions à se poser**"),
    "es": ("**Lista de verificación**", "**Preguntas clave**"),
    "ar": ("**قائمة التحقق**", "**أسئلة ينبغي طرحها**"),
}


def split(path):
    _, front, body = path.read_text(encoding="utf-8").split("+++", 2)
    return tomllib.loads(front), body


def words(text):
    return len(re.findall(r"\w+", text))


def chapter_slugs(part_dir):
    return sorted({p.name.split(".")[0] for p in part_dir.glob("[0-9]*-*.en.md")})


PART_DIRS = sorted(p for p in (ROOT / "parts").iterdir() if p.is_dir())
CHAPTERS = [(part, slug) for part in PART_DIRS for slug in chapter_slugs(part)]
TOOLS = sorted({p.name.split(".")[0] for p in (ROOT / "tools").glob("*.en.toml")})
TOOL_SLUGS = set(TOOLS)
CHAPTER_SLUGS = {slug.split("-", 1)[1] for _, slug in CHAPTERS}


def test_the_four_parts_have_enough_chapters():
    assert [p.name for p in PART_DIRS] == ["1-ready", "2-get-set", "3-go", "4-resources"]
    for part in PART_DIRS:
        assert len(chapter_slugs(part)) >= MIN_CHAPTERS.get(part.name, 1), part.name
        for language in LANGUAGES:
            front, body = split(part / f"_part.{language}.md")
            assert front["title"] and front["summary"] and words(body) >= 150, (part, language)


@pytest.mark.parametrize(("part", "slug"), CHAPTERS, ids=[s for _, s in CHAPTERS])
def test_every_chapter_is_complete_in_every_language(part, slug):
    tools = None
    for language in LANGUAGES:
        front, body = split(part / f"{slug}.{language}.md")
        assert front["title"].strip() and front["summary"].strip()
        count = words(body)
        assert MIN_WORDS[language] <= count <= MAX_WORDS, (language, count)
        assert any(title in body for title in BOX_TITLES[language]), "checklist box"
        assert "<" not in re.sub(r"<(?=\s|=|\d)", "", body), "no raw HTML"
        # The same tools in every language, each linked in the text, all of them real.
        if tools is None:
            tools = front.get("tools", [])
        assert front.get("tools", []) == tools
        for tool in tools:
            assert f"(tool:{tool})" in body, (language, tool)
        for target in re.findall(r"\(tool:([a-z0-9-]+)\)", body):
            assert target in TOOL_SLUGS, target
        for target in re.findall(r"\(chapter:([a-z0-9-]+)\)", body):
            assert target in CHAPTER_SLUGS, target


def test_at_least_thirty_tools_with_every_section_in_every_language():
    assert len(TOOLS) >= 30
    for slug in TOOLS:
        for language in LANGUAGES:
            data = tomllib.loads((ROOT / "tools" / f"{slug}.{language}.toml").read_text("utf-8"))
            for field in TOOL_FIELDS:
                assert words(data.get(field, "")) >= (1 if field == "title" else 5), (
                    slug,
                    language,
                    field,
                )
            assert re.search(r"^\s*1\.", data["steps"], re.M), (slug, language, "numbered steps")


def tool_texts(slug):
    return {
        language: tomllib.loads((ROOT / "tools" / f"{slug}.{language}.toml").read_text("utf-8"))
        for language in LANGUAGES
    }


def shape(text):
    """What a translation must keep: steps, bullets, paragraphs and the links it makes."""
    return (
        len(re.findall(r"^\d+\.\s", text, re.M)),
        len(re.findall(r"^\s*- ", text, re.M)),
        len([block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]),
        sorted(re.findall(r"\((?:tool|chapter):[a-z0-9-]+\)", text)),
    )


@pytest.mark.parametrize("slug", TOOLS)
def test_every_tool_has_the_same_structure_in_every_language(slug):
    texts = tool_texts(slug)
    for field in TOOL_FIELDS:
        english = shape(texts["en"][field])
        for language in LANGUAGES[1:]:
            assert shape(texts[language][field]) == english, (slug, language, field)
    for target in re.findall(r"\(tool:([a-z0-9-]+)\)", "".join(texts["en"].values())):
        assert target in TOOL_SLUGS, (slug, target)
    for target in re.findall(r"\(chapter:([a-z0-9-]+)\)", "".join(texts["en"].values())):
        assert target in CHAPTER_SLUGS, (slug, target)


# Words that betray an untranslated English sentence in French, Spanish or Arabic text.
ENGLISH_WORDS = {"the", "and", "with", "you", "your", "which", "should", "would", "this", "that"}
ENGLISH_WORDS |= {"from", "when", "they", "their", "what", "who", "will", "have", "into", "about"}


def visible_words(text):
    """The words a reader sees, in lower case: link targets are not text."""
    return re.findall(r"[^\W\d_]+", re.sub(r"\]\((?:tool|chapter):[a-z0-9-]+\)", "]", text).lower())


def word_runs(text, length=5):
    """Every run of `length` consecutive words a reader sees."""
    found = visible_words(text)
    return {" ".join(found[i : i + length]) for i in range(len(found) - length + 1)}


@pytest.mark.parametrize("slug", TOOLS)
def test_no_english_is_left_in_the_translations_of_a_tool(slug):
    texts = tool_texts(slug)
    english = word_runs(" \n ".join(texts["en"][field] for field in TOOL_FIELDS))
    assert len(english) > 200, "a real English text to compare with"
    for language in LANGUAGES[1:]:
        text = " \n ".join(texts[language][field] for field in TOOL_FIELDS)
        assert not english & word_runs(text), (slug, language, sorted(english & word_runs(text)))
        left = ENGLISH_WORDS.intersection(visible_words(text))
        assert not left, (slug, language, left)


def test_at_least_twenty_resources_described_in_every_language():
    resources = tomllib.loads((ROOT / "resources.toml").read_text("utf-8"))["resource"]
    assert len(resources) >= 20
    assert len({r["key"] for r in resources}) == len(resources)
    for resource in resources:
        assert resource["title"] and resource["publisher"] and resource["year"] > 1900
        assert resource.get("url", "") == "" or resource["url"].startswith("https://")
        for language in LANGUAGES:
            assert words(resource[f"description_{language}"]) >= 15, (resource["key"], language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_every_language_without_fallback(client, toolkit, language):
    paths = [f"/{language}/toolkit/", f"/{language}/toolkit/references/"]
    paths += [p.get_absolute_url() for p in Part.objects.all()]
    paths += [c.get_absolute_url() for c in Chapter.objects.select_related("part")]
    paths += [t.get_absolute_url() for t in Tool.objects.all()]
    assert len(paths) > 40
    for path in paths:
        path = re.sub(r"^/[a-z]{2}/", f"/{language}/", path)
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "fallback-notice" not in html, path
        assert "is not yet available" not in html, path


SEARCH_WORDS = {
    "en": ("identifying-stakeholders", "stakeholders"),
    "fr": ("identifying-stakeholders", "acteurs"),
    "es": ("identifying-stakeholders", "actores"),
    "ar": ("identifying-stakeholders", "المصلحة"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_chapters_by_words_they_contain(client, toolkit, language):
    slug, word = SEARCH_WORDS[language]
    chapter = Chapter.objects.get(slug=slug)
    html = client.get(f"/{language}/toolkit/search/", {"q": word}).content.decode()
    assert f"/{language}/toolkit/{chapter.part.slug}/{slug}/" in html
    assert "<mark>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_tool_list_and_printed_toolkit_show_every_tool_in_the_reader_language(
    client, toolkit, language
):
    listing = client.get(f"/{language}/toolkit/tools/").content.decode()
    printed = client.get(f"/{language}/toolkit/print/").content.decode()
    tools = list(Tool.objects.all())
    assert len(tools) == len(TOOLS)
    for tool in tools:
        title = escape(getattr(tool, f"title_{language}"))
        summary = escape(getattr(tool, f"summary_{language}"))
        assert title in listing, (language, tool.slug)
        assert f'id="tool-{tool.slug}"' in printed, (language, tool.slug)
        assert title in printed and summary in printed, (language, tool.slug)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_every_tool_by_its_title(client, toolkit, language):
    with translation.override(language):
        urls = {tool.slug: tool.get_absolute_url() for tool in Tool.objects.all()}
    for tool in Tool.objects.all():
        title = getattr(tool, f"title_{language}")
        html = client.get(f"/{language}/toolkit/search/", {"q": title}).content.decode()
        assert f'href="{urls[tool.slug]}"' in html, (language, tool.slug, title)


STAGE_HEADINGS = {
    "en": ("Ready!", "Get Set!", "Go!", "Follow-up"),
    "fr": ("À vos marques !", "Prêts !", "Partez !", "Suivi"),
    "es": ("¡Preparados!", "¡Listos!", "¡Ya!", "Seguimiento"),
    "ar": ("استعدّ!", "تأهّب!", "انطلق!", "المتابعة"),
}
INVENTED = {"en": "invented", "fr": "inventé", "es": "inventado", "ar": "متخيَّلة"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_worked_case_is_labelled_invented_and_follows_every_stage(language):
    front, body = split(ROOT / "parts" / "4-resources" / f"2-worked-case.{language}.md")
    assert INVENTED[language] in body.split("\n\n", 1)[0], "labelled before anything else"
    headings = re.findall(r"^## (.+)$", body, re.M)
    for stage in STAGE_HEADINGS[language]:
        assert any(heading.startswith(stage) for heading in headings), stage
    assert len(front["tools"]) >= 15
