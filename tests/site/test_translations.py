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
