from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from expomatch import health, metrics
from frontend.views.common import set_language

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    # No language prefix in URLs: the language comes from the person's choice on this device (cookie), else their
    # account, else the browser (frontend/middleware.py), so every link — e-mails, redirects — keeps it.
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("", include("frontend.urls")),
]

admin.site.site_header = "expomatch administration"
admin.site.site_title = "expomatch"
admin.site.index_title = "Events, participants and meetings"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
