"""manage.py load_checklists: the default checklist of every stage, after load_toolkit."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dialogues.checklist_loader import DEFAULT_PATH, NEUTRAL, checklist_templates_load


class Command(BaseCommand):
    help = (
        "Create and update the checklist template items from dialogues/data/"
        "checklist_templates.toml. Run after load_toolkit: items link to its chapters and tools."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="Data file to read.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite what was edited in the admin with the file's values.",
        )

    def handle(self, *args, path, force, **options):
        report = checklist_templates_load(path=path, force=force)
        for problem in report.problems:
            self.stderr.write(self.style.WARNING(f"Problem: {problem}"))
        for key, language in report.kept:
            what = "stage, order or toolkit links" if language == NEUTRAL else f"{language} text"
            self.stderr.write(
                self.style.WARNING(
                    f"Kept admin edits: {key} ({what}) differs from the file; "
                    "use --force to overwrite."
                )
            )
        for key in report.not_in_file:
            self.stdout.write(f"Not in the file (left in place): {key}")
        if not (report.created or report.updated or report.unchanged or report.kept):
            raise CommandError("No checklist item loaded.")
        self.stdout.write(self.style.SUCCESS(f"Checklists loaded: {report.summary()}."))
