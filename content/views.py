"""The toolkit's public pages: read, search and print the handbook."""

import hashlib
from functools import wraps

import rules
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from dialogues.readiness import READY_PART

from . import handbook, kept, selectors
from .books import store as books_store
from .rendering import localized_text, render_field
from .search import MAX_QUERY_LENGTH, search_toolkit

PUBLIC_MAX_AGE = 300


def _links(request):
    return selectors.toolkit_links(kept.request_version(request))


def _etag(request, *args, **kwargs):
    if kept.has_pending_messages(request):
        return None
    reader = kept.Reader.of(request)
    parts = [
        kept.request_version(request).digest,
        get_language(),
        request.get_full_path(),
        "staff" if reader.editor else "public",
    ]
    if reader.signed_in:
        # The page names the user's menu and carries the CSRF token of the log-out form.
        parts += [reader.user_id, request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    if kept.has_pending_messages(request):
        return None
    return kept.request_version(request).last_modified


def toolkit_page(view=None, *, query_params=()):
    """Answer 304 when nothing changed; let browsers and proxies keep anonymous pages.

    `query_params` names the query parameters that select what the page shows (search's `q`);
    a request with any other parameter is rendered for itself.
    """
    if view is None:
        return lambda view: toolkit_page(view, query_params=query_params)
    conditional = require_safe(
        condition(etag_func=_etag, last_modified_func=_last_modified)(
            kept.kept_for_every_reader(view, query_params)
        )
    )

    @wraps(view)
    def page(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code not in (200, 304):
            return response
        if kept.Reader.of(request).signed_in or kept.has_pending_messages(request):
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
