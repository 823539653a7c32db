"""Choices of the notifications package. Kind and status strings live here only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REQUEST_RECEIVED = "request.received", _("Meeting request received")
    REQUEST_ACCEPTED = "request.accepted", _("Meeting request accepted")
    REQUEST_DECLINED = "request.declined", _("Meeting request declined")
    REQUEST_EXPIRED = "request.expired", _("Meeting request expired")
    SLOT_PROPOSED = "meeting.proposed", _("Meeting slot proposed")
    MEETING_CONFIRMED = "meeting.confirmed", _("Meeting confirmed")
    MEETING_MOVED = "meeting.moved", _("Meeting moved")
    MEETING_CANCELLED = "meeting.cancelled", _("Meeting cancelled")
    REMINDER = "meeting.reminder", _("Meeting reminder")
    DIGEST = "digest", _("Morning agenda")
    NUDGE = "nudge", _("Requests waiting for an answer")
    ANNOUNCEMENT = "announcement", _("Organiser announcement")
    DELIVERY_FAILED = "delivery.failed", _("E-mail could not be delivered")


# Kinds a person may switch off for e-mail on the preferences page (the digest has its own switch; delivery
# failures are for organisers, in the portal only).
EMAIL_CHOOSABLE_KINDS = tuple(
    k for k in NotificationKind if k not in (NotificationKind.DIGEST, NotificationKind.DELIVERY_FAILED)
)
# Never e-mailed: a report that e-mail failed goes to the portal only.
PORTAL_ONLY_KINDS = (NotificationKind.DELIVERY_FAILED,)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class Audience(models.TextChoices):
    BUYERS = "buyers", _("All buyers")
    EXHIBITORS = "exhibitors", _("All exhibitors")
    EVERYONE = "everyone", _("Everyone")
