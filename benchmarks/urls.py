"""The site's URLs and one more: the ceiling, a minimal Django view on the same stack."""

from django.http import HttpResponse
from django.urls import path

from toolkit_site.urls import urlpatterns as site_urlpatterns


def ceiling(request):
    """No database, no template: what a request costs through the middleware alone."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling, name="bench-ceiling"), *site_urlpatterns]
