"""Portal URLs, one block per audience. Event pages live under /e/<slug>/<role>/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from frontend.auth import ThrottledLoginView
from frontend.views import (
    availability,
    buyer,
    common,
    exhibitor,
    exports,
    live,
    meeting_actions,
    organiser,
    organiser_rules,
    organiser_schedule,
)
from frontend.views import notifications as notification_views

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
    path("e/<slug:slug>/buyer/exhibitors/<int:pk>/", buyer.buyer_exhibitor, name="buyer-exhibitor"),
    path("e/<slug:slug>/buyer/exhibitors/<int:pk>/request/", buyer.buyer_request_create, name="buyer-request-create"),
    path("e/<slug:slug>/buyer/requests/", buyer.buyer_requests, name="buyer-requests"),
    path("e/<slug:slug>/buyer/requests/<int:pk>/cancel/", buyer.buyer_request_cancel, name="buyer-request-cancel"),
    path("e/<slug:slug>/buyer/requests/<int:pk>/answer/", buyer.buyer_request_answer, name="buyer-request-answer"),
    path("e/<slug:slug>/buyer/agenda/", buyer.buyer_agenda, name="buyer-agenda"),
    path("e/<slug:slug>/buyer/agenda/fragment/", buyer.buyer_agenda_fragment, name="buyer-agenda-fragment"),
    path("e/<slug:slug>/buyer/profile/", buyer.buyer_profile, name="buyer-profile"),
    # --- availability (buyers and exhibitors) ---
    path("e/<slug:slug>/buyer/availability/", availability.buyer_availability, name="buyer-availability"),
    path("e/<slug:slug>/buyer/availability/days/", availability.buyer_days, name="buyer-days"),
    path(
        "e/<slug:slug>/buyer/availability/<int:slot_pk>/",
        availability.buyer_availability_toggle,
        name="buyer-availability-toggle",
    ),
    path("e/<slug:slug>/exhibitor/availability/", availability.exhibitor_availability, name="exhibitor-availability"),
    path(
        "e/<slug:slug>/exhibitor/availability/<int:slot_pk>/",
        availability.exhibitor_availability_toggle,
        name="exhibitor-availability-toggle",
    ),
    # --- exhibitor ---
    path("e/<slug:slug>/exhibitor/", exhibitor.exhibitor_home, name="exhibitor-home"),
    path("e/<slug:slug>/exhibitor/agenda/", exhibitor.exhibitor_agenda_fragment, name="exhibitor-agenda-fragment"),
    path("e/<slug:slug>/exhibitor/pending/", exhibitor.exhibitor_pending_fragment, name="exhibitor-pending-fragment"),
    path(
        "e/<slug:slug>/exhibitor/requests/<int:pk>/answer/",
        exhibitor.exhibitor_request_answer,
        name="exhibitor-request-answer",
    ),
    path("e/<slug:slug>/exhibitor/proposed/", exhibitor.exhibitor_proposed, name="exhibitor-proposed"),
    path("e/<slug:slug>/exhibitor/meetings/", exhibitor.exhibitor_agenda, name="exhibitor-agenda"),
    path(
        "e/<slug:slug>/exhibitor/meetings/<int:pk>/member/",
        exhibitor.exhibitor_meeting_member,
        name="exhibitor-meeting-member",
    ),
    path("e/<slug:slug>/exhibitor/buyers/", exhibitor.exhibitor_buyers, name="exhibitor-buyers"),
    path("e/<slug:slug>/exhibitor/buyers/<int:buyer_pk>/invite/", exhibitor.exhibitor_invite, name="exhibitor-invite"),
    path("e/<slug:slug>/exhibitor/team/", exhibitor.exhibitor_team, name="exhibitor-team"),
    # --- meeting actions (buyer and exhibitor) ---
    path("e/<slug:slug>/meetings/<int:pk>/<slug:action>/", meeting_actions.meeting_action, name="meeting-action"),
    # --- organiser ---
    path("e/<slug:slug>/organiser/", organiser.organiser_home, name="organiser-home"),
    path("e/<slug:slug>/organiser/stats/", organiser.organiser_stats_fragment, name="organiser-stats-fragment"),
    path("e/<slug:slug>/organiser/meetings.csv", organiser.meetings_csv, name="meetings-csv"),
    path("e/<slug:slug>/organiser/import/", organiser.organiser_import, name="organiser-import"),
    path(
        "e/<slug:slug>/organiser/participants/<str:kind>/",
        organiser.organiser_participants,
        name="organiser-participants",
    ),
    path(
        "e/<slug:slug>/organiser/agendas/<str:kind>/print/",
        organiser.organiser_agendas_print,
        name="organiser-agendas-print",
    ),
    path("e/<slug:slug>/organiser/rules/", organiser_rules.organiser_rules, name="organiser-rules"),
    path(
        "e/<slug:slug>/organiser/rules/preview/",
        organiser_rules.organiser_rules_preview,
        name="organiser-rules-preview",
    ),
    path(
        "e/<slug:slug>/organiser/rules/<int:version>/publish/",
        organiser_rules.organiser_rules_publish,
        name="organiser-rules-publish",
    ),
    path("e/<slug:slug>/organiser/scheduler/", organiser_schedule.organiser_scheduler, name="organiser-scheduler"),
    path(
        "e/<slug:slug>/organiser/scheduler/runs/<int:pk>/",
        organiser_schedule.organiser_run_fragment,
        name="organiser-run-fragment",
    ),
    path(
        "e/<slug:slug>/organiser/scheduler/runs/<int:pk>/cancel/",
        organiser_schedule.organiser_run_cancel,
        name="organiser-run-cancel",
    ),
    path("e/<slug:slug>/organiser/grid/", organiser_schedule.organiser_grid, name="organiser-grid"),
    path("e/<slug:slug>/organiser/publish/", organiser_schedule.organiser_publish, name="organiser-publish"),
    # --- notifications ---
    path("notifications/preferences/", notification_views.notification_preferences, name="notification-preferences"),
    path("e/<slug:slug>/notifications/", notification_views.notifications_page, name="notifications"),
    path(
        "e/<slug:slug>/notifications/list/",
        notification_views.notifications_list_fragment,
        name="notifications-list-fragment",
    ),
    path(
        "e/<slug:slug>/notifications/bell/", notification_views.notifications_bell_fragment, name="notifications-bell"
    ),
    path("e/<slug:slug>/notifications/read/", notification_views.notifications_read_all, name="notifications-read-all"),
    path("e/<slug:slug>/notifications/<int:pk>/", notification_views.notification_open, name="notification-open"),
    path("e/<slug:slug>/notifications/<int:pk>/read/", notification_views.notification_read, name="notification-read"),
    path(
        "e/<slug:slug>/organiser/notifications/",
        notification_views.organiser_notifications,
        name="organiser-notifications",
    ),
    path(
        "e/<slug:slug>/organiser/deliveries/<int:pk>/retry/",
        notification_views.organiser_delivery_retry,
        name="organiser-delivery-retry",
    ),
]
