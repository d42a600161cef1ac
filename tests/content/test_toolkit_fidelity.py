"""The toolkit text stays faithful to the handbook it grows from, in all four languages."""

import re
from pathlib import Path

import pytest

import content

PARTS = Path(content.__file__).parent / "toolkit" / "parts"
LANGUAGES = ("en", "fr", "es", "ar")
LABEL = {
    "en": "**Illustrative example:**",
    "fr": "**Exemple illustratif :**",
    "es": "**Ejemplo ilustrativo:**",
    "ar": "**مثال توضيحي:**",
}
# How the text used to introduce an invented story without saying so.
UNLABELLED = {
    "en": r"generic example",
    "fr": r"exemple générique",
    "es": r"ejemplo genérico",
    "ar": r"مثال عام",
}
RETURNED_RELUCTANCE = {
    "en": ("hybrid business models", "development narratives", "reluctance is returned"),
    "fr": ("modèles économiques hybrides", "récits de développement", "réticence est réciproque"),
    "es": ("modelos de negocio híbridos", "relatos de desarrollo", "reticencia es mutua"),
    "ar": ("نماذج الأعمال الهجينة", "روايات تنموية", "والتردد متبادل"),
}
STAGES_AS_PARTS = {
    "en": r"four (?:stages|parts):[^.]*Follow-up \(",
    "fr": r"quatre (?:étapes|parties) :[^.]*Suivi \(",
    "es": r"cuatro (?:etapas|partes):[^.]*Seguimiento \(",
    "ar": r"أرب(?:ع|عة) (?:مراحل|أجزاء):[^.]*ثم المتابعة \(",
}


def _chapters(language):
    return sorted(PARTS.glob(f"*/[0-9]*.{language}.md"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_part_one_says_the_reluctance_is_returned(language):
    text = (PARTS / "1-ready" / f"1-why-new-ways-of-working.{language}.md").read_text("utf-8")
    for words in RETURNED_RELUCTANCE[language]:
        assert words in text, words


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_is_never_called_a_part_of_its_own(language):
    for path in _chapters(language):
        assert not re.search(STAGES_AS_PARTS[language], path.read_text("utf-8")), path.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_invented_story_is_marked_illustrative(language):
    for path in _chapters(language):
        text = path.read_text("utf-8")
        assert not re.search(UNLABELLED[language], text, re.IGNORECASE), path.name


def test_the_four_languages_mark_the_same_stories():
    for english in _chapters("en"):
        counts = {
            language: english.with_name(english.name.replace(".en.", f".{language}."))
            .read_text("utf-8")
            .count(LABEL[language])
            for language in LANGUAGES
        }
        assert len(set(counts.values())) == 1, (english.name, counts)
    assert sum(path.read_text("utf-8").count(LABEL["en"]) for path in _chapters("en")) >= 10
