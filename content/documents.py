"""The toolkit's templates: the blank version of each document a dialogue's workspace fills
in, for every reader, in every language, without an account."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language_info
from django.views.decorators.http import require_safe

from dialogues import documents

from .views import PUBLIC_MAX_AGE, toolkit_page


@toolkit_page
def template_list(request):
    languages = [
        {"code": code, "name": get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    ]
    return render(
        request,
        "content/template_list.html",
        {"kinds": list(documents.KINDS.values()), "languages": languages},
    )


@require_safe
def template_download(request, kind, language):
    """The blank document: the same generator as in a workspace, with no dialogue."""
    if kind not in documents.KINDS or language not in documents.LANGUAGE_CODES:
        raise Http404
    response = HttpResponse(
        documents.build(kind, language=language), content_type=documents.DOCX_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        True, documents.filename(kind, language=language)
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
