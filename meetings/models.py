"""Slots, locations, availability, meeting requests and meetings.

Double booking is impossible at the database level: conditional unique constraints over the *active* meetings
(ACTIVE_MEETING_STATUSES) forbid a buyer, an exhibitor's seat, a team member or a location appearing twice in
one slot. The services check first to give a clear message; the constraints make a race lose with
IntegrityError instead of writing a double booking.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matchmaking.models import Buyer, Event, EventDay, Exhibitor, TeamMember
from meetings.enums import (
    ACTIVE_MEETING_STATUSES,
    OPEN_REQUEST_STATUSES,
    ChangeAction,
    LocationKind,
    MeetingStatus,
    RequestDirection,
    RequestPriority,
    RequestStatus,
    ScheduleRunStatus,
    Session,
)
from meetings.notifications.enums import Audience, DeliveryStatus, NotificationKind

ACTIVE_MEETING = Q(status__in=[s.value for s in ACTIVE_MEETING_STATUSES])
OPEN_REQUEST = Q(status__in=[s.value for s in OPEN_REQUEST_STATUSES])

# Participants check in to a meeting from 30 minutes before its slot until an hour after it ends.
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)
CHECK_IN_CLOSES_AFTER = timedelta(hours=1)


class Slot(models.Model):
    """A meeting slot, generated from the event's day plans by `meetings.services.slots_generate`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField(_("number within the day"))
    session = models.PositiveSmallIntegerField(_("session"), choices=Session.choices, default=Session.MORNING)
    starts_at = models.DateTimeField(_("starts (UTC)"))
    ends_at = models.DateTimeField(_("ends (UTC)"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="slot_unique_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ordered"),
        ]

    def __str__(self) -> str:
        local = self.starts_at.astimezone(self.event.tz) if self.event_id else self.starts_at
        return f"{local:%a %d %b %H:%M}"

    def check_in_open(self, now: datetime) -> bool:
        """Whether a participant may check in to a meeting in this slot at `now`."""
        return self.starts_at - CHECK_IN_OPENS_BEFORE <= now <= self.ends_at + CHECK_IN_CLOSES_AFTER


class Location(models.Model):
    """A place where one meeting happens at a time: a seat at a booth or a numbered lounge table.

    `seats` is how many people fit around it. Each location holds at most one active meeting per slot
    (constraint `meeting_unique_location_slot`).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="locations")
    kind = models.CharField(_("kind"), max_length=20, choices=LocationKind.choices)
    exhibitor = models.ForeignKey(
        Exhibitor,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="seats",
        help_text=_("The exhibitor whose booth this seat is at (booth seats only)."),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=80)
    seats = models.PositiveSmallIntegerField(_("people it seats"), default=4, validators=[MinValueValidator(2)])
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["event", "kind", "exhibitor", "number"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=LocationKind.BOOTH_SEAT, exhibitor__isnull=False)
                    | Q(kind=LocationKind.LOUNGE_TABLE, exhibitor__isnull=True)
                ),
                name="location_booth_seat_has_exhibitor",
            ),
            models.UniqueConstraint(
                fields=["event", "number"],
                condition=Q(kind=LocationKind.LOUNGE_TABLE),
                name="location_unique_table",
            ),
            models.UniqueConstraint(
                fields=["exhibitor", "number"],
                condition=Q(kind=LocationKind.BOOTH_SEAT),
                name="location_unique_seat",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AvailabilityBlock(models.Model):
    """A slot a buyer or an exhibitor has blocked for other commitments."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="blocks")
    buyer = models.ForeignKey(Buyer, null=True, blank=True, on_delete=models.CASCADE, related_name="blocks")
    exhibitor = models.ForeignKey(Exhibitor, null=True, blank=True, on_delete=models.CASCADE, related_name="blocks")
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(buyer__isnull=False, exhibitor__isnull=True) | Q(buyer__isnull=True, exhibitor__isnull=False)
                ),
                name="block_one_party",
            ),
            models.UniqueConstraint(
                fields=["buyer", "slot"], condition=Q(buyer__isnull=False), name="block_unique_buyer"
            ),
            models.UniqueConstraint(
                fields=["exhibitor", "slot"],
                condition=Q(exhibitor__isnull=False),
                name="block_unique_exhibitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer or self.exhibitor} blocked {self.slot}"


class MeetingRequest(models.Model):
    """A buyer's request to meet an exhibitor, or an exhibitor's invitation to a buyer."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="meeting_requests")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="meeting_requests")
    direction = models.CharField(
        _("direction"),
        max_length=24,
        choices=RequestDirection.choices,
        default=RequestDirection.BUYER_TO_EXHIBITOR,
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=RequestPriority.choices, default=RequestPriority.NORMAL
    )
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["event", "status"]), models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "exhibitor"], condition=OPEN_REQUEST, name="request_unique_open"),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} → {self.exhibitor} ({self.get_status_display()})"


class Meeting(models.Model):
    """An accepted request placed in a slot. Buyer, exhibitor and event are copied from the request so that
    the database itself can forbid double booking."""

    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="meetings")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="meetings")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="meetings")
    # Null only for a cancelled meeting whose slot was removed from the programme (check below).
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    exhibitor_seat = models.PositiveSmallIntegerField(
        _("parallel track at the exhibitor"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1..the exhibitor's parallel meetings; two active meetings never share one in a slot."),
    )
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.RESTRICT, related_name="meetings")
    exhibitor_member = models.ForeignKey(
        TeamMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        help_text=_("The exhibitor's team member who takes this meeting."),
    )
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED)
    locked = models.BooleanField(_("locked"), default=False, help_text=_("Scheduler runs never move a locked meeting."))
    buyer_confirmed_at = models.DateTimeField(_("buyer accepted the slot"), null=True, blank=True)
    exhibitor_confirmed_at = models.DateTimeField(_("exhibitor accepted the slot"), null=True, blank=True)
    buyer_checked_in_at = models.DateTimeField(_("buyer checked in"), null=True, blank=True)
    exhibitor_checked_in_at = models.DateTimeField(_("exhibitor checked in"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__starts_at"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "slot"], condition=ACTIVE_MEETING, name="meeting_unique_buyer_slot"
            ),
            models.UniqueConstraint(
                fields=["exhibitor", "slot", "exhibitor_seat"],
                condition=ACTIVE_MEETING,
                name="meeting_unique_exhibitor_seat_slot",
            ),
            models.UniqueConstraint(
                fields=["location", "slot"],
                condition=ACTIVE_MEETING & Q(location__isnull=False),
                name="meeting_unique_location_slot",
            ),
            models.UniqueConstraint(
                fields=["exhibitor_member", "slot"],
                condition=ACTIVE_MEETING & Q(exhibitor_member__isnull=False),
                name="meeting_unique_member_slot",
            ),
            models.UniqueConstraint(fields=["request"], condition=ACTIVE_MEETING, name="meeting_unique_request"),
            models.CheckConstraint(condition=Q(exhibitor_seat__gte=1), name="meeting_seat_positive"),
            models.CheckConstraint(condition=~ACTIVE_MEETING | Q(slot__isnull=False), name="meeting_active_has_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} × {self.exhibitor} @ {self.slot}"


class ScheduleRun(models.Model):
    """One run of the scheduler for an event, executed by the task worker.

    The row survives restarts: its status, progress and report are what the organiser watches. A run writes
    its schedule in one transaction at the end, so a failed, cancelled or timed-out run leaves the previous
    schedule untouched.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    status = models.CharField(
        _("status"), max_length=12, choices=ScheduleRunStatus.choices, default=ScheduleRunStatus.QUEUED
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    progress = models.FloatField(_("progress (0–1)"), default=0.0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event.slug} run {self.pk} ({self.get_status_display()})"


class ChangeLog(models.Model):
    """Every change to requests, meetings, availability and the schedule: who, what, when.

    The row id is the global, monotonic *version*: a client that saw version N asks for rows with id > N to
    catch up after a dropped connection. `buyer` / `exhibitor` name the profiles the change concerns, so the
    catch-up query is the same filter as the live groups.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("action"), max_length=40, choices=ChangeAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    buyer = models.ForeignKey(Buyer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    exhibitor = models.ForeignKey(Exhibitor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["event", "id"]),
            models.Index(fields=["buyer", "id"]),
            models.Index(fields=["exhibitor", "id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class MeetingFeedback(models.Model):
    """A private rating and note after a meeting, by one side; visible to the organiser only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(_("side"), max_length=10, choices=[("buyer", _("Buyer")), ("exhibitor", _("Exhibitor"))])
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (poor) to 5 (excellent)")
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "side"], name="feedback_one_per_side"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.side}: {self.rating}/5"


# --- Notifications (meetings.notifications) ------------------------------------------------------------------


class Notification(models.Model):
    """One thing a person is told, in the portal and (as their preferences say) by e-mail.

    Written by the task worker, in the person's language at that moment. `key` is unique: one fact (this request
    received by this person, this reminder for this meeting in this slot...) is never two notifications, however
    often a task runs or a sweep repeats it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=160, unique=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    request = models.ForeignKey(MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["user", "event", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"


class NotificationPreference(models.Model):
    """What a person wants by e-mail. No row means the defaults: every kind by e-mail, digest on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_off = models.JSONField(_("kinds not sent by e-mail"), default=list, blank=True)
    digest = models.BooleanField(_("morning agenda on show days"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"


class Delivery(models.Model):
    """The e-mail of one notification (at most one: the notification is unique). The worker claims it by moving
    it from pending/retrying to SENDING in a transaction before it talks to the mail server, so a second worker
    or a restarted task never sends it again; a row left in SENDING by a crashed worker is reported, not resent."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="delivery")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    to = models.EmailField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.to} ({self.get_status_display()})"


class Announcement(models.Model):
    """An organiser's message to all buyers, all exhibitors or everyone of their event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements")
    audience = models.CharField(_("to"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
