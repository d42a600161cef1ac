"""Toolkit pages kept rendered once for every reader, with each reader's own part spliced in.

A toolkit page is rendered as nobody in particular sees it and kept, per content version,
language and address, in the shared cache and in this process's memory. What differs from
one reader to the next (the header's account links and log-out form with its CSRF token, the
home page's invitation) sits in `{% per_reader "name" %}` blocks: the kept copy holds a marker
in their place, and each request renders only those blocks, for its reader, between the kept
pieces. So a signed-in reader costs their session, not a page; and nothing of theirs ever
enters the kept copy, which was rendered for nobody.

Who reads (signed in or not, their id for the ETag, whether they may see drafts) is read
from the session alone (`Reader`): the account itself is loaded only when a per-reader block
asks for more than whether someone is signed in. Readers who may see drafts (editors) and
requests with pending messages get their page rendered for them in full.
"""

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Node
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, get_language_bidi

from . import selectors

PAGE_CACHE_SECONDS = 3600
# Pages this process keeps, newest last; older content versions age out of the list.
PROCESS_PAGES = 300
# Set on a request while its page is rendered to be kept.
_KEEPING = "_keeping_toolkit_page"
# In a session: whether its user could see drafts when they signed in (see `remember_editor`).
EDITOR_SESSION_KEY = "toolkit_editor"


@dataclass(frozen=True)
class Reader:
    """Who reads a toolkit page, as far as its kept copy needs to know, from the session.

    A session says whether someone signed in, who, and whether they could see drafts then
    (`remember_editor`). A session that says they could, or says nothing of it (it is older
    than that flag), is checked against the account itself: an editor whose rights were
    withdrawn gets the public page; rights given during a session show from the next sign-in.
    A session that an account change has ended elsewhere (a new password) still reads as
    signed in here, where it shows only the header's links; every page past them checks the
    account.
    """

    signed_in: bool
    user_id: str = ""
    editor: bool = False

    @classmethod
    def of(cls, request):
        reader = getattr(request, "_toolkit_reader", None)
        if reader is None:
            reader = request._toolkit_reader = cls._from_session(request)
        return reader

    @classmethod
    def _from_session(cls, request):
        session = getattr(request, "session", {})
        user_id = session.get(SESSION_KEY)
        if session.get(EDITOR_SESSION_KEY) is False and user_id is not None:
            return cls(signed_in=True, user_id=str(user_id))
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return cls(signed_in=False)
        editor = rules.has_perm("content.view_drafts", user)
        return cls(signed_in=True, user_id=str(user.pk), editor=editor)


def remember_editor(sender, request, user, **kwargs):
    """Signal receiver (`user_logged_in`): note in the session whether the user sees drafts."""
    if request is not None and hasattr(request, "session"):
        request.session[EDITOR_SESSION_KEY] = rules.has_perm("content.view_drafts", user)


# What a per-reader block may read of its request and still say the same to every reader of
# the page: the page's own address and language.
_PAGE_ATTRIBUTES = frozenset({"path", "path_info", "resolver_match", "LANGUAGE_CODE", "method"})


class _BlockReader:
    """What a per-reader block sees of its reader, and whether it read anything of their own.

    `user.is_authenticated` comes from the session (`Reader`), and `request.path` or
    `request.resolver_match` belong to the page; a block that reads nothing else says the same
    to every reader of the page who is signed in (or to every one who is not), but for its CSRF
    token, which it gets as a placeholder. Reading anything else of the user or the request (a
    name, the session, a cookie) makes what the block says this reader's own.
    """

    def __init__(self, request):
        self.request = request
        self.personal = False

    def context(self):
        user = _BlockUser(self)
        return {
            "request": _BlockRequest(self, user),
            "user": user,
            "csrf_token": _token_placeholder(),
            "LANGUAGE_CODE": get_language(),
            "LANGUAGE_BIDI": get_language_bidi(),
        }


class _BlockUser:
    """`user` in a per-reader block (see `_BlockReader`)."""

    def __init__(self, reader):
        self._reader = reader

    @property
    def is_authenticated(self):
        return Reader.of(self._reader.request).signed_in

    @property
    def is_anonymous(self):
        return not self.is_authenticated

    def __getattr__(self, name):
        self._reader.personal = True
        return getattr(self._reader.request.user, name)


class _BlockRequest:
    """`request` in a per-reader block (see `_BlockReader`)."""

    def __init__(self, reader, user):
        self._reader = reader
        self.user = user

    def __getattr__(self, name):
        if name not in _PAGE_ATTRIBUTES:
            self._reader.personal = True
        return getattr(self._reader.request, name)


class PerReaderNode(Node):
    """A `{% per_reader %}` block: in place, except in a page rendered to be kept."""

    child_nodelists = ("nodelist",)

    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        if getattr(getattr(context, "request", None), _KEEPING, False):
            return _marker(f"{self.origin.template_name}#{self.name}")
        return self.nodelist.render(context)


@functools.cache
def _marker_secret():
    # Derived from the secret key, so no text in a page (a search query, an edited chapter)
    # can pose as a place where a reader's part goes; the same on every app server.
    return salted_hmac("content.kept", "per-reader marker").hexdigest()[:24]


def _marker(slot):
    return f"<!--per-reader {_marker_secret()} {slot}-->"


@functools.cache
def _token_placeholder():
    """Where a per-reader block's CSRF token goes until the page is served (letters and digits,
    as a token is; derived from the secret key, so no text in a page can pose as one)."""
    return "csrf" + _marker_secret()


@functools.cache
def _marker_pattern():
    return re.compile(rb"<!--per-reader " + _marker_secret().encode() + rb" ([^\s>]+)-->")


class StaleKeptPageError(Exception):
    """The kept page names a per-reader block the templates no longer have (a new release)."""


def _slot_nodes(template):
    """The template's `{% per_reader %}` blocks by name, looked up once per loaded template."""
    nodes = getattr(template, "_per_reader_nodes", None)
    if nodes is None:
        nodes = {node.name: node for node in template.nodelist.get_nodes_by_type(PerReaderNode)}
        template._per_reader_nodes = nodes
    return nodes


def render_slot(slot, reader):
    """One `{% per_reader %}` block for a reader (a `_BlockReader`).

    Its context holds only `request`, `user`, `csrf_token`, `LANGUAGE_CODE` and
    `LANGUAGE_BIDI`: the page's own context belongs to the kept copy.
    """
    template_name, _hash, name = slot.partition("#")
    template = get_template(template_name).template
    node = _slot_nodes(template).get(name)
    if node is None:
        raise StaleKeptPageError(slot)
    context = Context(reader.context(), autoescape=template.engine.autoescape)
    with context.render_context.push_state(template), context.bind_template(template):
        return node.nodelist.render(context).encode()


@dataclass
class KeptPage:
    """A page rendered for nobody: the pieces between its per-reader blocks, and the blocks."""

    chunks: tuple
    slots: tuple
    content_type: str
    # What the per-reader blocks say to every reader signed in (True) or not (False), once this
    # process has heard it, with a placeholder for the CSRF token.
    said: dict = field(default_factory=dict)

    @classmethod
    def from_response(cls, response):
        pieces = _marker_pattern().split(response.content)
        slots = tuple(slot.decode() for slot in pieces[1::2])
        return cls(tuple(pieces[0::2]), slots, response["Content-Type"])

    def content_for(self, request):
        """The page as this request's reader sees it."""
        if not self.slots:
            return self.chunks[0]
        signed_in = Reader.of(request).signed_in
        said = self.said.get(signed_in)
        if said is None:
            reader = _BlockReader(request)
            said = tuple(render_slot(slot, reader) for slot in self.slots)
            if not reader.personal:
                self.said[signed_in] = said
        placeholder = _token_placeholder().encode()
        pieces = [self.chunks[0]]
        for block, chunk in zip(said, self.chunks[1:], strict=True):
            if placeholder in block:
                block = block.replace(placeholder, get_token(request).encode())
            pieces += [block, chunk]
        return b"".join(pieces)


_pages = OrderedDict()
_pages_lock = threading.Lock()


def _remember(key, page):
    with _pages_lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > PROCESS_PAGES:
            _pages.popitem(last=False)


def request_version(request):
    """The toolkit's content version, read once per request."""
    if not hasattr(request, "_toolkit_version"):
        request._toolkit_version = selectors.current_version()
    return request._toolkit_version


def has_pending_messages(request):
    # len() does not mark the messages as read, so the page still shows them.
    return bool(len(messages.get_messages(request)))


def page_key(request, query_params):
    """The cache key of this request's page, or None when the page must be rendered for it.

    Readers who may see drafts get their own page, and so does a request with messages to
    show or with a query parameter the view does not name (search names `q`).
    """
    if request.method != "GET" or set(request.GET) - set(query_params):
        return None
    if has_pending_messages(request) or Reader.of(request).editor:
        return None
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in query_params)
    identity = f"{request_version(request).digest}|{get_language()}|{request.path}|{query}"
    return "content:kept:" + hashlib.sha256(identity.encode()).hexdigest()


def _render_for_nobody(view, request, args, kwargs):
    """The view's response as a reader without an account gets it, markers in place."""
    reader = request.user
    request.user = AnonymousUser()
    setattr(request, _KEEPING, True)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
    finally:
        delattr(request, _KEEPING)
        request.user = reader
    return response


def _kept_page(key):
    remember = settings.TOOLKIT_PROCESS_CACHE_SECONDS > 0
    page = _pages.get(key) if remember else None
    if page is None:
        stored = cache.get(key)
        if stored is not None:
            page = KeptPage(*stored)
            if remember:
                _remember(key, page)
    return page


def kept_for_every_reader(view, query_params=()):
    """Serve the view's page from a copy kept for every reader until the toolkit changes.

    The key holds the content version (one query, or none while the process remembers it,
    see `selectors.current_version`), so an edit in the admin shows without a purge.
    """

    @wraps(view)
    def kept(request, *args, **kwargs):
        key = page_key(request, query_params)
        if key is None:
            return view(request, *args, **kwargs)
        page = _kept_page(key)
        if page is not None:
            try:
                return HttpResponse(page.content_for(request), content_type=page.content_type)
            except StaleKeptPageError:
                pass
        response = _render_for_nobody(view, request, args, kwargs)
        page = KeptPage.from_response(response)
        # A page that sets a cookie or carries a CSRF token outside a per-reader block
        # belongs to this reader only.
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            cache.set(key, (page.chunks, page.slots, page.content_type), PAGE_CACHE_SECONDS)
            if settings.TOOLKIT_PROCESS_CACHE_SECONDS > 0:
                _remember(key, page)
        response.content = page.content_for(request)
        return response

    return kept
