"""Showing toolkit text in the reader's language, marked up when it falls back to English."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext_lazy

from content.rendering import localized_text

register = template.Library()

# Language names as they read inside a sentence ("pas encore disponible en français").
LANGUAGE_IN_SENTENCE = {
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "fr": pgettext_lazy("language name inside a sentence", "French"),
    "es": pgettext_lazy("language name inside a sentence", "Spanish"),
    "ar": pgettext_lazy("language name inside a sentence", "Arabic"),
}


@register.simple_tag
def reader_language():
    """The reader's language, named in that language, ready for a sentence."""
    return LANGUAGE_IN_SENTENCE.get(get_language(), get_language())


@register.simple_tag
def localized(item, field_name):
    """A short field (title, summary) in the reader's language, or English marked as such."""
    language = get_language()
    text, text_language = localized_text(item, field_name, language)
    if text_language != language:
        return format_html('<span lang="{}" dir="ltr">{}</span>', text_language, text)
    return text


@register.simple_tag
def link_title(link):
    """A ChapterLink's title, marked up like `localized` when it is in another language."""
    if link.language != get_language():
        return format_html('<span lang="{}" dir="ltr">{}</span>', link.language, link.title)
    return link.title


@register.filter
def text_in(item, field_name):
    """The plain text of a field in the reader's language or English, for attributes."""
    return localized_text(item, field_name, get_language())[0]
