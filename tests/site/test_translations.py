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
