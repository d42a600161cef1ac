"""Whether the current session signed in with a second factor, not only whether the account
has one: a session opened with the password alone (before the factor was added, or by a way
in that skips it) must prove the factor before it reaches what requires one."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled


def session_used_two_factor(request):
    """True when the user has a second factor and passed it in this session (allauth records
    each way a session was authenticated; the second factor is the method "mfa")."""
    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records) and is_mfa_enabled(user)


def second_factor_record(request, user, **details):
    """Note in the session that it has just passed the user's second factor, as allauth does
    at sign-in (it offers no public writer for its record)."""
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, "mfa", **details)
