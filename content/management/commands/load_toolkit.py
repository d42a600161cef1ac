"""manage.py load_toolkit: bring the toolkit's text files into the database."""

from content.loader import DEFAULT_ROOT, toolkit_load
from toolkit_site.loading import LoadCommand


class Command(LoadCommand):
    help = "Create and update toolkit parts, chapters, tools and resources from the text files."
    default_path = DEFAULT_ROOT
    path_help = "Toolkit directory to read."
    force_help = "Overwrite text edited in the admin with the files' text."
    source = "the files"
    neutral_values = "order, part or tools"

    def load(self, *, path, force):
        return toolkit_load(root=path, force=force)

    def finish(self, report):
        for label in report.created:
            self.stdout.write(f"Created {label}")
        for label in report.updated:
            self.stdout.write(f"Updated {label}")
        self.stdout.write(self.style.SUCCESS(f"Toolkit loaded: {report.summary()}."))
