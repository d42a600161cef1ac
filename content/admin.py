"""Editing the toolkit in four languages, with its history and translation status."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from . import selectors
from .models import Chapter, ContentRevision, Page, Part, Resource, Tool
from .services import item_changes_record, item_snapshot
from .translation import localized_names

STATE_LABELS = {
    selectors.TRANSLATED: _("translated"),
    selectors.MISSING: _("missing"),
    selectors.STALE: _("stale"),
}
LOCAL_TABS_SCRIPT = "content/admin/tabs.js"
KIND_LABELS = {
    "part": _("Part"),
    "chapter": _("Chapter"),
    "tool": _("Tool"),
    "resource": _("Resource"),
    "page": _("Page"),
}


class LanguageFieldsMixin:
    """Each language's field is typed in that language and direction (Arabic right to left)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # set on modeltranslation's fields
        if formfield is not None and language:
            bidi = get_language_info(language)["bidi"]
            formfield.widget.attrs.update(lang=language, dir="rtl" if bidi else "ltr")
        return formfield


class ToolkitItemAdmin(LanguageFieldsMixin, TabbedTranslationAdmin):
    """Shared by every toolkit model: order, publication, history, and translation state."""

    list_display = ("title", "slug", "order", "published", "translation_summary", "preview_link")
    list_editable = ("order", "published")
    list_filter = ("published",)
    readonly_fields = ("created", "updated")
    save_on_top = True

    class Media:
        # Empty on purpose: subclasses then inherit the `media` below instead of adding
        # modeltranslation's Media (with its CDN script) once more.
        pass

    @property
    def media(self):
        # modeltranslation would load jQuery UI from a CDN, which the Content-Security-Policy
        # blocks; a small local script gives the language tabs instead.
        media = super().media
        scripts = [
            LOCAL_TABS_SCRIPT if str(script) == mt_settings.JQUERY_UI_URL else script
            for script in media._js
        ]
        return forms.Media(js=scripts, css=media._css)

    @admin.display(description=_("translations"))
    def translation_summary(self, obj):
        states = selectors.translation_states(obj)
        return format_html_join(
            " · ",
            '<span class="translation-state translation-{}">{}: {}</span>',
            (
                (state, language, STATE_LABELS[state])
                for language, state in states.items()
                if language != "en"
            ),
        )

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            gettext("View on site"),
        )

    # History: each save is compared with the stored version and recorded.

    def save_model(self, request, obj, form, change):
        obj._revision_before = (
            item_snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        item = form.instance
        item_changes_record(
            item=item,
            before=getattr(item, "_revision_before", {}),
            user=request.user,
            source=ContentRevision.Source.ADMIN,
        )

    def save_formset(self, request, form, formset, change):
        if not hasattr(formset.model, "text_fields"):
            return super().save_formset(request, form, formset, change)
        befores = {
            inline_form.instance.pk: item_snapshot(
                formset.model.objects.get(pk=inline_form.instance.pk)
            )
            for inline_form in formset.initial_forms
            if inline_form.has_changed() and inline_form.instance.pk
        }
        super().save_formset(request, form, formset, change)
        changed = [obj for obj, _fields in formset.changed_objects]
        for obj in [*formset.new_objects, *changed]:
            item_changes_record(
                item=obj,
                before=befores.get(obj.pk, {}),
                user=request.user,
                source=ContentRevision.Source.ADMIN,
            )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name=f"{opts.app_label}_{opts.model_name}_revisions",
            ),
            *super().get_urls(),
        ]

    def revisions_view(self, request, object_id):
        item = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "title": gettext("Revisions of “%(item)s”") % {"item": item},
            "revisions": selectors.item_revisions(item),
        }
        return TemplateResponse(request, "admin/content/revisions.html", context)


class ChapterInline(LanguageFieldsMixin, TranslationTabularInline):
    model = Chapter
    fields = ("order", "title", "slug", "published")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


@admin.register(Part)
class PartAdmin(ToolkitItemAdmin):
    search_fields = ("slug", *localized_names("title"))
    prepopulated_fields = {"slug": ("title_en",)}
    fields = ("title", "slug", "order", "published", "summary", "body", "created", "updated")
    inlines = (ChapterInline,)

    def get_urls(self):
        return [
            path(
                "translation-status/",
                self.admin_site.admin_view(self.translation_status_view),
                name="content_translation_status",
            ),
            *super().get_urls(),
        ]

    def translation_status_view(self, request):
        """Every item × language: translated, missing, or stale (English changed since)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        languages = [code for code in selectors.LANGUAGES if code != "en"]
        kind = request.GET.get("kind") if request.GET.get("kind") in KIND_LABELS else None
        missing = request.GET.get("missing") if request.GET.get("missing") in languages else None
        stale = request.GET.get("stale") if request.GET.get("stale") in languages else None
        rows = [
            {
                "item": row.item,
                "kind": KIND_LABELS[row.kind],
                "change_url": reverse(f"admin:content_{row.kind}_change", args=[row.item.pk]),
                "cells": [
                    (code, row.states[code], STATE_LABELS[row.states[code]]) for code in languages
                ],
            }
            for row in selectors.translation_status(kind=kind, missing=missing, stale=stale)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Translation status"),
            "rows": rows,
            "languages": languages,
            "kinds": KIND_LABELS,
            "kind": kind,
            "missing": missing,
            "stale": stale,
            "filtered": bool(kind or missing or stale),
        }
        return TemplateResponse(request, "admin/content/translation_status.html", context)


@admin.register(Chapter)
class ChapterAdmin(ToolkitItemAdmin):
    list_display = (
        "title",
        "part",
        "slug",
        "order",
        "published",
        "translation_summary",
        "preview_link",
    )
    list_filter = ("published", "part")
    list_select_related = ("part",)
    search_fields = ("slug", *localized_names("title"), "body_en")
    prepopulated_fields = {"slug": ("title_en",)}
    fields = (
        "part",
        "title",
        "slug",
        "order",
        "published",
        "summary",
        "body",
        "tools",
        "created",
        "updated",
    )
    filter_horizontal = ("tools",)
    ordering = ("part__order", "order", "pk")


@admin.register(Tool)
class ToolAdmin(ToolkitItemAdmin):
    search_fields = ("slug", *localized_names("title"), "summary_en")
    prepopulated_fields = {"slug": ("title_en",)}
    fields = (
        "title",
        "slug",
        "order",
        "published",
        "summary",
        "purpose",
        "when_to_use",
        "steps",
        "time_and_materials",
        "tips",
        "created",
        "updated",
    )


@admin.register(Resource)
class ResourceAdmin(ToolkitItemAdmin):
    list_display = (
        "title",
        "authors",
        "year",
        "order",
        "published",
        "translation_summary",
        "preview_link",
    )
    search_fields = ("key", "title", "authors", "publisher")
    fields = (
        "key",
        "title",
        "authors",
        "publisher",
        "year",
        "url",
        "order",
        "published",
        "description",
        "tools",
        "created",
        "updated",
    )
    filter_horizontal = ("tools",)


@admin.register(Page)
class PageAdmin(ToolkitItemAdmin):
    list_display = ("title", "slug", "published", "translation_summary", "preview_link")
    list_editable = ("published",)
    search_fields = (*localized_names("title"), "body_en")
    fields = ("slug", "title", "published", "summary", "body", "created", "updated")


@admin.register(ContentRevision)
class ContentRevisionAdmin(admin.ModelAdmin):
    """The whole history, read only; each item's own list is linked from its page."""

    list_display = ("created", "item_link", "user", "source", "changed_fields")
    list_filter = ("source", "content_type")
    list_select_related = ("user", "content_type")
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("item"))
    def item_link(self, obj):
        model = obj.content_type.model
        url = reverse(f"admin:content_{model}_revisions", args=[obj.object_id])
        return format_html('<a href="{}">{} #{}</a>', url, obj.content_type.name, obj.object_id)

    @admin.display(description=_("changed fields"))
    def changed_fields(self, obj):
        return ", ".join(sorted(obj.changes))
