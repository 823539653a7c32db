from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import views
from frontend.auth import ThrottledLoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("e/<slug:slug>/buyer/", views.buyer_home, name="buyer-home"),
    path("e/<slug:slug>/exhibitor/", views.exhibitor_home, name="exhibitor-home"),
    path("e/<slug:slug>/organiser/", views.organiser_home, name="organiser-home"),
    path("e/<slug:slug>/agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("e/<slug:slug>/agenda/print/", views.agenda_print, name="agenda-print"),
    path("e/<slug:slug>/organiser/meetings.csv", views.meetings_csv, name="meetings-csv"),
    path("e/<slug:slug>/organiser/import/", views.organiser_import, name="organiser-import"),
    path("e/<slug:slug>/changes/", views.live_changes, name="live-changes"),
    path("e/<slug:slug>/buyer/agenda/", views.buyer_agenda_fragment, name="buyer-agenda-fragment"),
    path("e/<slug:slug>/exhibitor/agenda/", views.exhibitor_agenda_fragment, name="exhibitor-agenda-fragment"),
    path("e/<slug:slug>/exhibitor/pending/", views.exhibitor_pending_fragment, name="exhibitor-pending-fragment"),
    path(
        "e/<slug:slug>/exhibitor/requests/<int:pk>/answer/",
        views.exhibitor_request_answer,
        name="exhibitor-request-answer",
    ),
    path("e/<slug:slug>/organiser/stats/", views.organiser_stats_fragment, name="organiser-stats-fragment"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
