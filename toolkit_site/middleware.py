"""Responses that hold someone's own data are kept by no browser, proxy or shared cache."""

import re

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

# The workspace and the account pages, in every language (see toolkit_site/urls.py).
PRIVATE_SECTIONS = ("accounts", "dialogues")


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` and `Vary: Cookie` on every page of the workspace and
    of accounts, whoever asks (a login form carries a CSRF token, a reset link a key), and on any
    other response to a signed-in user that names no cache policy of its own. Pages that name
    one (the toolkit's public pages, its revalidated pages for signed-in readers) keep it."""

    def __init__(self, get_response):
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        sections = "|".join(PRIVATE_SECTIONS)
        self.private_path = re.compile(rf"^/(?:{languages})/(?:{sections})/")

    def __call__(self, request):
        response = self.get_response(request)
        if self.private_path.match(request.path_info):
            if "no-store" not in response.get("Cache-Control", ""):
                # Replaced, not merged: a max-age next to no-store would only confuse.
                response.headers["Cache-Control"] = "private, no-store"
            else:
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        elif not response.has_header("Cache-Control") and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie",))
        return response
