"""Dates read the same way to everyone: the month in words, in each language's own order."""

import datetime

import pytest
from django.utils import formats, translation

from dialogues.forms.checklists import ChecklistItemAddForm

DAY = datetime.date(2026, 12, 3)
MOMENT = datetime.datetime(2026, 12, 3, 9, 30)

EXPECTED = {
    # language: (DATE_FORMAT, SHORT_DATE_FORMAT)
    "en": ("3 December 2026", "3 Dec 2026"),
    "fr": ("3 décembre 2026", "3 déc. 2026"),
    "es": ("3 de diciembre de 2026", "3 dic. 2026"),
    "ar": ("3 ديسمبر، 2026", "3 ديسمبر 2026"),
}


@pytest.mark.parametrize("language", EXPECTED)
def test_dates_name_the_month(language):
    with translation.override(language):
        assert formats.date_format(DAY, "DATE_FORMAT") == EXPECTED[language][0]
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == EXPECTED[language][1]
        both = formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT")
        assert both.startswith(EXPECTED[language][1]) and "9:30" in both
        assert "/" not in both


@pytest.mark.django_db
@pytest.mark.parametrize("language", EXPECTED)
def test_date_fields_keep_iso_dates(language):
    with translation.override(language):
        form = ChecklistItemAddForm(initial={"due_date": DAY})
        assert 'value="2026-12-03"' in str(form["due_date"])
        bound = ChecklistItemAddForm(
            {"stage": "ready", "title": "Book the hall", "due_date": "2026-12-03"}
        )
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["due_date"] == DAY
