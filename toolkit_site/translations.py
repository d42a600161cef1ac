"""Translation completeness: every message of every .po translated, not fuzzy, and compiled.

Run as ``python -m toolkit_site.translations`` (exit code 1 on any problem) or
``python -m toolkit_site.translations --compile`` to write the .mo files from the .po files.
"""

import os
import re
import sys
from pathlib import Path

import polib
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit_site.settings.local")

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# Every language of the site but the one the code's messages are written in.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)


# The language the messages are written in has a catalogue only for the wording of other
# packages' messages (accounts/wording.py): it is compiled and checked like the others.
WORDING_LANGUAGES = (settings.LANGUAGE_CODE,)


def po_paths():
    return [LOCALE_DIR / code / "LC_MESSAGES" / "django.po" for code in LANGUAGES]


def wording_po_paths():
    paths = [LOCALE_DIR / code / "LC_MESSAGES" / "django.po" for code in WORDING_LANGUAGES]
    return [path for path in paths if path.exists()]


def _catalogue(entries):
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in entries
    }


def _plural_forms(po):
    """How many plural forms the language has, from the catalogue's Plural-Forms header."""
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def problems():
    """Describe each untranslated, fuzzy or uncompiled entry; empty when all is well."""
    found = []
    for po_path in po_paths() + wording_po_paths():
        if not po_path.exists():
            found.append(f"{po_path}: missing")
            continue
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries():
            found.append(f"{po_path}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            found.append(f"{po_path}: fuzzy: {entry.msgid!r}")
        forms = _plural_forms(po)
        for entry in po.translated_entries():
            if entry.msgid_plural and len(entry.msgstr_plural) != forms:
                found.append(
                    f"{po_path}: {len(entry.msgstr_plural)} plural forms, not {forms}: "
                    f"{entry.msgid!r}"
                )
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            found.append(f"{mo_path}: missing, run make messages")
            continue
        expected = _catalogue(e for e in po.translated_entries() if not e.obsolete)
        compiled = _catalogue(e for e in polib.mofile(str(mo_path)) if e.msgid)
        if expected != compiled:
            found.append(f"{mo_path}: out of date with its .po, run make messages")
    return found


def compile_all():
    for po_path in po_paths() + wording_po_paths():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def main(argv):
    if "--compile" in argv:
        compile_all()
        return 0
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} translation problem(s).", file=sys.stderr)
        return 1
    print(f"Translations complete: {', '.join(LANGUAGES)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
