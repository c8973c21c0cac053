"""Root URLs: the public shell, each domain app under its own prefix, the API, admin and health."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from auyl.web.views import health

# Django tries these in order and every miss costs: the busiest first (health checks, the API ballots go through),
# the prefix-less public pages last (they match no other prefix).
urlpatterns = [
    path("health/", health, name="health"),
    path("api/v1/", include("auyl.api.urls")),
    path("account/", include("auyl.people.urls")),
    path("budget/", include("auyl.budget.urls")),
    path("contests/", include("auyl.contests.urls")),
    path("assemblies/", include("auyl.assemblies.urls")),
    path("initiatives/", include("auyl.initiatives.urls")),
    path("appeals/", include("auyl.appeals.urls")),
    path("registries/", include("auyl.registries.urls")),
    path("workplace/", include("auyl.workplace.urls")),
    path("insight/", include("auyl.insight.urls")),
    path("oversight/", include("auyl.oversight.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("auyl.web.urls")),
]
if settings.DEBUG or not settings.PRODUCTION:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
