"""Template context every portal page gets."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """`notifications_unread`: the signed-in user's unread notifications at the event of the page (the URL's
    `slug`). A callable, so the count is only queried on pages that show the bell."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    if user is None or not user.is_authenticated or not slug:
        return {}

    def unread() -> int:
        from meetings.models import Notification

        return Notification.objects.filter(user=user, event__slug=slug, read_at__isnull=True).count()

    return {"notifications_unread": unread}
