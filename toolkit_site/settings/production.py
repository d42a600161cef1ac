"""Production: HTTPS only, secrets and services from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHE_KEY_FUNCTION, REDIS_URL, env_bool

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without it.")

# Emailed links must lead to the public address: no guessed default.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL to the site's public address, e.g. https://toolkit.example.org."
    )

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

if not REDIS_URL:
    # Shared by every app server: no per-process memory for rate limits or cache.
    CACHES = {
        "default": {
            "BACKEND": "toolkit_site.cache.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_FUNCTION": CACHE_KEY_FUNCTION,
            # Past this many entries (as PostgreSQL's statistics count them, toolkit_site/
            # cache.py), a store also deletes the expired ones and then a third of the others,
            # whatever they hold (kept pages, sign-in limits). Django's default, 300, is soon
            # passed by the kept parts of workspace pages (one per page, language, filter and
            # revision), and a busy workspace would lose them all the time.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
        },
        "forms": FORMS_CACHE,  # noqa: F405
    }

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
