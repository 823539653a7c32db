"""Exactly once: writing a notification, claiming and sending its e-mail, retrying, reporting failures.

- `notification_create` writes the Notification under its unique key (a second run finds it and writes nothing)
  and, when the person wants this kind by e-mail, its Delivery row in the same transaction.
- `delivery_send` claims the Delivery with one conditional UPDATE (pending/retrying and due → SENDING) before it
  talks to the mail server: two workers, or a task run again after a restart, cannot both send it.
- A failing server: the row goes back to RETRYING with the next attempt after a growing delay (and a task queued
  for then); after MAX_ATTEMPTS it is FAILED and the event's organisers are told in the portal. Each delivery is
  its own task, so one bad address or a down server never holds up anything else.
- A row a crashed worker left in SENDING is not resent (the mail may have gone): the sweep marks it FAILED and
  reports it, so an organiser can decide.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from matchmaking.models import Event, User
from meetings.models import Delivery, Meeting, MeetingRequest, Notification, NotificationPreference
from meetings.notifications.compose import Message, delivery_failed_message
from meetings.notifications.enums import PORTAL_ONLY_KINDS, DeliveryStatus, NotificationKind

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before attempt n+1 after n failures (seconds): 1 min, 5 min, 30 min, 2 h.
BACKOFF_SECONDS = (60, 300, 1800, 7200)
# A delivery claimed longer ago than this without an outcome belongs to a worker that died while sending.
STALE_SENDING = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1])


def wants_email(user: User, kind: str) -> bool:
    if kind in PORTAL_ONLY_KINDS or not user.email:
        return False
    pref = NotificationPreference.objects.filter(user=user).first()
    if pref is None:
        return True
    if kind == NotificationKind.DIGEST:
        return pref.digest
    return kind not in pref.email_off


def wants_digest(user: User) -> bool:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref is None or pref.digest


def notification_create(
    *,
    user: User,
    event: Event,
    kind: str,
    key: str,
    message: Message,
    meeting: Meeting | None = None,
    request: MeetingRequest | None = None,
) -> Notification | None:
    """Write the notification once (None when `key` was already written) with its Delivery when e-mailed; after
    commit, queue the e-mail as its own task (a slow mail server holds up nobody else) and push the unread count
    to the person's open pages."""
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            key=key[:160],
            defaults={
                "user": user,
                "event": event,
                "kind": kind,
                "title": message.title[:300],
                "body": message.body,
                "url": message.url[:300],
                "meeting": meeting,
                "request": request,
            },
        )
        if not created:
            return None
        delivery = None
        if wants_email(user, kind):
            delivery = Delivery.objects.create(notification=notification, event=event, to=user.email)
        user_id, event_id = user.pk, event.pk
        transaction.on_commit(lambda: publish_unread(user_id=user_id, event_id=event_id))
        if delivery is not None:
            transaction.on_commit(lambda: _queue_send(delivery.pk))
    return notification


def _queue_send(delivery_id: int) -> None:
    from meetings.tasks import send_delivery

    try:
        send_delivery.enqueue(delivery_id)
    except Exception:  # the sweep sends pending deliveries too
        log.exception("e-mail %s not queued", delivery_id)


def publish_unread(*, user_id: int, event_id: int) -> None:
    from meetings import realtime
    from meetings.notifications.queries import unread_count

    realtime.publish_user_notifications(
        user_id=user_id, event_id=event_id, unread=unread_count(user_id=user_id, event_id=event_id)
    )


def _claim(delivery_id: int, now: datetime) -> bool:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        .filter(due)
        .update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    )
    return claimed == 1


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def email_for(delivery: Delivery) -> EmailMultiAlternatives:
    """The HTML + plain-text e-mail of a delivery, in the recipient's language."""
    n = delivery.notification
    event = delivery.event
    with translation.override(n.user.language), timezone.override(event.tz):
        # Links in the reader's language (the portal's URLs carry it).
        open_url = reverse("notification-open", kwargs={"slug": event.slug, "pk": n.pk})
        context = {
            "title": n.title,
            "lines": n.body.splitlines(),
            "link": absolute(open_url) if n.url else "",
            "event": event,
            "preferences_url": absolute(reverse("notification-preferences")),
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(
        subject=n.title, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.to]
    )
    message.attach_alternative(html, "text/html")
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> str:
    """Send one claimed e-mail; returns the delivery's status afterwards. Never raises for a mail error."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        status = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return status or ""
    delivery = Delivery.objects.select_related("notification__user", "event").get(pk=delivery_id)
    try:
        email_for(delivery).send(fail_silently=False)
    except Exception as exc:  # any mail error: retry later, never into the caller
        log.warning("e-mail %s to %s failed (attempt %d): %s", delivery.pk, delivery.to, delivery.attempts, exc)
        return _failed(delivery, f"{type(exc).__name__}: {exc}", now)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )
    return DeliveryStatus.SENT


def _failed(delivery: Delivery, error: str, now: datetime) -> str:
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error=error[:2000], next_attempt_at=None, updated_at=now
        )
        delivery_failure_report(delivery=delivery, error=error)
        return DeliveryStatus.FAILED
    retry_at = now + backoff(delivery.attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.RETRYING, last_error=error[:2000], next_attempt_at=retry_at, updated_at=now
    )
    from meetings.tasks import send_delivery

    try:
        send_delivery.using(run_after=retry_at).enqueue(delivery.pk)
    except Exception:  # the sweep retries due deliveries too
        log.exception("retry of e-mail %s not queued", delivery.pk)
    return DeliveryStatus.RETRYING


def delivery_failure_report(*, delivery: Delivery, error: str) -> int:
    """Tell each organiser of the event, in the portal, that an e-mail finally failed; returns how many."""

    event = delivery.event
    told = 0
    for organiser in event.organisers.select_related("user"):
        user = organiser.user
        if not user.is_active:
            continue
        with translation.override(user.language), timezone.override(event.tz):
            message = delivery_failed_message(event, delivery.to, error)
        if notification_create(
            user=user,
            event=event,
            kind=NotificationKind.DELIVERY_FAILED,
            key=f"delivery-failed:{delivery.pk}:{user.pk}",
            message=message,
        ):
            told += 1
    return told


def deliveries_retry_due(*, now: datetime | None = None) -> int:
    """Send every delivery waiting for a retry whose time has come (the sweep's safety net); returns how many
    were attempted."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.PENDING, created_at__lte=now - timedelta(minutes=1))
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        delivery_send(delivery_id=pk, now=now)
        count += 1
    return count


def deliveries_reap_stale(*, now: datetime | None = None) -> int:
    """Mark deliveries a dead worker left in SENDING as FAILED (not resent: the mail may have gone out) and
    report them to the organisers; returns how many."""
    now = now or timezone.now()
    stale = list(
        Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_SENDING).select_related(
            "event"
        )
    )
    error = "The worker stopped while sending; not resent so that nobody gets it twice."
    for delivery in stale:
        updated = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, last_error=error, updated_at=now
        )
        if updated:
            delivery_failure_report(delivery=delivery, error=error)
    return len(stale)


def delivery_retry(*, delivery: Delivery, by_user: User) -> Delivery:
    """An organiser sends a failed e-mail again (one more attempt now, then the usual back-off)."""
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.RETRYING, attempts=MAX_ATTEMPTS - 1, next_attempt_at=None, updated_at=timezone.now()
    )
    from meetings.tasks import send_delivery

    delivery_id = delivery.pk
    transaction.on_commit(lambda: send_delivery.enqueue(delivery_id))
    delivery.refresh_from_db()
    return delivery
