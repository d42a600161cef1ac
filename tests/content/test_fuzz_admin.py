"""Property-based: whatever an editor types into the toolkit's admin forms (every language's
text, slugs, order, links between items), the admin answers with its messages or saves, never
with a server error, and a refused form stores nothing."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from content.models import Chapter, Part, Resource, Tool
from tests.fuzzing import FUZZ, draw_submission, forms_on, rolled_back

from .factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory


@pytest.fixture
def items(db):
    part = PartFactory(slug="ready", title_en="Ready!")
    tool = ToolFactory(slug="problem-tree", title_en="Problem tree")
    return {
        Part: part,
        Chapter: ChapterFactory(part=part, slug="convenor", title_en="The convenor"),
        Tool: tool,
        Resource: ResourceFactory(title="A guide to dialogue", tools=[tool]),
    }


def _stored(model):
    return list(model.objects.order_by("pk").values())


@pytest.mark.parametrize("model", [Part, Chapter, Tool, Resource])
def test_any_input_to_a_toolkit_admin_form_gives_an_answer(staff_client, items, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[items[model].pk])
    [form] = [form for form in forms_on(staff_client, url) if form["action"] == url]

    @FUZZ
    @given(data=st.data())
    def edit_anything(data):
        with rolled_back():
            submission = draw_submission(data, form, buttons=False)
            before = _stored(model)
            response = staff_client.post(url, submission)
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 200:  # the admin shows its form again with the errors
                assert "errornote" in response.content.decode()
                assert _stored(model) == before

    edit_anything()
