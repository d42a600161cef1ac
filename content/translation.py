"""Translated fields of the toolkit (django-modeltranslation); English is required."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Chapter, Page, Part, Resource, Tool


def localized_names(name):
    """A translated field's column in each language: ``title`` → ``title_en``, ``title_fr``..."""
    return tuple(f"{name}_{language}" for language in settings.MODELTRANSLATION_LANGUAGES)


@register(Part)
class PartTranslationOptions(TranslationOptions):
    fields = Part.text_fields
    required_languages = {"en": ("title",), "default": ()}


@register(Chapter)
class ChapterTranslationOptions(TranslationOptions):
    fields = Chapter.text_fields
    required_languages = {"en": ("title",), "default": ()}


@register(Tool)
class ToolTranslationOptions(TranslationOptions):
    fields = Tool.text_fields
    required_languages = {"en": ("title",), "default": ()}


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = Resource.text_fields


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = Page.text_fields
    required_languages = {"en": ("title",), "default": ()}
