from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from expomatch import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("frontend.urls")),
    prefix_default_language=False,
)

admin.site.site_header = "expomatch administration"
admin.site.site_title = "expomatch"
admin.site.index_title = "Events, participants and meetings"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
