"""Template context shared by every page."""

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language_info


def _resolved(request):
    """The URL pattern this request matched, or None (an unknown or hostile path)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _page_in(match, code, query):
    """The same page in another language, rebuilt from its URL name: never the raw request
    path, which can name another site (`//evil.example/en/`). Otherwise the language's home."""
    with translation.override(code):
        if match is not None and match.url_name:
            try:
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
            else:
                return f"{url}?{query}" if query else url
        return reverse("content:home")


def site(request):
    """The language switcher: each language with the current page's address in it."""
    match = _resolved(request) if request is not None else None
    query = request.GET.urlencode() if match is not None else ""
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": _page_in(match, code, query),
                "bidi": info["bidi"],
            }
        )
    return {"site_languages": languages}
