"""The toolkit's public pages: read, search and print the handbook."""

import hashlib
import threading
from collections import OrderedDict
from functools import wraps

import rules
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from dialogues.readiness import READY_PART

from . import handbook, selectors
from .books import store as books_store
from .rendering import localized_text, render_field
from .search import MAX_QUERY_LENGTH, search_toolkit

PUBLIC_MAX_AGE = 300
PAGE_CACHE_SECONDS = 3600


def _version(request):
    """The toolkit's content version, read once per request."""
    if not hasattr(request, "_toolkit_version"):
        request._toolkit_version = selectors.current_version()
    return request._toolkit_version


def _links(request):
    return selectors.toolkit_links(_version(request))


def _has_pending_messages(request):
    # len() does not mark the messages as read, so the page still shows them.
    return bool(len(messages.get_messages(request)))


def _etag(request, *args, **kwargs):
    if _has_pending_messages(request):
        return None
    user = request.user
    parts = [
        _version(request).digest,
        get_language(),
        request.get_full_path(),
        "staff" if rules.has_perm("content.view_drafts", user) else "public",
    ]
    if user.is_authenticated:
        # The page names the user's menu and carries the CSRF token of the log-out form.
        parts += [str(user.pk), request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    if _has_pending_messages(request):
        return None
    return _version(request).last_modified


# Pages this process rendered for readers without a session, newest last; the key holds the
# content version, so pages of an older version are never served and age out of the list.
_pages = OrderedDict()
_pages_lock = threading.Lock()
PROCESS_PAGES = 300


def _remember_page(key, page):
    with _pages_lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > PROCESS_PAGES:
            _pages.popitem(last=False)


def _page_key(request, query_params):
    """The cache key of this request's page, or None when the page must be rendered for it.

    A reader with a session or pending messages gets their own page; so does a request with a
    query parameter the view does not name (search names `q`).
    """
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if request.method != "GET" or set(request.GET) - set(query_params):
        return None
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in query_params)
    identity = f"{_version(request).digest}|{get_language()}|{request.path}|{query}"
    return "content:page:" + hashlib.sha256(identity.encode()).hexdigest()


def _kept_for_anonymous(view, query_params=()):
    """Keep the rendered page for readers without a session, in this process's memory and in
    the shared cache, until the toolkit changes.

    The key holds the content version (one query, or none while the process remembers it,
    see `selectors.current_version`), so an edit in the admin shows without a purge.
    """

    @wraps(view)
    def kept(request, *args, **kwargs):
        key = _page_key(request, query_params)
        if key is None:
            return view(request, *args, **kwargs)
        remember = settings.TOOLKIT_PROCESS_CACHE_SECONDS > 0
        page = _pages.get(key) if remember else None
        if page is None:
            page = cache.get(key)
            if page is None:
                response = view(request, *args, **kwargs)
                # A page that sets a cookie or carries a CSRF token belongs to its reader.
                if (
                    response.status_code != 200
                    or response.cookies
                    or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                ):
                    return response
                page = (response.content, response["Content-Type"])
                cache.set(key, page, PAGE_CACHE_SECONDS)
            if remember:
                _remember_page(key, page)
        content, content_type = page
        return HttpResponse(content, content_type=content_type)

    return kept


def toolkit_page(view=None, *, query_params=()):
    """Answer 304 when nothing changed; let browsers and proxies keep anonymous pages.

    `query_params` names the query parameters that select what the page shows (search's `q`);
    a request with any other parameter is rendered for itself.
    """
    if view is None:
        return lambda view: toolkit_page(view, query_params=query_params)
    conditional = require_safe(
        condition(etag_func=_etag, last_modified_func=_last_modified)(
            _kept_for_anonymous(view, query_params)
        )
    )

    @wraps(view)
    def page(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code not in (200, 304):
            return response
        if request.user.is_authenticated or _has_pending_messages(request):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return page


def _check_visible(request, item):
    """404 for anything the reader may not see, drafts included: a draft is not announced."""
    if item is None or not rules.has_perm("content.view_item", request.user, item):
        raise Http404


@toolkit_page
def home(request):
    parts = list(selectors.visible_parts(request.user))
    language = get_language()
    return render(
        request,
        "content/home.html",
        {
            "parts": parts,
            "titles_fall_back": selectors.falls_back(parts, ("title", "summary"), language),
        },
    )


@toolkit_page
def toolkit_index(request):
    parts = list(selectors.parts_with_chapters(request.user))
    tools = list(selectors.visible_tools(request.user))
    chapters = [chapter for part in parts for chapter in part.chapters.all()]
    language = get_language()
    return render(
        request,
        "content/toolkit_index.html",
        {
            "parts": parts,
            "tools": tools,
            "titles_fall_back": selectors.falls_back(
                [*parts, *chapters, *tools], ("title", "summary"), language
            ),
        },
    )


@toolkit_page
def part_detail(request, part):
    part = selectors.parts_with_chapters(request.user).filter(slug=part).first()
    _check_visible(request, part)
    language = get_language()
    chapters = list(part.chapters.all())
    return render(
        request,
        "content/part_detail.html",
        {
            "part": part,
            "chapters": chapters,
            "body": render_field(part, "body", language=language, links=_links(request)),
            "title_falls_back": localized_text(part, "title", language)[1] != language,
            "titles_fall_back": selectors.falls_back(chapters, ("title", "summary"), language),
            "offers_self_check": part.slug == READY_PART,
        },
    )


@toolkit_page
def chapter_detail(request, part, slug):
    chapter = selectors.chapter_for_page(request.user, part_slug=part, slug=slug)
    _check_visible(request, chapter)
    language = get_language()
    body = render_field(chapter, "body", language=language, links=_links(request))
    previous, following = selectors.neighbours(request.user, chapter, language=language)
    tools = list(chapter.tools.all())
    return render(
        request,
        "content/chapter_detail.html",
        {
            "chapter": chapter,
            "part": chapter.part,
            "body": body,
            "toc": body.toc,
            "tools": tools,
            "previous": previous,
            "next": following,
            "title_falls_back": localized_text(chapter, "title", language)[1] != language,
            "is_draft": not (chapter.published and chapter.part.published),
        },
    )


@toolkit_page
def about(request):
    page = selectors.page_for_view(request.user, "about")
    _check_visible(request, page)
    language = get_language()
    return render(
        request,
        "content/page_detail.html",
        {
            "page": page,
            "body": render_field(page, "body", language=language, links=_links(request)),
            "title_falls_back": localized_text(page, "title", language)[1] != language,
        },
    )


@toolkit_page
def tool_list(request):
    tools = list(selectors.visible_tools(request.user))
    return render(
        request,
        "content/tool_list.html",
        {
            "tools": tools,
            "titles_fall_back": selectors.falls_back(tools, ("title", "summary"), get_language()),
        },
    )


@toolkit_page
def tool_detail(request, slug):
    tool = selectors.tool_for_page(request.user, slug=slug)
    _check_visible(request, tool)
    language = get_language()
    links = _links(request)
    sections = handbook.tool_sections(tool, language=language, links=links, id_prefix="")
    title_falls_back = localized_text(tool, "title", language)[1] != language
    return render(
        request,
        "content/tool_detail.html",
        {
            "tool": tool,
            "sections": sections,
            "any_fallback": title_falls_back or any(s["text"].is_fallback for s in sections),
            "all_fallback": all(s["text"].is_fallback for s in sections),
            "title_falls_back": title_falls_back,
            "chapters": list(tool.chapters.all()),
            "resources": list(tool.resources.all()),
        },
    )


@toolkit_page
def resources(request):
    language = get_language()
    links = _links(request)
    items = handbook.reference_entries(
        selectors.visible_resources(request.user), language=language, links=links
    )
    return render(request, "content/resources.html", {"resources": items})


@toolkit_page(query_params=("q",))
def search(request):
    raw_query = request.GET.get("q", "")
    outcome = search_toolkit(raw_query, user=request.user, language=get_language())
    return render(
        request,
        "content/search.html",
        {
            "query": outcome.query,
            "outcome": outcome,
            "searched": bool(outcome.query),
            "max_length": MAX_QUERY_LENGTH,
        },
    )


@toolkit_page
def toolkit_print(request):
    toolkit = handbook.whole_toolkit(request.user, language=get_language(), links=_links(request))
    return render(
        request,
        "content/print.html",
        {
            "sections": toolkit.sections,
            "tools": toolkit.tools,
            "references": toolkit.references,
            "whole": True,
        },
    )


@toolkit_page
def part_print(request, part):
    part = selectors.parts_with_chapters(request.user).filter(slug=part).first()
    _check_visible(request, part)
    return render(
        request,
        "content/print.html",
        {
            "sections": handbook.part_sections(
                [part], language=get_language(), links=_links(request), baselevel=1
            ),
            "part": part,
        },
    )


BOOK_KINDS = (
    (
        "pdf",
        _("PDF"),
        _("To print or read on a computer: A4 pages with a table of contents and page numbers."),
    ),
    (
        "epub",
        _("EPUB"),
        _("For e-readers and phone reading apps: the text reflows to fit the screen."),
    ),
)


def _download_page(request, *, status=200):
    language = get_language()
    books = [
        {
            "kind": kind,
            "label": label,
            "description": description,
            "available": books_store.is_available(kind),
            "file": books_store.requested_book(language, kind),
        }
        for kind, label, description in BOOK_KINDS
    ]
    response = render(request, "content/download.html", {"books": books}, status=status)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def download(request):
    """The whole toolkit to take away, as a PDF and an EPUB in the reader's language."""
    return _download_page(request)


def _book_etag(request, kind):
    book = books_store.built_book(get_language(), kind) if kind in books_store.KINDS else None
    return book.etag if book else None


@require_safe
@condition(etag_func=_book_etag)
def download_book(request, kind):
    """The book file; while it is being prepared, the download page says so."""
    if not books_store.is_available(kind):
        raise Http404
    book = books_store.requested_book(get_language(), kind)
    if book is None:
        response = _download_page(request, status=503)
        response["Retry-After"] = "60"
        return response
    response = FileResponse(
        book.path.open("rb"),
        as_attachment=True,
        filename=book.download_name,
        content_type=book.content_type,
    )
    response["ETag"] = book.etag
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
