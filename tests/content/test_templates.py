"""The toolkit's templates: every reader, with or without an account, downloads the blank
version of each workspace document in each language."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from docx.oxml.ns import qn

from dialogues.documents import KINDS
from dialogues.documents.writer import BLANK, all_paragraphs
from tests.dialogues import factories

LANGUAGES = ("en", "fr", "es", "ar")
# The first line of each blank document.
HEADINGS = {
    "terms-of-reference": "Terms of reference of the dialogue",
    "steering-group": "Terms of reference of the steering group",
    "invitation": "From",
    "consent-form": "Consent and photo form",
    "minutes": "Minutes of the meeting",
    "facilitator-brief": "Facilitator brief",
}
TITLES = {
    "en": "Terms of reference of the dialogue",
    "fr": "Termes de référence du dialogue",
    "es": "Términos de referencia del diálogo",
    "ar": "الإطار المرجعي للحوار",
}


def url(name, page_language="en", **kwargs):
    with translation.override(page_language):
        return reverse(f"content:{name}", kwargs=kwargs or None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_page_offers_each_document_in_each_language(client, db, language):
    response = client.get(url("template-list", language))
    assert response.status_code == 200
    page = response.content.decode()
    assert TITLES[language] in page
    for kind in KINDS:
        for document_language in LANGUAGES:
            assert url("template-download", language, kind=kind, language=document_language) in page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_blank_documents_open_with_lines_to_fill_in(client, db, kind, language):
    response = client.get(url("template-download", kind=kind, language=language))
    assert response.status_code == 200
    assert f".{language}.docx" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = list(all_paragraphs(document))
    text = "\n".join(p.text for p in paragraphs)
    assert BLANK in text
    # Written in the document's language: its title comes from the catalogue.
    with translation.override(language):
        assert document.paragraphs[0].text.startswith(translation.gettext(HEADINGS[kind]))
    bidi = [p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs]
    assert all(bidi) if language == "ar" else not any(bidi)


def test_blank_documents_hold_no_dialogue(client, db):
    stakeholder = factories.StakeholderFactory(name="Ministry of Fisheries")
    factories.MeetingFactory(dialogue=stakeholder.dialogue, title="First round table")
    for kind in KINDS:
        content = client.get(url("template-download", kind=kind, language="en")).content
        text = "\n".join(p.text for p in all_paragraphs(docx.Document(io.BytesIO(content))))
        for private in (stakeholder.dialogue.title, stakeholder.name, "First round table"):
            assert private not in text


@pytest.mark.parametrize("path", ["payslip.en.docx", "minutes.de.docx"])
def test_unknown_template_is_not_found(client, db, path):
    kind, language, _suffix = path.split(".")
    assert client.get(url("template-download", kind=kind, language=language)).status_code == 404
