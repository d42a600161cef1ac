"""WSGI entry point: gunicorn toolkit_site.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit_site.settings.production")

application = get_wsgi_application()

# The release that every cache key holds, worked out now rather than by the first request.
from toolkit_site.release import release  # noqa: E402

release()
