import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from content.models import Chapter, Part, Resource, Tool
from content.services import item_search_update


class SearchableFactory(DjangoModelFactory):
    """Items saved the way the admin and the loader save them: with their search vectors."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            item_search_update(item=instance)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("a-long-Passphrase-2026")


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class PartFactory(SearchableFactory):
    class Meta:
        model = Part

    slug = factory.Sequence(lambda n: f"part-{n}")
    order = factory.Sequence(lambda n: n)
    title_en = factory.Sequence(lambda n: f"Part {n}")
    summary_en = "What this part covers."
    body_en = "## Before you start\n\nAn introduction to the part."
    published = True


class ToolFactory(SearchableFactory):
    class Meta:
        model = Tool

    slug = factory.Sequence(lambda n: f"tool-{n}")
    order = factory.Sequence(lambda n: n)
    title_en = factory.Sequence(lambda n: f"Tool {n}")
    summary_en = "A short exercise for a group."
    purpose_en = "What the tool is for."
    when_to_use_en = "During **Get Set!**."
    steps_en = "1. Gather the group.\n2. Draw the grid."
    time_and_materials_en = "- 90 minutes\n- flip chart"
    tips_en = "- Keep it short."
    published = True


class ChapterFactory(SearchableFactory):
    class Meta:
        model = Chapter
        skip_postgeneration_save = True

    part = factory.SubFactory(PartFactory)
    slug = factory.Sequence(lambda n: f"chapter-{n}")
    order = factory.Sequence(lambda n: n)
    title_en = factory.Sequence(lambda n: f"Chapter {n}")
    summary_en = "What the chapter is about."
    body_en = "## First step\n\nSome text.\n\n### A detail\n\nMore.\n\n## Second step\n\nEnd."
    published = True

    @factory.post_generation
    def tools(self, create, extracted, **kwargs):
        if create and extracted:
            self.tools.set(extracted)


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"resource-{n}")
    title = factory.Sequence(lambda n: f"A guide to dialogue, volume {n}")
    authors = "A. Author"
    publisher = "A Publisher"
    year = 2019
    url = "https://example.org/guide"
    description_en = "A practical guide."
    order = factory.Sequence(lambda n: n)
    published = True

    @factory.post_generation
    def tools(self, create, extracted, **kwargs):
        if create and extracted:
            self.tools.set(extracted)
