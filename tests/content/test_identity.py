"""The sentence that says whose toolkit this is, in each language."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

EXPECTED = {
    "en": "especially small organisations working at local level",
    "fr": "en particulier aux petites organisations qui travaillent au niveau local",
    "es": "en especial para las organizaciones pequeñas que trabajan a nivel local",
    "ar": "ولا سيما المنظمات الصغيرة العاملة على المستوى المحلي",
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_identity_names_civicus_and_the_readers_in_each_language(language):
    with translation.override(language):
        html = render_to_string("content/includes/identity.html")
    assert "CIVICUS" in html
    assert "Towards New Social Contracts" in html
    assert EXPECTED[language] in html
