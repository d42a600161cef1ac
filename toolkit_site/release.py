"""Which release of the code is running, for the cache keys.

Pages and parts of pages are kept in the cache under the revision of what they show, and the
code that renders them is part of what they show too: templates, Python, translations and the
static files they link by hashed name. So every cache key holds the release (`cache_key`,
the cache's KEY_FUNCTION). Nothing kept by an earlier release is served after a deployment,
and app servers that run the same code still share one cache. Sessions kept in Redis are
read again from the database, and sign-in rate limits start again, at each deployment.

`RELEASE` (for example the commit deployed) names the release; without it, the release is a
hash of the source files, computed once per process: by `wsgi.py` as an app server starts,
elsewhere when the cache is first used.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

# The files a page's rendering depends on, and the folders that hold none of them.
SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".json"})
SKIPPED_FOLDERS = frozenset(
    {".git", ".venv", "venv", "var", "tests", "benchmarks", "node_modules", "__pycache__"}
)


def fingerprint(root):
    """A short hash of the source files below ``root``: their paths and contents."""
    root = Path(root)
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if Path(name).suffix in SOURCE_SUFFIXES:
                path = Path(folder, name)
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


@functools.cache
def release():
    return os.environ.get("RELEASE", "").strip() or fingerprint(settings.BASE_DIR)


def cache_key(key, key_prefix, version):
    """Django's cache key (prefix, version, key) with the release after the prefix."""
    return f"{key_prefix}:{release()}:{version}:{key}"
