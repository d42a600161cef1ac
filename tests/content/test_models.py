"""Addresses and slugs stay stable; reserved addresses cannot be taken."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from content.models import Chapter

from .factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory

pytestmark = pytest.mark.django_db


def test_addresses_use_language_neutral_slugs():
    chapter = ChapterFactory(part__slug="get-set", slug="identifying-stakeholders")
    tool = ToolFactory(slug="world-cafe")
    resource = ResourceFactory(key="iap2")
    with translation.override("ar"):
        assert chapter.get_absolute_url() == "/ar/toolkit/get-set/identifying-stakeholders/"
        assert chapter.part.get_absolute_url() == "/ar/toolkit/get-set/"
        assert tool.get_absolute_url() == "/ar/toolkit/tools/world-cafe/"
        assert resource.get_absolute_url() == "/ar/toolkit/references/#resource-iap2"


@pytest.mark.parametrize("slug", ["tools", "search", "print", "references"])
def test_part_slugs_cannot_hide_toolkit_pages(slug):
    part = PartFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        part.full_clean()
    assert "slug" in error.value.message_dict


def test_chapter_slug_print_is_reserved():
    chapter = ChapterFactory.build(part=PartFactory(), slug="print")
    with pytest.raises(ValidationError):
        chapter.full_clean()


def test_chapters_read_in_part_then_chapter_order():
    second_part = PartFactory(order=2)
    first_part = PartFactory(order=1)
    late = ChapterFactory(part=second_part, order=1)
    early_b = ChapterFactory(part=first_part, order=2)
    early_a = ChapterFactory(part=first_part, order=1)
    assert list(Chapter.objects.in_reading_order()) == [early_a, early_b, late]


def test_title_shows_in_the_active_language_with_english_fallback():
    chapter = ChapterFactory(title_en="Opening", title_fr="Ouverture")
    with translation.override("fr"):
        assert str(chapter) == "Ouverture"
    with translation.override("ar"):
        assert str(chapter) == "Opening"
