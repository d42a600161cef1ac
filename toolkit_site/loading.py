"""Loading text files into translated rows without overwriting what an admin edited.

Shared by ``load_toolkit`` (content) and ``load_checklists`` (dialogues). For every item and
language, and under ``NEUTRAL`` for its language-neutral values, a row remembers in
``loaded_hashes`` a hash of what was last loaded. When the database no longer matches that
hash, an admin edited it: the edit is kept and reported unless ``force`` is set. Re-running
with unchanged files changes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand

NEUTRAL = "*"  # the key under which language-neutral values (order, links) are hashed


def values_hash(values):
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # (item label, language or NEUTRAL)
    not_in_files: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def summary(self):
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept"
        )


class HashedLoader:
    """Writes the files' values into one item at a time, keeping admin edits."""

    def __init__(self, *, force, report):
        self.force = force
        self.report = report

    def take(self, item, created, key, in_files, in_db):
        """True to write the files' values, False when already equal, None to keep an edit."""
        file_hash = values_hash(in_files)
        if values_hash(in_db) == file_hash:
            item.loaded_hashes[key] = file_hash
            return False
        last_loaded = item.loaded_hashes.get(key)
        if created:
            edited = False
        elif last_loaded:
            edited = values_hash(in_db) != last_loaded
        else:
            # Never loaded: text already there was typed in the admin; structure was not.
            edited = key != NEUTRAL and any(value for value in in_db.values())
        if edited and not self.force:
            return None
        item.loaded_hashes[key] = file_hash
        return True

    def take_texts(self, item, created, label, texts):
        """Write ``texts`` ({language: {field: text}}) into the item's translated fields, each
        language unless an admin edited it there; True when any text was written."""
        wrote = False
        for language, in_files in texts.items():
            in_db = {name: getattr(item, f"{name}_{language}", None) or "" for name in in_files}
            take = self.take(item, created, language, in_files, in_db)
            if take is None:
                self.report.kept.append((label, language))
            elif take:
                wrote = True
                for name, text in in_files.items():
                    setattr(item, f"{name}_{language}", text)
        return wrote

    def take_neutral(self, item, created, label, in_files, in_db):
        """Whether to write the language-neutral values (see ``take``); a kept edit is reported."""
        take = self.take(item, created, NEUTRAL, in_files, in_db)
        if take is None:
            self.report.kept.append((label, NEUTRAL))
        return take


def loaded_hashes_start(item):
    """Prepare the item's hashes for changes; returns them as they were, for `save_if_changed`."""
    item.loaded_hashes = dict(item.loaded_hashes or {})
    return dict(item.loaded_hashes)


def save_if_changed(item, *, created, wrote, old_hashes):
    if created or wrote or item.loaded_hashes != old_hashes:
        item.save()


class LoadCommand(BaseCommand):
    """A management command that loads files with a `HashedLoader` and reports what it kept."""

    default_path: Path
    path_help = ""
    force_help = ""
    source = "the files"  # as named in the messages
    neutral_values = ""  # what the NEUTRAL hash covers, as named in the messages

    def load(self, *, path, force):
        raise NotImplementedError

    def finish(self, report):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=self.default_path, help=self.path_help)
        parser.add_argument("--force", action="store_true", help=self.force_help)

    def handle(self, *args, path, force, **options):
        report = self.load(path=path, force=force)
        for problem in report.problems:
            self.stderr.write(self.style.WARNING(f"Problem: {problem}"))
        for label, language in report.kept:
            what = self.neutral_values if language == NEUTRAL else f"{language} text"
            self.stderr.write(
                self.style.WARNING(
                    f"Kept admin edits: {label} ({what}) differs from {self.source}; "
                    "use --force to overwrite."
                )
            )
        for label in report.not_in_files:
            self.stdout.write(f"Not in {self.source} (left in place): {label}")
        self.finish(report)
