"""E-mail to the other side when a confirmed meeting is moved or cancelled.

Services call `meeting_change_notify` inside their transaction; the e-mail goes out from the task worker after
commit, in each recipient's language, with times in the event's zone. (The notifications issue adds the
in-portal centre, preferences, reminders and delivery records on top of this.)
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from matchmaking.models import TeamMember, User
from meetings.models import Meeting

MOVED = "moved"
CANCELLED = "cancelled"


def meeting_change_notify(*, meeting: Meeting, kind: str, actor: User | None) -> None:
    """Queue the e-mail for after commit (nothing is sent if the change rolls back)."""
    from meetings.tasks import notify_meeting_change

    meeting_id, actor_id = meeting.pk, actor.pk if actor is not None else None
    transaction.on_commit(lambda: notify_meeting_change.enqueue(meeting_id, kind, actor_id))


def recipients(meeting: Meeting, actor_id: int | None) -> list[User]:
    """The team members of the side(s) that did not make the change (both sides when an organiser did)."""
    members = TeamMember.objects.filter(buyer_id=meeting.buyer_id) | TeamMember.objects.filter(
        exhibitor_id=meeting.exhibitor_id
    )
    actor_sides = {
        "buyer" if m.buyer_id else "exhibitor" for m in members if actor_id is not None and m.user_id == actor_id
    }
    return [
        m.user
        for m in members.select_related("user")
        if m.user.is_active and ("buyer" if m.buyer_id else "exhibitor") not in actor_sides
    ]


def send_meeting_change(*, meeting: Meeting, kind: str, actor_id: int | None) -> int:
    """Send the e-mails now; returns how many went out."""
    event = meeting.event
    messages = []
    for user in recipients(meeting, actor_id):
        with translation.override(user.language), timezone.override(event.tz):
            other = (
                meeting.exhibitor.company if meeting.buyer.team.filter(user=user).exists() else meeting.buyer.company
            )
            when = timezone.localtime(meeting.slot.starts_at).strftime("%d.%m.%Y %H:%M") if meeting.slot else ""
            if kind == MOVED:
                subject = _("Your meeting with %(other)s has moved") % {"other": other}
                body = _("Your meeting with %(other)s at %(event)s is now on %(when)s (%(zone)s).") % {
                    "other": other,
                    "event": event.name,
                    "when": when,
                    "zone": event.time_zone,
                }
            else:
                subject = _("Your meeting with %(other)s is cancelled") % {"other": other}
                body = _("Your meeting with %(other)s at %(event)s is cancelled. Reason: %(reason)s") % {
                    "other": other,
                    "event": event.name,
                    "reason": meeting.cancel_reason or "—",
                }
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
