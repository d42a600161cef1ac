"""Settings shared by every environment; values come from environment variables."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form refused for its security token says why in the reader's language (toolkit_site/views.py).
CSRF_FAILURE_VIEW = "toolkit_site.views.csrf_failure"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "bootstrap",
    "accounts",
    "content",
    "dialogues",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toolkit_site.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "toolkit_site.urls"
WSGI_APPLICATION = "toolkit_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "toolkit_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Every cache key holds the code's release (RELEASE, or a hash of the sources): nothing
# rendered before a deployment is served after it (toolkit_site/release.py).
CACHE_KEY_FUNCTION = "toolkit_site.release.cache_key"
# Markup kept under everything it shows, so that no change can make it stale: the unchanged
# forms of workspace pages (their language, and the stage, status or day they start from)
# and forms of filters (the address, and the tags and markers offered). Each process keeps
# its own copy, with no query.
FORMS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "forms",
    "KEY_FUNCTION": CACHE_KEY_FUNCTION,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "toolkit_site.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "toolkit",
            "KEY_FUNCTION": CACHE_KEY_FUNCTION,
        },
        "forms": FORMS_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": CACHE_KEY_FUNCTION,
        },
        "forms": FORMS_CACHE,
    }
    SESSION_ENGINE = "toolkit_site.sessions"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English first, Arabic right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# Missing translations fall back to English; pages say so in the reader's language.
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "toolkit_site" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dialogues:home"

# Accounts (django-allauth): sign in with email, verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "content:home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dialogue Toolkit] "
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
# Sessions: the cookie ends with the browser and the session after SESSION_DAYS at most;
# "keep me signed in" makes it last SESSION_REMEMBER_DAYS. Changing or resetting the password
# signs out every other session (Django checks each session against the password's hash).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_DAYS", "2")) * 24 * 60 * 60
SESSION_REMEMBER_AGE = int(os.environ.get("SESSION_REMEMBER_DAYS", "14")) * 24 * 60 * 60
ACCOUNT_SESSION_REMEMBER = None  # ask
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # the session that changed it stays signed in
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Failed sign-ins, per client address and per account *from* one address (see
    # accounts.adapter): each tier holds a guesser back longer, up to a day.
    "login_failed": "10/m/ip,60/h/ip,300/d/ip,5/5m/key,10/h/key,20/d/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    # Our own: opening or accepting an invitation link (dialogues.views.organisations).
    "invitation_accept": "20/m/ip",
    # Pages opened by a stakeholder's personal link, valid or guessed.
    "stakeholder_link": "20/m/ip",
}
# Rate limits count per client address. Without a proxy that is the connection's address
# (REMOTE_ADDR) and X-Forwarded-For, which anyone can send, is ignored. Behind reverse proxies,
# set one per proxy that appends to X-Forwarded-For: the address the outermost one saw is used.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Dialogue Toolkit"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Dialogue Toolkit <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Every email goes through this queue; `manage.py db_worker` sends it (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Content-Security-Policy: no inline script or style anywhere, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every page it lays out at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# How long a deleted dialogue can be restored before it is purged.
DIALOGUE_RESTORE_DAYS = 30
# Largest files the imports accept (kept in memory only, never written to disk): a whole
# dialogue exported as JSON, and a stakeholder spreadsheet (CSV or XLSX).
DIALOGUE_FILE_MAX_BYTES = 10 * 1024 * 1024
STAKEHOLDER_SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
# Stakeholders still "identified" after this many days get a warning.
STAKEHOLDER_CONTACT_WARNING_DAYS = int(os.environ.get("STAKEHOLDER_CONTACT_WARNING_DAYS", "30"))
ACCOUNT_ADAPTER = "dialogues.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.names.display_name"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Unambiguous dates in each language ("3 Dec 2026", never "12/03/2026"), see toolkit_site/formats.
FORMAT_MODULE_PATH = ["toolkit_site.formats"]
# How long an app process trusts what it remembers of the toolkit (its version and the pages
# it rendered for readers without a session) before asking the database again. A change saved
# through another process shows within this time; through the same process, at once.
TOOLKIT_PROCESS_CACHE_SECONDS = int(os.environ.get("TOOLKIT_PROCESS_CACHE_SECONDS", "5"))
# How long a {% cache %} fragment of a workspace page is kept at most. It is replaced as soon
# as the dialogue changes (its key holds the revision); the limit bounds what changes outside
# a dialogue (a renamed user, an edited default checklist) take to show.
WORKSPACE_FRAGMENT_SECONDS = int(os.environ.get("WORKSPACE_FRAGMENT_SECONDS", "600"))
# The downloadable books (PDF, EPUB): where the built files are kept, and whether a request
# that finds none starts building in the background (True) or waits for the build (False).
TOOLKIT_BOOKS_DIR = Path(os.environ.get("TOOLKIT_BOOKS_DIR", VAR_DIR / "books"))
TOOLKIT_BOOKS_IN_BACKGROUND = os.environ.get("TOOLKIT_BOOKS_IN_BACKGROUND", "true") == "true"
