"""Addresses built once per page give exactly what reverse() gives, in every language."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from dialogues.links import reverse_ids, url_for_each


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_same_address_as_reverse_in_every_language(language):
    with translation.override(language):
        for dialogue_pk, pk in ((1, 2), (31, 7), (2147483, 99999999)):
            expected = reverse(
                "dialogues:stakeholder-detail", kwargs={"dialogue_pk": dialogue_pk, "pk": pk}
            )
            assert reverse_ids("dialogues:stakeholder-detail", dialogue_pk, pk) == expected
            assert url_for_each("dialogues:stakeholder-detail", dialogue_pk)(pk) == expected
        assert reverse_ids("dialogues:dialogue-detail", 12) == reverse(
            "dialogues:dialogue-detail", args=[12]
        )
        assert f"/{language}/" in reverse_ids("dialogues:dialogue-detail", 12)


def test_a_site_under_a_path_prefix_gets_its_prefix():
    try:
        set_script_prefix("/toolkit-site/")
        with translation.override("fr"):
            url = reverse_ids("dialogues:meeting-detail", 3, 4)
            assert url == reverse("dialogues:meeting-detail", args=[3, 4])
            assert url.startswith("/toolkit-site/fr/")
    finally:
        set_script_prefix("/")
