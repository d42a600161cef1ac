"""Drafts: invisible to the public (404, left out of lists), flagged for staff."""

import pytest
from django.contrib.auth.models import AnonymousUser

from content.models import Chapter, Part, Tool

from .factories import ChapterFactory, PartFactory, StaffFactory, ToolFactory, UserFactory
from .html_helpers import main_of, text_of

pytestmark = pytest.mark.django_db
BANNER = "Draft — not visible to the public"


@pytest.fixture
def drafts():
    public_part = PartFactory(slug="ready", title_en="Ready!")
    draft_part = PartFactory(slug="later", title_en="Later part", published=False)
    return {
        # Orders fixed here: the factory's sequence grows with every chapter made before.
        "public": ChapterFactory(
            part=public_part, slug="public", title_en="Public chapter", order=1
        ),
        "draft": ChapterFactory(
            part=public_part, slug="draft", title_en="Draft chapter", published=False, order=2
        ),
        "in_draft_part": ChapterFactory(
            part=draft_part, slug="hidden", title_en="Chapter of a draft part", order=3
        ),
        "draft_part": draft_part,
        "draft_tool": ToolFactory(slug="secret-tool", title_en="Draft tool", published=False),
    }


DRAFT_URLS = [
    "/en/toolkit/ready/draft/",
    "/en/toolkit/later/hidden/",
    "/en/toolkit/later/",
    "/en/toolkit/later/print/",
    "/en/toolkit/tools/secret-tool/",
]


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_drafts_are_not_found_for_the_public(client, drafts, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_drafts_are_not_found_for_members_without_staff_rights(member_client, drafts, url):
    assert member_client.get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_staff_see_drafts_with_a_banner(staff_client, drafts, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_published_chapter_has_no_banner(staff_client, drafts):
    assert BANNER not in staff_client.get("/en/toolkit/ready/public/").content.decode()


@pytest.mark.parametrize(
    "url", ["/en/", "/en/toolkit/", "/en/toolkit/tools/", "/en/toolkit/print/"]
)
def test_lists_leave_drafts_out_for_the_public(client, drafts, url):
    text = text_of(main_of(client.get(url).content.decode()))
    for title in ("Draft chapter", "Chapter of a draft part", "Later part", "Draft tool"):
        assert title not in text


def test_lists_show_drafts_to_staff_marked_as_drafts(staff_client, drafts):
    text = text_of(main_of(staff_client.get("/en/toolkit/").content.decode()))
    assert "Draft chapter Draft" in text
    assert "Draft tool Draft" in text


def test_next_chapter_skips_drafts_for_the_public(client, drafts):
    ChapterFactory(part=drafts["public"].part, slug="after", title_en="After", order=99)
    html = client.get("/en/toolkit/ready/public/").content.decode()
    assert "/en/toolkit/ready/draft/" not in html
    assert 'rel="next" href="/en/toolkit/ready/after/"' in html


def test_links_to_draft_pages_read_as_text_for_the_public(client, drafts):
    drafts["public"].body_en = "See [the draft](chapter:draft) and [tool](tool:secret-tool)."
    drafts["public"].save()
    html = client.get("/en/toolkit/ready/public/").content.decode()
    assert "<span>the draft</span>" in html and "<span>tool</span>" in html


@pytest.mark.parametrize(
    ("make_user", "sees_drafts"),
    [
        (AnonymousUser, False),
        (UserFactory, False),
        (lambda: UserFactory(is_staff=True, is_active=False), False),
        (StaffFactory, True),
    ],
)
def test_rule_and_querysets_agree(drafts, make_user, sees_drafts):
    user = make_user()
    assert user.has_perm("content.view_drafts") is sees_drafts
    for model in (Part, Chapter, Tool):
        visible = set(model.objects.visible_to(user))
        for item in model.objects.all():
            assert (item in visible) is user.has_perm("content.view_item", item), item
