"""Failed sign-ins are counted per account and client address, so guessing a password from
one place does not lock the owner out everywhere else (ACCOUNT_RATE_LIMITS["login_failed"])."""

import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.core.cache import cache
from django.utils.crypto import get_random_string


def _round_key(login_key):
    return "accounts:login-round:" + hashlib.sha256(login_key.encode()).hexdigest()


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth counts failed sign-ins under this key ("…/key" rates). It names the account,
        the address (the same prefix as the per-address rates: a whole IPv6 /64) and the
        account's current round, which a password reset starts afresh."""
        login_key = super()._get_login_attempts_cache_key(request, **credentials)
        current_round = cache.get(_round_key(login_key), "0")
        return f"{login_key}:{current_round}:{get_ip(request)}"

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """A successful password reset lifts the lock on the account from every address, and
        allauth's own clearing lifts the failed attempts of the address the reset came from."""
        login_key = super()._get_login_attempts_cache_key(request, **credentials)
        cache.set(_round_key(login_key), get_random_string(12), timeout=None)
        super()._delete_login_attempts_cached_email(request, **credentials)
