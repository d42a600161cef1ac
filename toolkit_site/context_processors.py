"""Template context shared by every page."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request):
    """The language switcher: each language with the current page's address in it."""
    path = request.get_full_path() if request is not None else "/"
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "bidi": info["bidi"],
            }
        )
    return {"site_languages": languages}
