"""Every page lives under a language prefix: /en/, /fr/, /es/, /ar/.

The service worker alone sits at the root, so that its scope covers every language.
"""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from content import offline

admin.site.site_header = "Dialogue Toolkit"
admin.site.site_title = "Dialogue Toolkit"
# The admin signs in through the site's own sign-in, which limits failed attempts and asks for
# the second factor: its password form would skip both.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("sw.js", offline.service_worker, name="service-worker"),
]
urlpatterns += i18n_patterns(
    path("", include("content.urls")),
    # Pages under accounts/ and dialogues/ are never cached (toolkit_site.middleware).
    path("accounts/", include("allauth.urls")),
    path("dialogues/", include("dialogues.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
