from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import notifications, views

app_name = "api"

events = SimpleRouter()
events.register("events", views.EventViewSet, basename="event")

scoped = SimpleRouter()
scoped.register("exhibitors", views.ExhibitorViewSet, basename="exhibitor")
scoped.register("buyers", views.BuyerViewSet, basename="buyer")
scoped.register("recommendations", views.RecommendationViewSet, basename="recommendation")
scoped.register("requests", views.MeetingRequestViewSet, basename="request")
scoped.register("meetings", views.MeetingViewSet, basename="meeting")
scoped.register("slots", views.SlotViewSet, basename="slot")
scoped.register("locations", views.LocationViewSet, basename="location")
scoped.register("rules", views.RuleSetViewSet, basename="rules")
scoped.register("schedule-runs", views.ScheduleRunViewSet, basename="schedule-run")

v1 = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/notifications/", notifications.NotificationPreferencesView.as_view(), name="notification-prefs"),
    path("taxonomy/", views.TaxonomyView.as_view(), name="taxonomy"),
    path("", include(events.urls)),
    path("events/<slug:event>/profile/", views.MyProfileView.as_view(), name="my-profile"),
    path("events/<slug:event>/availability/", views.AvailabilityView.as_view(), name="availability"),
    path("events/<slug:event>/statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("events/<slug:event>/agenda.ics", views.AgendaIcsView.as_view(), name="agenda-ics"),
    path("events/<slug:event>/meetings.csv", views.MeetingsCsvView.as_view(), name="meetings-csv"),
    path("events/<slug:event>/notifications/", notifications.NotificationListView.as_view(), name="notifications"),
    path("events/<slug:event>/", include(scoped.urls)),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (no inline script under the content security policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
]
