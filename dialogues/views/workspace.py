"""What every workspace view shares: find the dialogue the user may see, check the rule."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ..rules import dialogue_role
from ..selectors.dialogues import visible_dialogues


def check_two_factor(request, organisation):
    """Members of an organisation that requires two-factor authentication get in only once
    they have turned it on; until then every page of the organisation and its dialogues sends
    them to do so (allauth's middleware answers the ImmediateHttpResponse)."""
    if organisation.require_two_factor and not is_mfa_enabled(request.user):
        messages.warning(
            request,
            _("%(organisation)s requires two-factor authentication. Turn it on to continue.")
            % {"organisation": organisation.name},
        )
        raise ImmediateHttpResponse(redirect("mfa_index"))


# One policy for every form of the app: a submission that does not validate is answered with
# the same page, each error next to its field, and the status 400 (Bad Request).
INVALID_FORM_STATUS = 400


def form_status(form):
    """The status of a page showing ``form``: 400 once a submission of it was refused."""
    return INVALID_FORM_STATUS if form.is_bound and form.errors else 200


def fragment_context():
    """What the pages' {% cache %} fragments read besides the dialogue: how long to keep
    them, and the day their overdue marks and dates are computed for."""
    return {
        "fragment_seconds": settings.WORKSPACE_FRAGMENT_SECONDS,
        "today": timezone.localdate(),
    }


class DialogueMixin(LoginRequiredMixin):
    """Loads ``self.dialogue`` from the URL: 404 if the user may not see it, 403 if the role
    does not allow ``permission_required`` (``post_permission_required`` for POST)."""

    permission_required = "dialogues.view_dialogue"
    post_permission_required = None
    dialogue_url_kwarg = "dialogue_pk"

    def get_permission_required(self):
        if self.request.method == "POST" and self.post_permission_required:
            return self.post_permission_required
        return self.permission_required

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.dialogue = get_object_or_404(
            visible_dialogues(request.user),
            pk=kwargs[self.dialogue_url_kwarg],
        )
        check_two_factor(request, self.dialogue.organisation)
        if not request.user.has_perm(self.get_permission_required(), self.dialogue):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            dialogue=self.dialogue,
            role=dialogue_role(user, self.dialogue),
            can_edit=user.has_perm("dialogues.edit_workspace", self.dialogue),
            can_manage=user.has_perm("dialogues.manage_dialogue", self.dialogue),
            can_view_contacts=user.has_perm("dialogues.view_contacts", self.dialogue),
            **fragment_context(),
        )
        return context
