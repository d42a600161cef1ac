"""manage.py load_checklists: the default checklist of every stage, after load_toolkit."""

from django.core.management.base import CommandError

from dialogues.checklist_loader import DEFAULT_PATH, checklist_templates_load
from toolkit_site.loading import LoadCommand


class Command(LoadCommand):
    help = (
        "Create and update the checklist template items from dialogues/data/"
        "checklist_templates.toml. Run after load_toolkit: items link to its chapters and tools."
    )
    default_path = DEFAULT_PATH
    path_help = "Data file to read."
    force_help = "Overwrite what was edited in the admin with the file's values."
    source = "the file"
    neutral_values = "stage, order or toolkit links"

    def load(self, *, path, force):
        return checklist_templates_load(path=path, force=force)

    def finish(self, report):
        if not (report.created or report.updated or report.unchanged or report.kept):
            raise CommandError("No checklist item loaded.")
        self.stdout.write(self.style.SUCCESS(f"Checklists loaded: {report.summary()}."))
