"""Choices of the meetings app. Status strings live here only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Session(models.IntegerChoices):
    """Half-day sessions; slots of one session are consecutive (no break between them)."""

    MORNING = 1, _("Morning")
    AFTERNOON = 2, _("Afternoon")
    EVENING = 3, _("Evening")


class LocationKind(models.TextChoices):
    BOOTH_SEAT = "booth_seat", _("Seat at the exhibitor's booth")
    LOUNGE_TABLE = "lounge_table", _("Table in the business lounge")


class RequestDirection(models.TextChoices):
    BUYER_TO_EXHIBITOR = "buyer_to_exhibitor", _("Buyer requests exhibitor")
    EXHIBITOR_TO_BUYER = "exhibitor_to_buyer", _("Exhibitor invites buyer")


class RequestPriority(models.IntegerChoices):
    LOW = 1, _("Nice to have")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("Must meet")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# A request in one of these states blocks a duplicate request between the same two parties.
OPEN_REQUEST_STATUSES = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Slot proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Held")
    NO_SHOW = "no_show", _("No-show")


# A meeting in one of these states occupies its slot, its parties and its location: the database's
# double-booking constraints apply to exactly these.
ACTIVE_MEETING_STATUSES = (
    MeetingStatus.PROPOSED,
    MeetingStatus.CONFIRMED,
    MeetingStatus.COMPLETED,
    MeetingStatus.NO_SHOW,
)


class ScheduleRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED_RUN_STATUSES = (ScheduleRunStatus.SUCCEEDED, ScheduleRunStatus.FAILED, ScheduleRunStatus.CANCELLED)


class ChangeAction(models.TextChoices):
    """What a change-log row records. Live updates are published under the same names."""

    REQUEST_CREATED = "request.created", _("Request created")
    REQUEST_ANSWERED = "request.answered", _("Request answered")
    REQUEST_CANCELLED = "request.cancelled", _("Request cancelled")
    REQUEST_EXPIRED = "request.expired", _("Request expired")
    MEETING_PROPOSED = "meeting.proposed", _("Meeting slot proposed")
    MEETING_CONFIRMED = "meeting.confirmed", _("Meeting confirmed")
    MEETING_RESCHEDULED = "meeting.rescheduled", _("Meeting rescheduled")
    MEETING_CANCELLED = "meeting.cancelled", _("Meeting cancelled")
    MEETING_UPDATED = "meeting.updated", _("Meeting updated")
    AVAILABILITY_CHANGED = "availability.changed", _("Availability changed")
    SCHEDULE_PUBLISHED = "schedule.published", _("Schedule written by a scheduler run")
    SLOTS_CHANGED = "slots.changed", _("Slots regenerated")
    RECOMMENDATIONS_REFRESHED = "recommendations.refreshed", _("Recommendations refreshed")
    RULES_CHANGED = "rules.changed", _("Match rules changed")
