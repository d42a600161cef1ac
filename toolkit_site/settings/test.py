"""Tests: fast hashing, mail in memory; DATABASE_URL picks PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Queued emails are sent as soon as the change that queued them is committed.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": CACHE_KEY_FUNCTION,  # noqa: F405
    },
    "forms": FORMS_CACHE,  # noqa: F405
}
ACCOUNT_RATE_LIMITS = False
# Every request asks the database for the toolkit's version (the tests that check the
# process's memory turn it on).
TOOLKIT_PROCESS_CACHE_SECONDS = 0
# Workspace pages are rendered whole (a timeout of 0 keeps no {% cache %} fragment), so the
# query-count tests measure the worst case; tests/dialogues/test_page_cache.py turns it on.
WORKSPACE_FRAGMENT_SECONDS = 0
# Books are built during the request that asks for them (tests/conftest.py points
# TOOLKIT_BOOKS_DIR at a directory of the test session).
TOOLKIT_BOOKS_IN_BACKGROUND = False
# A test's commits need not wait for the disk: a crash loses nothing a test database keeps.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
