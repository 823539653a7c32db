"""Writes people make: read marks, preferences, organisers' announcements and retries.

Each owns its transaction and refuses bad input with NotificationError (a stable code, a sentence for people and
the field), writing nothing then.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matchmaking.models import Event, User
from meetings.models import Announcement, Delivery, Notification, NotificationPreference
from meetings.notifications.delivery import publish_unread
from meetings.notifications.enums import EMAIL_CHOOSABLE_KINDS, Audience, DeliveryStatus

SUBJECT_MAX = 200
BODY_MAX = 5000


class NotificationError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


def _after_commit_publish(user: User, event_id: int) -> None:
    user_id = user.pk
    transaction.on_commit(lambda: publish_unread(user_id=user_id, event_id=event_id))


@transaction.atomic
def notification_mark_read(*, notification: Notification, by_user: User, now: datetime | None = None) -> Notification:
    """Mark one of the person's own notifications read (reading it again changes nothing)."""
    if notification.user_id != by_user.pk:
        raise NotificationError("not_yours", _("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
        _after_commit_publish(by_user, notification.event_id)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User, event: Event, now: datetime | None = None) -> int:
    """Mark every unread notification of the person at the event read; returns how many."""
    count = Notification.objects.filter(user=user, event=event, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
    if count:
        _after_commit_publish(user, event.pk)
    return count


@transaction.atomic
def notification_preferences_save(*, user: User, email_kinds: list[str], digest: bool) -> NotificationPreference:
    """Save which kinds the person wants by e-mail (`email_kinds`, the rest are portal only) and the digest."""
    unknown = sorted(set(email_kinds) - {str(k) for k in EMAIL_CHOOSABLE_KINDS})
    if unknown:
        raise NotificationError(
            "invalid", _("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)}, "email_kinds"
        )
    off = [str(k) for k in EMAIL_CHOOSABLE_KINDS if str(k) not in set(email_kinds)]
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_off": off, "digest": bool(digest)}
    )
    return pref


def _check_announcement(audience: str, subject: str, body: str) -> tuple[str, str]:
    if audience not in Audience.values:
        raise NotificationError("invalid", _("Choose who receives the announcement."), "audience")
    subject, body = subject.strip(), body.strip()
    if not subject:
        raise NotificationError("invalid", _("Write a subject."), "subject")
    if len(subject) > SUBJECT_MAX:
        raise NotificationError(
            "invalid", _("The subject can be at most %(n)d characters.") % {"n": SUBJECT_MAX}, "subject"
        )
    if not body:
        raise NotificationError("invalid", _("Write the message."), "body")
    if len(body) > BODY_MAX:
        raise NotificationError("invalid", _("The message can be at most %(n)d characters.") % {"n": BODY_MAX}, "body")
    return subject, body


def announcement_preview(*, event: Event, audience: str, subject: str, body: str) -> dict[str, object]:
    """What an announcement would look like and how many people it would reach (nothing is written)."""
    from meetings.notifications.compose import announcement_message
    from meetings.notifications.queries import audience_count

    subject, body = _check_announcement(audience, subject, body)
    message = announcement_message(event, subject, body)
    return {
        "title": message.title,
        "lines": message.lines,
        "recipients": audience_count(event=event, audience=audience),
    }


@transaction.atomic
def announcement_send(*, event: Event, audience: str, subject: str, body: str, by_user: User) -> Announcement:
    """Record an organiser's announcement and queue it for its recipients (the worker writes each person's
    notification and e-mail after commit). Only an organiser of the event may send one."""
    from meetings.notifications.queries import audience_count
    from meetings.tasks import deliver_announcement

    if not (by_user.is_superuser or event.organisers.filter(user=by_user).exists()):
        raise NotificationError("forbidden", _("Only the event's organisers can send announcements."))
    subject, body = _check_announcement(audience, subject, body)
    announcement = Announcement.objects.create(
        event=event,
        audience=audience,
        subject=subject,
        body=body,
        recipients=audience_count(event=event, audience=audience),
        created_by=by_user,
    )
    announcement_id = announcement.pk
    transaction.on_commit(lambda: deliver_announcement.enqueue(announcement_id))
    return announcement


def delivery_retry(*, delivery: Delivery, by_user: User) -> Delivery:
    """An organiser sends a failed e-mail once more."""
    from meetings.notifications.delivery import delivery_retry as retry

    if not (by_user.is_superuser or delivery.event.organisers.filter(user=by_user).exists()):
        raise NotificationError("forbidden", _("Only the event's organisers can retry e-mails."))
    if delivery.status != DeliveryStatus.FAILED:
        raise NotificationError("not_failed", _("Only a failed e-mail can be sent again."))
    with transaction.atomic():
        return retry(delivery=delivery, by_user=by_user)
