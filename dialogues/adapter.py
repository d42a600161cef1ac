"""Account adapter: someone who signs up through an invitation lands in its workspace."""

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.adapter import AccountAdapter as SignInAdapter

from .models import Invitation
from .services.organisations import invitation_accept

INVITATION_SESSION_KEY = "dialogues_invitation_token"


class AccountAdapter(SignInAdapter):
    def get_signup_redirect_url(self, request):
        token = request.session.pop(INVITATION_SESSION_KEY, None)
        invitation = Invitation.objects.filter(token=token).first() if token else None
        if invitation is not None and request.user.is_authenticated:
            try:
                invitation_accept(invitation=invitation, user=request.user)
            except (ValidationError, PermissionDenied):
                return super().get_signup_redirect_url(request)
            return invitation.target.get_absolute_url()
        return super().get_signup_redirect_url(request)
