"""Signed-in readers get the toolkit page kept for every reader, with their own header in it."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from django.urls import reverse

from content import kept
from content.models import Chapter, Page, Part, Tool

from .factories import ChapterFactory, PartFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGOUT_FORM = re.compile(r'<form method="post" action="([^"]+)">')
PAGES = [
    "home",
    "index",
    "part",
    "chapter",
    "chapter in Arabic",
    "tool list",
    "tool",
    "about",
    "references",
    "search",
]


def address(page):
    """The address of one page of the real toolkit."""
    chapter = Chapter.objects.filter(published=True, part__published=True).first()
    if page == "home":
        return reverse("content:home")
    if page == "index":
        return reverse("content:toolkit")
    if page == "part":
        return Part.objects.filter(published=True).first().get_absolute_url()
    if page == "chapter":
        return chapter.get_absolute_url()
    if page == "chapter in Arabic":
        return "/ar/" + chapter.get_absolute_url().split("/", 2)[2]
    if page == "tool list":
        return reverse("content:tool-list")
    if page == "tool":
        return Tool.objects.filter(published=True).first().get_absolute_url()
    if page == "about":
        assert Page.objects.filter(published=True).exists()
        return reverse("content:about")
    if page == "references":
        return reverse("content:resources")
    return reverse("content:search") + "?q=stakeholder"


def without_tokens(response):
    """The page with its CSRF token blanked: each request masks the token differently."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


@pytest.fixture
def reader():
    return UserFactory(first_name="Amina", last_name="Haddad", email="amina.haddad@example.org")


@pytest.fixture
def reader_client(reader):
    browser = Client()
    browser.force_login(reader)
    return browser


def rendered_for_them(browser, url, monkeypatch):
    """The page rendered in full for this browser's reader, as before pages were kept for all."""
    with monkeypatch.context() as patched:
        patched.setattr(kept, "page_key", lambda request, query_params: None)
        return browser.get(url)


def kept_copy(url):
    """What the shared cache keeps for `url`: (pieces, per-reader blocks, content type)."""
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    path, _query, query = url.partition("?")
    key = kept.page_key(request, ("q",) if query else ())
    return cache.get(key)


@pytest.mark.parametrize("page", PAGES)
def test_a_signed_in_reader_gets_the_kept_page_with_their_own_header(
    toolkit, client, reader_client, page, monkeypatch, django_assert_num_queries
):
    url = address(page)
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert kept_copy(url) is not None

    # From the kept copy: the session and the content version, nothing else (not the account).
    with django_assert_num_queries(2):
        served = reader_client.get(url)
    assert served.status_code == 200
    assert "private" in served["Cache-Control"]
    before = rendered_for_them(reader_client, url, monkeypatch)
    assert without_tokens(served) == without_tokens(before)
    assert 'name="csrfmiddlewaretoken"' in served.content.decode()
    assert without_tokens(served) != anonymous.content.decode()


def test_the_home_page_invites_each_reader_to_what_they_can_do(toolkit, client, reader_client):
    # The signed-in reader comes first and the page is kept from their visit.
    signed_in = reader_client.get("/en/").content.decode()
    anonymous = client.get("/en/").content.decode()
    assert "Go to my dialogues" in signed_in and "Sign up to plan a dialogue" not in signed_in
    assert "Sign up to plan a dialogue" in anonymous and "Go to my dialogues" not in anonymous
    assert "Log out" not in anonymous and "Log in" in anonymous


def test_the_kept_copy_holds_nothing_of_the_reader_whose_visit_made_it(
    toolkit, client, reader, reader_client, settings
):
    settings.TOOLKIT_PROCESS_CACHE_SECONDS = 60
    kept._pages.clear()
    url = address("chapter")
    served = reader_client.get(url).content.decode()
    token = TOKEN.search(served).group(1)
    chunks, slots, _content_type = kept_copy(url)
    copy = b"".join(chunks).decode()
    assert slots == ("base.html#account",)
    assert 'id="chapter-title"' in copy  # the page itself is there
    for personal in (token, "csrfmiddlewaretoken", reader.email, "Amina", "Haddad", "Log out"):
        assert personal not in copy
    # An anonymous reader after them gets the page without any of it.
    anonymous = client.get(url)
    assert anonymous["Cache-Control"] == "public, max-age=300"
    for personal in (token, "csrfmiddlewaretoken", reader.email, "Log out", "My dialogues"):
        assert personal not in anonymous.content.decode()
    # What the blocks say to each kind of reader is remembered, and holds no one's token.
    remembered = next(iter(kept._pages.values()))
    assert set(remembered.said) == {True, False}
    for said in remembered.said.values():
        assert token.encode() not in b"".join(said)
    kept._pages.clear()


def test_signed_in_readers_share_what_the_blocks_say_but_each_gets_their_own_token(
    toolkit, client, reader_client, settings
):
    settings.TOOLKIT_PROCESS_CACHE_SECONDS = 60
    kept._pages.clear()
    url = address("chapter")
    other = Client()
    other.force_login(UserFactory(first_name="Kofi", email="kofi@example.org"))
    first = reader_client.get(url).content.decode()
    second = other.get(url).content.decode()
    assert TOKEN.search(first).group(1) != TOKEN.search(second).group(1)
    assert without_tokens(reader_client.get(url)) == without_tokens(other.get(url))
    # The token is a real one: the log-out form works with it (see the test below).
    assert kept._token_placeholder() not in first + second
    kept._pages.clear()


def test_a_block_that_reads_more_of_its_reader_than_whether_they_signed_in_is_their_own(rf):
    """Such a block is rendered for each reader, not remembered for all (`KeptPage.said`)."""
    request = rf.get("/en/toolkit/")
    request.session = {}
    request.user = UserFactory.build(first_name="Amina")
    reader = kept._BlockReader(request)
    context = reader.context()
    assert context["user"].is_authenticated is True
    assert context["request"].path == "/en/toolkit/"
    assert context["request"].user.is_anonymous is False
    assert not reader.personal
    assert context["user"].first_name == "Amina"
    assert reader.personal
    reader = kept._BlockReader(request)
    assert reader.context()["request"].COOKIES == {}
    assert reader.personal


def test_the_log_out_form_of_a_kept_page_signs_the_reader_out(toolkit, client, reader):
    url = address("chapter")
    client.get(url)  # kept by an anonymous visit
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    page = browser.get(url).content.decode()
    action = LOGOUT_FORM.search(page).group(1)
    token = TOKEN.search(page).group(1)

    assert browser.post(action, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    response = browser.post(action, {"csrfmiddlewaretoken": token}, follow=True)
    assert response.redirect_chain[0][1] == 302
    home = response.content.decode()
    assert "You have signed out." in home  # a message still shows on a kept page
    assert "Log in" in home and "Log out" not in home
    assert "_auth_user_id" not in browser.session


def test_messages_show_to_a_signed_in_reader_once(toolkit, client, reader_client):
    url = address("chapter")
    client.get(url)
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Saved to your dialogue.")
    carrier = HttpResponse()
    storage.update(carrier)
    reader_client.cookies["messages"] = carrier.cookies["messages"].value

    first = reader_client.get(url)
    assert "Saved to your dialogue." in first.content.decode()
    assert "Log out" in first.content.decode()
    again = reader_client.get(url).content.decode()
    assert "Saved to your dialogue." not in again and "Log out" in again


def test_a_signed_in_chapter_reads_only_the_session(
    toolkit, client, reader_client, settings, django_assert_num_queries
):
    settings.TOOLKIT_PROCESS_CACHE_SECONDS = 60
    kept._pages.clear()
    url = address("chapter")
    client.get(url)
    with django_assert_num_queries(1):  # the session; the header needs nothing of the account
        assert "Log out" in reader_client.get(url).content.decode()
    kept._pages.clear()


def test_with_sessions_in_the_cache_a_signed_in_chapter_asks_the_database_nothing(
    toolkit, client, reader, settings, django_assert_num_queries
):
    settings.TOOLKIT_PROCESS_CACHE_SECONDS = 60
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    kept._pages.clear()
    browser = Client()
    browser.force_login(reader)
    url = address("chapter")
    client.get(url)
    with django_assert_num_queries(0):
        assert "Log out" in browser.get(url).content.decode()
    kept._pages.clear()


def test_editors_get_drafts_and_readers_never_see_them_whatever_the_order(
    client, reader_client, staff_client
):
    part = PartFactory(slug="ready", title_en="Ready")
    ChapterFactory(part=part, slug="open", title_en="Published chapter")
    ChapterFactory(part=part, slug="secret", title_en="Chapter in draft", published=False)
    url = reverse("content:toolkit")
    assert "Chapter in draft" in staff_client.get(url).content.decode()
    assert "Chapter in draft" not in reader_client.get(url).content.decode()
    assert "Chapter in draft" in staff_client.get(url).content.decode()
    assert "Chapter in draft" not in client.get(url).content.decode()


def test_editor_rights_are_read_at_sign_in_and_checked_whenever_the_session_claims_them(
    client, reader, staff_client
):
    """The session notes at sign-in whether its user may see drafts. A session that says so
    (or that is older than the note) is checked against the account every time: withdrawn
    rights hide drafts at once. Rights given during a session show from the next sign-in."""
    part = PartFactory(slug="ready", title_en="Ready")
    ChapterFactory(part=part, slug="secret", title_en="Chapter in draft", published=False)
    url = reverse("content:toolkit")
    assert staff_client.session[kept.EDITOR_SESSION_KEY] is True
    assert "Chapter in draft" in staff_client.get(url).content.decode()

    staff = User.objects.get(pk=staff_client.session["_auth_user_id"])
    staff.is_staff = False
    staff.save()
    assert "Chapter in draft" not in staff_client.get(url).content.decode()

    browser = Client()
    browser.force_login(reader)
    assert browser.session[kept.EDITOR_SESSION_KEY] is False
    reader.is_staff = True
    reader.save()
    assert "Chapter in draft" not in browser.get(url).content.decode()
    browser.force_login(reader)
    assert "Chapter in draft" in browser.get(url).content.decode()

    # A session from before the note: the account decides.
    session = browser.session
    del session[kept.EDITOR_SESSION_KEY]
    session.save()
    assert "Chapter in draft" in browser.get(url).content.decode()
    reader.is_staff = False
    reader.save()
    assert "Chapter in draft" not in browser.get(url).content.decode()


def test_a_kept_page_naming_a_block_the_templates_no_longer_have_is_made_again(
    toolkit, client, reader_client
):
    url = address("chapter")
    client.get(url)
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    key = kept.page_key(request, ())
    chunks, _slots, content_type = cache.get(key)
    cache.set(key, ((b"<p>old</p>", b""), ("base.html#gone",), content_type))

    page = reader_client.get(url).content.decode()
    assert "<p>old</p>" not in page and "Log out" in page
    assert cache.get(key)[1] == ("base.html#account",)


def test_outside_kept_pages_the_block_renders_in_place():
    template = Template(
        '{% load reader_parts %}<p>{% per_reader "who" %}{{ name }}{% endper_reader %}</p>'
    )
    assert template.render(Context({"name": "Amina"})) == "<p>Amina</p>"
    with pytest.raises(TemplateSyntaxError):
        Template("{% load reader_parts %}{% per_reader %}{% endper_reader %}")
