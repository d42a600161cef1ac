"""Property-based: whatever query string reaches a toolkit page (a shared link, a hand-edited
address, the self-check's answers), the reader gets a page or a refusal, never a server error."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dialogues.readiness import QUESTIONS
from tests.fuzzing import FUZZ, TEXT

from .factories import ChapterFactory, PartFactory, ToolFactory

KEYS = ("q", "page", "kind", "language", *sorted(QUESTIONS)[:6])


@pytest.fixture
def toolkit_pages(db):
    part = PartFactory(slug="ready", title_en="Ready!")
    chapter = ChapterFactory(part=part, slug="convenor", title_en="The convenor")
    tool = ToolFactory(slug="problem-tree", title_en="Problem tree")
    return [
        reverse("content:home"),
        reverse("content:toolkit"),
        reverse("content:search"),
        reverse("content:self-check"),
        reverse("content:tool-list"),
        reverse("content:template-list"),
        reverse("content:resources"),
        reverse("content:offline-pack"),
        part.get_absolute_url(),
        chapter.get_absolute_url(),
        tool.get_absolute_url(),
    ]


@pytest.mark.parametrize("signed_in", [False, True])
def test_any_query_string_on_a_toolkit_page_gives_a_page(
    client, django_user_model, toolkit_pages, signed_in
):
    if signed_in:
        client.force_login(django_user_model.objects.create_user("reader", "r@example.org"))

    @FUZZ
    @given(
        path=st.sampled_from(toolkit_pages),
        query=st.dictionaries(st.sampled_from(KEYS), TEXT, max_size=4),
    )
    def open_with(path, query):
        response = client.get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)

    open_with()
