from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from content.translation import localized_names

from .models import ChecklistTemplateItem, Stage
from .selectors import in_order


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(TabbedTranslationAdmin):
    """The default checklist every new dialogue starts with, edited in all four languages."""

    list_display = ("title", "stage", "order", "chapter", "tool", "active")
    list_display_links = ("title",)
    list_editable = ("order", "active")
    list_filter = ("stage", "active")
    list_select_related = ("chapter", "tool")
    search_fields = ("key", *localized_names("title"))
    # Stages in the order a dialogue goes through them, not alphabetically.
    ordering = (
        in_order("stage", Stage).asc(),
        "order",
    )
    fieldsets = (
        (None, {"fields": ("title", "description")}),
        (
            _("Place in the process"),
            {"fields": ("stage", "order", "active", "key")},
        ),
        (_("How to do this: link to the toolkit"), {"fields": ("chapter", "tool")}),
    )

    class Media:
        # The toolkit admin's local tabs script instead of jQuery UI from a CDN (blocked by the
        # Content-Security-Policy).
        extend = False
        js = (
            "admin/js/vendor/jquery/jquery.min.js",
            "admin/js/jquery.init.js",
            "modeltranslation/js/force_jquery.js",
            "content/admin/tabs.js",
            "modeltranslation/js/tabbed_translation_fields.js",
        )
        css = {"all": ("modeltranslation/css/tabbed_translation_fields.css",)}

    def get_readonly_fields(self, request, obj=None):
        # The key ties the item to the data file; changing it would duplicate the item.
        return ("key",) if obj is not None else ()
