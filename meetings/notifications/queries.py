"""Reads for the notification centre, the bell, preferences and the organisers' delivery report."""

from __future__ import annotations

from django.db.models import QuerySet

from matchmaking.models import Event, TeamMember, User
from meetings.models import Delivery, Notification, NotificationPreference
from meetings.notifications.enums import Audience, DeliveryStatus


def unread_count(*, user_id: int, event_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, event_id=event_id, read_at__isnull=True).count()


def notifications_for(*, user: User, event: Event, limit: int = 50) -> list[Notification]:
    """The person's newest notifications at the event."""
    return list(Notification.objects.filter(user=user, event=event).order_by("-created_at", "-id")[:limit])


def preferences_for(user: User) -> NotificationPreference:
    """The person's preferences (an unsaved row with the defaults when they never changed them)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def audience_users(*, event: Event, audience: str) -> list[User]:
    """The active users an announcement to `audience` reaches, each once."""
    members = TeamMember.objects.filter(user__is_active=True).select_related("user").order_by("user_id")
    if audience == Audience.BUYERS:
        members = members.filter(buyer__event=event)
    elif audience == Audience.EXHIBITORS:
        members = members.filter(exhibitor__event=event)
    else:
        members = members.filter(buyer__event=event) | members.filter(exhibitor__event=event)
    users: dict[int, User] = {}
    for member in members:
        users.setdefault(member.user_id, member.user)
    return list(users.values())


def audience_count(*, event: Event, audience: str) -> int:
    return len(audience_users(event=event, audience=audience))


def deliveries_for_event(*, event: Event, failed_only: bool = True, limit: int = 200) -> QuerySet[Delivery]:
    """The event's e-mail deliveries that failed or still retry (all, when `failed_only` is False), newest first."""
    qs = Delivery.objects.filter(event=event).select_related("notification")
    if failed_only:
        qs = qs.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.RETRYING])
    return qs.order_by("-updated_at")[:limit]


def notifications_created_after(*, since: int, limit: int = 500) -> tuple[int, list[tuple[int, int, int]]]:
    """For the one-process live relay: the newest notification id after `since` and, for each (user, event) that
    got one, (user id, event id, unread count)."""
    rows = list(
        Notification.objects.filter(id__gt=since).order_by("id").values_list("id", "user_id", "event_id")[:limit]
    )
    if not rows:
        return since, []
    pairs = sorted({(user_id, event_id) for _id, user_id, event_id in rows})
    return rows[-1][0], [(u, e, unread_count(user_id=u, event_id=e)) for u, e in pairs]


def latest_notification_id() -> int:
    last = Notification.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0
