"""Notifications: e-mail and the in-portal notification centre, in each person's language.

Write services call the one-line hooks below inside their transaction; each hook only registers a task for after
commit (nothing is queued if the change rolls back). The task worker then writes the Notification rows (unique
keys: a fact is told once), sends the e-mails through claimed Delivery rows (never twice, retried with back-off,
reported to organisers when they keep failing) and pushes the new unread count to the person's live group.
See docs/notifications.md.

Importing this package must stay cheap and free of model imports: meetings.models imports its enums.
"""

from meetings.notifications.hooks import (
    CANCELLED,
    MOVED,
    meeting_change_notify,
    notify_meeting_confirmed,
    notify_meetings_proposed,
    notify_request_answered,
    notify_request_created,
    notify_request_expired,
)

__all__ = [
    "CANCELLED",
    "MOVED",
    "meeting_change_notify",
    "notify_meeting_confirmed",
    "notify_meetings_proposed",
    "notify_request_answered",
    "notify_request_created",
    "notify_request_expired",
]
