"""What every organisation and workspace view shares: find the organisation or dialogue the
user may see, check the organisation's two-factor requirement, then the rule."""

import functools
from urllib.parse import urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from accounts.two_factor import session_used_two_factor
from content.selectors import current_version

from ..links import reverse_ids
from ..rules import can, dialogue_role, roles_read, with_roles
from ..selectors.dialogues import visible_dialogues
from ..selectors.organisations import user_organisations


def comeback_path(request, fallback):
    """Where to bring someone back after they sign in or enter a code: the address they asked
    for when it was a page (GET); after a form (POST), whose address may take nothing but forms
    and answer 405, the page the form was on, as the browser names it (Referrer-Policy
    same-origin sends it within the site), if it is on this site; else ``fallback``."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = urlsplit(request.headers.get("Referer", ""))
    path = referer.path + (f"?{referer.query}" if referer.query else "")
    if (
        referer.netloc == request.get_host()
        and path.startswith("/")
        and referer.path != request.path
        and url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()})
    ):
        return path
    return fallback


def sign_in_required(view):
    """`login_required` for a function view, coming back to `comeback_path` afterwards."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(comeback_path(request, reverse(settings.LOGIN_REDIRECT_URL)))
        return view(request, *args, **kwargs)

    return wrapped


def check_two_factor(request, organisation, *, fallback):
    """Members of an organisation that requires two-factor authentication get in only once
    this session signed in with it; until then every page of the organisation and its
    dialogues sends them to turn it on, or to enter a code if they have it and come back to
    `comeback_path` (``fallback`` after a form); allauth's middleware answers the
    ImmediateHttpResponse. Called by `organisation_view` and
    `DialogueMixin` only, which every organisation and dialogue page goes through."""
    if not organisation.require_two_factor or session_used_two_factor(request):
        return
    has_two_factor = is_mfa_enabled(request.user)
    if has_two_factor:
        message = _(
            "%(organisation)s requires two-factor authentication. Enter a code from your "
            "authenticator app to continue."
        )
    else:
        message = _("%(organisation)s requires two-factor authentication. Turn it on to continue.")
    messages.warning(request, message % {"organisation": organisation.name})
    raise ImmediateHttpResponse(redirect(two_factor_url(request, has_two_factor, fallback)))


def two_factor_url(request, has_two_factor, fallback=None):
    """Where this session gets its second factor: the code page of allauth if the user has an
    authenticator (``has_two_factor``; back to `comeback_path` afterwards), else the page to
    turn one on."""
    if has_two_factor:
        back = comeback_path(request, fallback or reverse(settings.LOGIN_REDIRECT_URL))
        return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back})}"
    return reverse("mfa_index")


def organisation_view(permission, *, url_kwarg="pk"):
    """For a view of one organisation: login required, the organisation found among the
    user's own (404 otherwise), two-factor checked, then the rule ``permission`` (403); the view
    is called with the organisation instead of its key."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            page = reverse_ids("dialogues:organisation-detail", kwargs[url_kwarg])
            if not request.user.is_authenticated:
                return redirect_to_login(comeback_path(request, page))
            organisation = get_object_or_404(
                user_organisations(request.user), pk=kwargs.pop(url_kwarg)
            )
            check_two_factor(request, organisation, fallback=page)
            if not can(request.user, permission, organisation):
                raise PermissionDenied
            return view(request, organisation, *args, **kwargs)

        wrapped.checks_organisation = True
        return wrapped

    return decorator


# One policy for every form of the app: a submission that does not validate is answered with
# the same page, each error next to its field, and the status 400 (Bad Request).
INVALID_FORM_STATUS = 400


def form_status(form):
    """The status of a page showing ``form``: 400 once a submission of it was refused."""
    return INVALID_FORM_STATUS if form.is_bound and form.errors else 200


def fragment_context():
    """What the pages' {% cache %} fragments read besides the dialogue: how long to keep
    them, the day their overdue marks and dates are computed for, and, for the parts that link
    to the toolkit (checklist guides, agenda methods), the toolkit's version: read once per
    page, and only when such a part's key asks for it."""
    return {
        "fragment_seconds": settings.WORKSPACE_FRAGMENT_SECONDS,
        "today": timezone.localdate(),
        "toolkit_version": functools.cache(lambda: current_version().digest),
    }


class DialogueMixin(LoginRequiredMixin):
    """Loads ``self.dialogue`` from the URL: 404 if the user may not see it, 403 if the role
    does not allow ``permission_required`` (``post_permission_required`` for POST)."""

    # Marks the views that check the organisation's two-factor requirement (tests walk them).
    checks_organisation = True
    permission_required = "dialogues.view_dialogue"
    post_permission_required = None
    dialogue_url_kwarg = "dialogue_pk"

    def get_permission_required(self):
        if self.request.method == "POST" and self.post_permission_required:
            return self.post_permission_required
        return self.permission_required

    def get_dialogues(self):
        """Where the dialogue is looked for: those the user may open."""
        return visible_dialogues(self.request.user)

    def get_comeback_fallback(self):
        """Where to come back to after signing in, when the form's own page is not known."""
        return reverse_ids("dialogues:dialogue-detail", self.kwargs[self.dialogue_url_kwarg])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(comeback_path(request, self.get_comeback_fallback()))
        self.dialogue = get_object_or_404(
            with_roles(self.get_dialogues(), request.user), pk=kwargs[self.dialogue_url_kwarg]
        )
        roles_read(request.user, self.dialogue)
        check_two_factor(request, self.dialogue.organisation, fallback=self.get_comeback_fallback())
        if not can(request.user, self.get_permission_required(), self.dialogue):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            dialogue=self.dialogue,
            role=dialogue_role(user, self.dialogue),
            can_edit=can(user, "dialogues.edit_workspace", self.dialogue),
            can_manage=can(user, "dialogues.manage_dialogue", self.dialogue),
            can_view_contacts=can(user, "dialogues.view_contacts", self.dialogue),
            **fragment_context(),
        )
        return context
