from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistTemplateItem


@register(ChecklistTemplateItem)
class ChecklistTemplateItemTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)
