"""Build the downloadable books (PDF, EPUB) of the current toolkit text."""

import time

from django.core.management.base import BaseCommand, CommandError

from content.books import store
from content.selectors import LANGUAGES, content_version


class Command(BaseCommand):
    help = (
        "Build the toolkit as PDF and EPUB in every language, unless already built for the "
        "current text. Readers' first download after an edit builds them too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", action="append", choices=LANGUAGES, help="Only this language."
        )
        parser.add_argument(
            "--format", action="append", choices=sorted(store.KINDS), help="Only this format."
        )

    def handle(self, *args, **options):
        version = content_version()
        failed = []
        for language in options["language"] or LANGUAGES:
            for kind in options["format"] or sorted(store.KINDS):
                if not store.is_available(kind):
                    failed.append(f"{kind} ({language})")
                    self.stderr.write(f"{language} {kind}: unavailable on this server")
                    continue
                started = time.monotonic()
                book = store.book_file(language, kind, version=version)
                self.stdout.write(
                    f"{language} {kind}: {book.size / 1024:.0f} KiB, "
                    f"{time.monotonic() - started:.1f} s, {book.path}"
                )
        if failed:
            raise CommandError(f"Not built: {', '.join(failed)}")
