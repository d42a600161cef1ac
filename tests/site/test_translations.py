import shutil

import pytest
from django.core.management import call_command

from toolkit_site import translations


def test_every_interface_string_is_translated_and_compiled():
    assert translations.problems() == []


def test_check_reports_an_untranslated_entry(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    for code in translations.LANGUAGES:
        (locale / code / "LC_MESSAGES").mkdir(parents=True)
        (locale / code / "LC_MESSAGES" / "django.po").write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "Toolkit"\nmsgstr ""\n',
            encoding="utf-8",
        )
    monkeypatch.setattr(translations, "LOCALE_DIR", locale)
    translations.compile_all()
    found = translations.problems()
    assert any("untranslated: 'Toolkit'" in line for line in found)


def test_check_reports_plural_forms_the_language_does_not_have(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"'
        "\n\n"
    )
    two = (
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
        'msgstr[0] "%(n)s día"\nmsgstr[1] "%(n)s días"\n'
    )
    for code in translations.LANGUAGES:
        (locale / code / "LC_MESSAGES").mkdir(parents=True)
        extra = 'msgstr[2] "%(n)s días"\n' if code != "es" else ""
        (locale / code / "LC_MESSAGES" / "django.po").write_text(
            header + two + extra, encoding="utf-8"
        )
    monkeypatch.setattr(translations, "LOCALE_DIR", locale)
    translations.compile_all()
    found = translations.problems()
    assert [line for line in found if "plural forms" in line] == [
        f"{locale}/es/LC_MESSAGES/django.po: 2 plural forms, not 3: '%(n)s day'"
    ]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (apt install gettext)")
def test_every_string_in_the_code_is_in_the_catalogues(tmp_path, settings, monkeypatch):
    """makemessages over a copy of the catalogues finds nothing new to translate: a string
    added to the code or a template without its translations fails here, not in front of a
    reader. The sources are copied into a scratch directory, so neither the real catalogues
    nor the source tree are touched: makemessages writes a work file next to each template it
    reads, and another process hashing the sources for its release (`toolkit_site/release.py`)
    would see it."""
    root = translations.LOCALE_DIR.parent
    for name in ("content", "dialogues", "templates", "toolkit_site"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(translations.LOCALE_DIR, tmp_path / "locale")
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=list(translations.LANGUAGES),
        no_obsolete=True,
        verbosity=0,
    )
    monkeypatch.setattr(translations, "LOCALE_DIR", tmp_path / "locale")
    assert [line for line in translations.problems() if ".mo:" not in line] == []
