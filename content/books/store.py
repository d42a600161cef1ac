"""Built books on disk: one file per language, format and version of the toolkit, built on
first request (or by `manage.py build_books`) and replaced when the text changes."""

import fcntl
import hashlib
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

from .. import selectors
from ..glossary import glossary_text
from . import epub, pdf
from .document import book_contents

logger = logging.getLogger(__name__)

# Raise when the layout or the contents of the books change, so older files are rebuilt.
BOOK_FORMAT = "1"
KINDS = {
    "pdf": {"content_type": "application/pdf", "write": pdf.write_pdf},
    "epub": {"content_type": "application/epub+zip", "write": epub.write_epub},
}
_SOURCES = (
    pdf.STYLESHEET,
    epub.STYLESHEET,
    *(pdf.FONTS_DIR / name for _family, name, _weight, _style in pdf.FONTS),
)
_TEMPLATES = (
    "content/book/book.html",
    "content/book/includes/cover.html",
    "content/book/includes/part.html",
    "content/book/includes/chapter.html",
    "content/book/includes/tools.html",
    "content/book/includes/tool.html",
    "content/book/includes/references.html",
    "content/book/includes/glossary.html",
    "content/includes/identity.html",
    "content/includes/resource.html",
    "content/includes/rendered.html",
    "content/includes/fallback_notice.html",
)


@dataclass(frozen=True)
class BookFile:
    """A built book: where it is and a hash of its bytes."""

    language: str
    kind: str
    path: Path
    digest: str

    @property
    def etag(self):
        return f'"{self.kind}-{self.language}-{self.digest}"'

    @property
    def size(self):
        return self.path.stat().st_size

    @property
    def content_type(self):
        return KINDS[self.kind]["content_type"]

    @property
    def download_name(self):
        return f"dialogue-toolkit-{self.language}.{self.kind}"


def is_available(kind):
    """Whether this server can build books of this kind (a PDF needs Pango)."""
    return kind in KINDS and (kind != "pdf" or pdf.available())


@cache
def _sources_digest():
    """A hash of what shapes a book besides the text: templates, styles, fonts, glossary."""
    digest = hashlib.sha256(BOOK_FORMAT.encode())
    for name in _TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    for path in _SOURCES:
        digest.update(path.read_bytes() if path.suffix != ".ttf" else path.name.encode())
    digest.update(glossary_text().encode())
    for language in selectors.LANGUAGES:
        catalogue = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:12]


def edition_key(version):
    """The name shared by every book of one toolkit version and one build of the code."""
    return f"{version.digest}-{_sources_digest()}"


def _directory(language):
    path = Path(settings.TOOLKIT_BOOKS_DIR) / language
    path.mkdir(parents=True, exist_ok=True)
    return path


def _found(language, kind, key):
    for path in _directory(language).glob(f"{key}.*.{kind}"):
        return BookFile(language, kind, path, path.name.split(".")[-2])
    return None


def built_book(language, kind, *, version=None):
    """The book if it is already built for the current text, else None; never builds."""
    version = version or selectors.current_version()
    return _found(language, kind, edition_key(version))


def book_file(language, kind, *, version=None):
    """The book for the current text, built now if it is not yet (one builder at a time)."""
    if not is_available(kind) or language not in selectors.LANGUAGES:
        return None
    version = version or selectors.current_version()
    key = edition_key(version)
    return _found(language, kind, key) or _build_once(
        language, kind, key, book_contents(language, version)
    )


# Builds this process started and has not finished: {(language, kind, key): thread}.
_running = {}
_running_lock = threading.Lock()


def requested_book(language, kind, *, version=None):
    """The book if it is built; otherwise start building it and return None.

    With TOOLKIT_BOOKS_IN_BACKGROUND the layout runs in a thread of this process, so no
    request waits the seconds it takes; the text is read here, so the thread needs no
    database. Without it (tests, a single-user server) the book is built at once.
    """
    if not is_available(kind) or language not in selectors.LANGUAGES:
        return None
    version = version or selectors.current_version()
    key = edition_key(version)
    found = _found(language, kind, key)
    if found or not settings.TOOLKIT_BOOKS_IN_BACKGROUND:
        return found or book_file(language, kind, version=version)
    with _running_lock:
        thread = _running.get((language, kind, key))
        if thread is None or not thread.is_alive():
            contents = book_contents(language, version)
            thread = threading.Thread(
                target=_build_in_background,
                args=(language, kind, key, contents),
                name=f"book-{language}-{kind}",
                daemon=True,
            )
            _running[(language, kind, key)] = thread
            thread.start()
    return None


def wait_for_builds(timeout=None):
    """Wait for the builds this process started (for commands and tests)."""
    with _running_lock:
        threads = list(_running.values())
    for thread in threads:
        thread.join(timeout)


def _build_in_background(language, kind, key, contents):
    try:
        _build_once(language, kind, key, contents)
    except Exception:
        logger.exception("Building the %s book in %s failed", kind, language)
    finally:
        with _running_lock:
            _running.pop((language, kind, key), None)


def _build_once(language, kind, key, contents):
    """Build unless another process did while this one waited for the lock."""
    directory = _directory(language)
    with open(directory / f".{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _found(language, kind, key) or _build(language, kind, key, contents, directory)


def _build(language, kind, key, contents, directory):
    started = time.monotonic()
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=f".{kind}.part")
    os.close(handle)
    try:
        KINDS[kind]["write"](contents, temporary)
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()[:32]
        final = directory / f"{key}.{digest}.{kind}"
        os.replace(temporary, final)
    finally:
        Path(temporary).unlink(missing_ok=True)
    # Older editions, and what a build cut short left behind.
    for older in [*directory.glob(f"*.{kind}"), *directory.glob(f"*.{kind}.part")]:
        if older != final:
            older.unlink(missing_ok=True)
    built = BookFile(language, kind, final, digest)
    logger.info(
        "Built the %s book in %s: %d bytes in %.1f s",
        kind,
        language,
        built.size,
        time.monotonic() - started,
    )
    return built
