"""Documents that fill themselves: editable Word files written from a dialogue's data in any
of the site's languages, or blank for readers without a workspace.

``build`` writes one document; ``invitation_files`` one letter per stakeholder, each in the
stakeholder's own language when the register records one.
"""

import dataclasses
import io
import zipfile

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import builders
from .writer import Writer

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_TYPE = "application/zip"


@dataclasses.dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    description: str
    build: object
    # What the document is written from besides the dialogue: "meeting", "stakeholders".
    needs: tuple = ()


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "terms-of-reference",
            _("Terms of reference of the dialogue"),
            _("The challenge, goals, scope, timeframe, who takes part and the principles."),
            builders.terms_of_reference,
        ),
        Kind(
            "steering-group",
            _("Terms of reference of the steering group"),
            _("Purpose, members, responsibilities and how the group works."),
            builders.steering_group,
        ),
        Kind(
            "invitation",
            _("Invitation letter"),
            _("One letter per stakeholder, with the meeting's date, place and agenda."),
            builders.invitation,
            needs=("meeting", "stakeholders"),
        ),
        Kind(
            "consent-form",
            _("Consent and photo form"),
            _("What is kept about a participant, and their consent to contact and photos."),
            builders.consent_form,
        ),
        Kind(
            "minutes",
            pgettext_lazy("document", "Meeting minutes"),
            _("A meeting's agenda, attendance, notes, decisions and commitments."),
            builders.minutes,
            needs=("meeting",),
        ),
        Kind(
            "facilitator-brief",
            _("Facilitator brief"),
            _("The challenge, who takes part, the balance of sectors and the next meeting."),
            builders.facilitator_brief,
        ),
    )
}

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


@dataclasses.dataclass(frozen=True)
class Source:
    """What a document is written from. No dialogue: the blank version."""

    dialogue: object = None
    stakeholders: tuple = ()
    stakeholder: object = None
    meeting: object = None
    include_contacts: bool = False


def build(kind, *, language, source=Source()):
    """The .docx file (bytes) of document ``kind`` written in ``language``."""
    with translation.override(language):
        writer = Writer(rtl=translation.get_language_bidi())
        KINDS[kind].build(writer, source)
        return writer.save()


def filename(kind, *, language, source=Source()):
    with translation.override(language):
        parts = [str(KINDS[kind].title)]
        if source.dialogue is not None:
            parts.append(source.dialogue.title)
        if source.stakeholder is not None:
            parts.append(source.stakeholder.name)
        name = slugify(" ".join(parts), allow_unicode=True) or kind
    return f"{name}.{language}.docx"


def stakeholder_language(stakeholder, default):
    """The stakeholder's preferred language when the register records one, else the language
    the member chose for the letters."""
    preferred = stakeholder.preferred_language
    return preferred if preferred in LANGUAGE_CODES else default


def invitation_files(*, language, source, stakeholders):
    """(filename, bytes) of one invitation letter per stakeholder."""
    files = []
    for stakeholder in stakeholders:
        letter = dataclasses.replace(source, stakeholder=stakeholder)
        own = stakeholder_language(stakeholder, language)
        files.append(
            (
                filename("invitation", language=own, source=letter),
                build("invitation", language=own, source=letter),
            )
        )
    return files


def zip_files(files):
    """The files in one .zip archive (bytes); names kept unique."""
    buffer = io.BytesIO()
    seen = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(files, start=1):
            if name in seen:
                name = f"{index}-{name}"
            seen.add(name)
            archive.writestr(name, content)
    return buffer.getvalue()
