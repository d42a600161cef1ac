"""WSGI entry point: gunicorn toolkit_site.wsgi."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit_site.settings.production")

application = get_wsgi_application()

# The release that every cache key holds, worked out now rather than by the first request.
from toolkit_site.release import release  # noqa: E402

release()

# What is loaded by now (Django, the apps, the URLconf and the views it names) lives as long as
# the process. Frozen, it is left out of the garbage collector's full passes, which otherwise
# walk all of it in the middle of whichever request sets one off.
get_resolver().url_patterns  # noqa: B018 - loads the views
gc.collect()
gc.freeze()
