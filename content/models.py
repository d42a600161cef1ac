"""The toolkit handbook: parts, chapters, tools and resources, with their revisions."""

import rules
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ToolkitItemQuerySet(models.QuerySet):
    # Mirrors the "content.view_item" rule in rules.py.
    published_filter = models.Q(published=True)

    def visible_to(self, user):
        """Published items for everybody; drafts too for those who may see them."""
        # The rule alone: Django's own permission tables have no say on drafts.
        if user is not None and rules.has_perm("content.view_drafts", user):
            return self.all()
        return self.filter(self.published_filter)


class ChapterQuerySet(ToolkitItemQuerySet):
    published_filter = models.Q(published=True, part__published=True)

    def in_reading_order(self):
        return self.order_by("part__order", "part_id", "order", "pk")


class ToolkitItem(models.Model):
    """What every piece of toolkit text shares: order, publication and bookkeeping."""

    order = models.PositiveIntegerField(_("order"), default=0)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Unpublished items are drafts: only staff can see them."),
    )
    # {language: ISO timestamp of the last change of that language's text}.
    translation_updated = models.JSONField(
        _("translation updated"), default=dict, blank=True, editable=False
    )
    # {language: hash of the text the loader last wrote}; tells admin edits apart.
    loaded_hashes = models.JSONField(
        _("loaded text hashes"), default=dict, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    revisions = GenericRelation("content.ContentRevision")

    objects = ToolkitItemQuerySet.as_manager()

    # The translated text fields, in the order they are shown; set by each model.
    text_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; other databases get a plain index on the (empty) column."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)


class SearchableItem(ToolkitItem):
    """A toolkit item the search finds: its text vector per language, stored on PostgreSQL.

    `content.services.item_search_update` writes the vectors whenever the loader or the admin
    saves the item (content/search.py says what they hold); other databases leave them empty
    and search the text itself.
    """

    search_en = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    search_es = SearchVectorField(null=True, editable=False)
    search_ar = SearchVectorField(null=True, editable=False)

    class Meta(ToolkitItem.Meta):
        abstract = True
        indexes = [
            SearchIndex(fields=[f"search_{code}"], name=f"content_%(class)s_search_{code}")
            for code in settings.MODELTRANSLATION_LANGUAGES
        ]


# Addresses under /toolkit/ that a part's slug would hide.
RESERVED_PART_SLUGS = frozenset(
    {
        "tools",
        "templates",
        "self-check",
        "search",
        "print",
        "references",
        "offline",
        "about",
        "download",
    }
)
RESERVED_CHAPTER_SLUGS = frozenset({"print"})


class Part(SearchableItem):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))

    text_fields = ("title", "summary", "body")

    class Meta(SearchableItem.Meta):
        verbose_name = _("part")
        verbose_name_plural = _("parts")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:part", kwargs={"part": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_PART_SLUGS:
            raise ValidationError(
                {"slug": _("This address is used by the toolkit itself; choose another slug.")}
            )


class Tool(SearchableItem):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("Markdown."))
    when_to_use = models.TextField(_("when to use"), blank=True, help_text=_("Markdown."))
    steps = models.TextField(_("steps"), blank=True, help_text=_("Markdown."))
    time_and_materials = models.TextField(
        _("time and materials"), blank=True, help_text=_("Markdown.")
    )
    tips = models.TextField(_("tips"), blank=True, help_text=_("Markdown."))

    text_fields = (
        "title",
        "summary",
        "purpose",
        "when_to_use",
        "steps",
        "time_and_materials",
        "tips",
    )

    class Meta(SearchableItem.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:tool", kwargs={"slug": self.slug})


class Chapter(SearchableItem):
    part = models.ForeignKey(
        Part, on_delete=models.PROTECT, related_name="chapters", verbose_name=_("part")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The same in every language, unique across the toolkit."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    tools = models.ManyToManyField(
        Tool, blank=True, related_name="chapters", verbose_name=_("tools")
    )

    text_fields = ("title", "summary", "body")

    objects = ChapterQuerySet.as_manager()

    class Meta(SearchableItem.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:chapter", kwargs={"part": self.part.slug, "slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_CHAPTER_SLUGS:
            raise ValidationError(
                {"slug": _("This address is used by the toolkit itself; choose another slug.")}
            )


class Page(ToolkitItem):
    """A page about the toolkit itself, outside the reading order: where it comes from."""

    class Slug(models.TextChoices):
        ABOUT = "about", _("About this toolkit")

    slug = models.SlugField(_("page"), max_length=100, unique=True, choices=Slug.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))

    text_fields = ("title", "summary", "body")

    class Meta(ToolkitItem.Meta):
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"content:{self.slug}")


class Resource(ToolkitItem):
    key = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(
        _("title"), max_length=300, help_text=_("The original title, not translated.")
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    tools = models.ManyToManyField(
        Tool, blank=True, related_name="resources", verbose_name=_("tools")
    )

    text_fields = ("description",)

    class Meta(ToolkitItem.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:resources") + f"#resource-{self.key}"


class ContentRevision(models.Model):
    """One change to a toolkit item: who, when, and each field's old and new value."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("admin")
        LOADER = "loader", _("loader")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # {field name: {"old": value, "new": value}}
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["admin", "loader"]),
                name="content_revision_source_valid",
            )
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id} @ {self.created:%Y-%m-%d %H:%M}"
