"""Sign-in form: "keep me signed in" says for how long, and makes the session last that long;
turning on an authenticator app counts as using it in the session."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django.conf import settings
from django.utils.translation import ngettext

from .two_factor import second_factor_record


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            days = settings.SESSION_REMEMBER_AGE // (24 * 60 * 60)
            self.fields["remember"].label = ngettext(
                "Keep me signed in on this device for %(days)d day",
                "Keep me signed in on this device for %(days)d days",
                days,
            ) % {"days": days}

    def login(self, request, redirect_url=None):
        """Without the box ticked, allauth ends the session with the browser (and after
        SESSION_COOKIE_AGE at most); with it, the session lasts SESSION_REMEMBER_AGE."""
        response = super().login(request, redirect_url=redirect_url)
        if self.cleaned_data.get("remember"):
            request.session.set_expiry(settings.SESSION_REMEMBER_AGE)
        return response


class ActivateTOTPForm(AllauthActivateTOTPForm):
    """Turning on an authenticator app takes a valid code from it: the session has then proved
    the second factor, as at sign-in, and need not enter another code at once."""

    def clean_code(self):
        code = super().clean_code()
        second_factor_record(context.request, self.user, type=Authenticator.Type.TOTP)
        return code
