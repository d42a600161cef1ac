"""manage.py load_toolkit: bring the toolkit's text files into the database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from content.loader import DEFAULT_ROOT, NEUTRAL, toolkit_load


class Command(BaseCommand):
    help = "Create and update toolkit parts, chapters, tools and resources from the text files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=DEFAULT_ROOT, help="Toolkit directory to read."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite text edited in the admin with the files' text.",
        )

    def handle(self, *args, path, force, **options):
        report = toolkit_load(root=path, force=force)
        for problem in report.problems:
            self.stderr.write(self.style.WARNING(f"Problem: {problem}"))
        for label, language in report.kept:
            what = "order, part or tools" if language == NEUTRAL else f"{language} text"
            self.stderr.write(
                self.style.WARNING(
                    f"Kept admin edits: {label} ({what}) differs from the files; "
                    "use --force to overwrite."
                )
            )
        for label in report.not_in_files:
            self.stdout.write(f"Not in the files (left in place): {label}")
        for label in report.created:
            self.stdout.write(f"Created {label}")
        for label in report.updated:
            self.stdout.write(f"Updated {label}")
        self.stdout.write(self.style.SUCCESS(f"Toolkit loaded: {report.summary()}."))
