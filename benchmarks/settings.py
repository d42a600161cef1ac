"""Production settings, plus a benchmark-only URLconf that adds the ceiling view."""

from toolkit_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
