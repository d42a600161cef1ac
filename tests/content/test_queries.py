"""Every page makes the same few queries however large the toolkit grows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory

pytestmark = pytest.mark.django_db

URLS = [
    "/en/",
    "/en/toolkit/",
    "/en/toolkit/ready/",
    "/fr/toolkit/ready/first/",
    "/en/toolkit/tools/",
    "/ar/toolkit/tools/first-tool/",
    "/en/toolkit/references/",
    "/en/toolkit/search/?q=step",
    "/en/toolkit/print/",
    "/es/toolkit/ready/print/",
]
MOST_QUERIES = 6  # version, link map (2, cached afterwards), and the page's own (1–3)
# The whole toolkit in print: parts, chapters, tools, references and the references' tools.
MOST_QUERIES_FOR = {"/en/toolkit/print/": 8}


def grow(chapters, tools, parts):
    """Add parts, tools and chapters; each chapter uses two tools, each resource one."""
    all_parts = [PartFactory() for _ in range(parts)]
    all_tools = [ToolFactory() for _ in range(tools)]
    for index in range(chapters):
        ChapterFactory(
            part=all_parts[index % len(all_parts)],
            tools=all_tools[index % len(all_tools) :][:2],
            body_en=f"## Step {index}\n\nSee [a tool](tool:{all_tools[0].slug}).",
        )
        ResourceFactory(tools=[])
    for resource_tool in all_tools:
        ResourceFactory().tools.add(resource_tool)


def count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def base():
    part = PartFactory(slug="ready", order=0)
    tool = ToolFactory(slug="first-tool", order=0)
    ChapterFactory(part=part, slug="first", order=0, tools=[tool])
    return part


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_the_toolkit(
    client, base, url, django_assert_max_num_queries
):
    grow(chapters=3, tools=3, parts=1)
    small = count(client, url)
    assert small <= MOST_QUERIES_FOR.get(url, MOST_QUERIES)

    grow(chapters=30, tools=20, parts=3)
    cache.clear()
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/en/toolkit/", "/fr/toolkit/ready/first/"])
def test_logged_in_pages_add_only_the_session_and_user(member_client, base, url):
    grow(chapters=3, tools=3, parts=1)
    small = count(member_client, url)
    grow(chapters=30, tools=20, parts=3)
    assert count(member_client, url) == small <= MOST_QUERIES + 2


def test_warm_cache_skips_the_link_map(staff_client, base):
    grow(chapters=5, tools=3, parts=1)
    # An editor gets a freshly rendered page (no kept page for readers who may see drafts).
    client = staff_client
    cold = count(client, "/en/toolkit/ready/first/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/toolkit/ready/first/")
    assert len(queries) == cold - 2
