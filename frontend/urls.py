"""Portal URLs, one block per audience. Event pages live under /e/<slug>/<role>/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from frontend.auth import ThrottledLoginView
from frontend.views import buyer, common, exhibitor, exports, live, organiser

urlpatterns = [
    path("", common.home, name="home"),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # --- live updates and exports (every participant) ---
    path("e/<slug:slug>/changes/", live.live_changes, name="live-changes"),
    path("e/<slug:slug>/agenda.ics", exports.agenda_ics, name="agenda-ics"),
    path("e/<slug:slug>/agenda/print/", exports.agenda_print, name="agenda-print"),
    path("calendar/<str:token>.ics", exports.calendar_feed, name="calendar-feed"),
    # --- buyer ---
    path("e/<slug:slug>/buyer/", buyer.buyer_home, name="buyer-home"),
    path("e/<slug:slug>/buyer/agenda/", buyer.buyer_agenda_fragment, name="buyer-agenda-fragment"),
    # --- exhibitor ---
    path("e/<slug:slug>/exhibitor/", exhibitor.exhibitor_home, name="exhibitor-home"),
    path("e/<slug:slug>/exhibitor/agenda/", exhibitor.exhibitor_agenda_fragment, name="exhibitor-agenda-fragment"),
    path("e/<slug:slug>/exhibitor/pending/", exhibitor.exhibitor_pending_fragment, name="exhibitor-pending-fragment"),
    path(
        "e/<slug:slug>/exhibitor/requests/<int:pk>/answer/",
        exhibitor.exhibitor_request_answer,
        name="exhibitor-request-answer",
    ),
    # --- organiser ---
    path("e/<slug:slug>/organiser/", organiser.organiser_home, name="organiser-home"),
    path("e/<slug:slug>/organiser/stats/", organiser.organiser_stats_fragment, name="organiser-stats-fragment"),
    path("e/<slug:slug>/organiser/meetings.csv", organiser.meetings_csv, name="meetings-csv"),
    path("e/<slug:slug>/organiser/import/", organiser.organiser_import, name="organiser-import"),
]
