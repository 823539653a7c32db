"""Admin for slots, locations, availability, requests and meetings (scoped to the organiser's events)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from matchmaking.admin import EventScopedAdmin
from meetings.models import (
    Announcement,
    AvailabilityBlock,
    ChangeLog,
    Delivery,
    Location,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Notification,
    ScheduleRun,
    Slot,
)


class ReadOnlyAdmin(EventScopedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    """Slots are generated from day plans (Event → action "Regenerate slots"); they are not edited by hand."""

    list_display = ["__str__", "event", "day", "index", "session", "starts_at", "ends_at"]
    list_filter = ["event", "day", "session"]
    list_select_related = ["event", "day"]
    search_fields = ["event__name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Location)
class LocationAdmin(EventScopedAdmin):
    list_display = ["name", "event", "kind", "exhibitor", "number", "seats", "is_active"]
    list_filter = ["event", "kind", "is_active"]
    search_fields = ["name", "exhibitor__company"]
    autocomplete_fields = ["exhibitor"]
    list_select_related = ["event", "exhibitor"]


@admin.register(AvailabilityBlock)
class AvailabilityBlockAdmin(EventScopedAdmin):
    event_path = "slot__event"
    list_display = ["slot", "buyer", "exhibitor", "note"]
    list_filter = ["slot__event", "slot__day"]
    search_fields = ["buyer__company", "exhibitor__company", "note"]
    autocomplete_fields = ["buyer", "exhibitor"]
    raw_id_fields = ["slot"]
    list_select_related = ["slot__event", "buyer", "exhibitor"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["slot", "location", "exhibitor_member", "status", "locked", "version"]
    readonly_fields = ["version"]
    raw_id_fields = ["slot", "location", "exhibitor_member"]
    can_delete = False


@admin.register(MeetingRequest)
class MeetingRequestAdmin(EventScopedAdmin):
    list_display = ["buyer", "exhibitor", "direction", "priority", "status", "created_at", "expires_at"]
    list_filter = ["event", "status", "direction", "priority"]
    search_fields = ["buyer__company", "exhibitor__company", "message"]
    autocomplete_fields = ["buyer", "exhibitor"]
    raw_id_fields = ["sent_by", "responded_by"]
    date_hierarchy = "created_at"
    list_select_related = ["buyer", "exhibitor"]
    inlines = [MeetingInline]


class FeedbackInline(admin.TabularInline):
    """Private ratings and notes after the meeting: organisers read them here; participants never see the
    other side's."""

    model = MeetingFeedback
    extra = 0
    can_delete = False
    fields = ["side", "rating", "note", "by_user", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(EventScopedAdmin):
    list_display = ["buyer", "exhibitor", "slot", "location", "exhibitor_member", "status", "locked", "version"]
    list_filter = ["event", "status", "locked", "slot__day"]
    search_fields = ["buyer__company", "exhibitor__company"]
    raw_id_fields = ["request", "slot", "location", "exhibitor_member"]
    autocomplete_fields = ["buyer", "exhibitor"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_select_related = ["buyer", "exhibitor", "slot__event", "location", "exhibitor_member__user"]
    inlines = [FeedbackInline]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin):
    """Runs are started from the organiser's scheduler page or `manage.py run_scheduler`."""

    list_display = ["pk", "event", "status", "progress", "stage", "created_by", "created_at", "finished_at"]
    list_filter = ["event", "status"]


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    """The audit trail: who changed what, when."""

    list_display = ["pk", "created_at", "event", "action", "actor", "buyer", "exhibitor", "object_type", "object_id"]
    list_filter = ["event", "action"]
    search_fields = ["buyer__company", "exhibitor__company", "actor__email"]
    list_select_related = ["event", "actor", "buyer", "exhibitor"]
    date_hierarchy = "created_at"


# --- Notifications: read-only records (written by the task worker; announcements come from the organiser page) ---


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "event", "user", "kind", "title", "read_at"]
    list_filter = ["event", "kind"]
    search_fields = ["user__email", "title"]
    list_select_related = ["event", "user"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """E-mails: pending, sent, retrying or failed (with the last error); organisers resend from their page."""

    list_display = ["pk", "created_at", "event", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["event", "status"]
    search_fields = ["to", "last_error"]
    list_select_related = ["event"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "event", "audience", "subject", "recipients", "created_by"]
    list_filter = ["event", "audience"]
    list_select_related = ["event", "created_by"]
