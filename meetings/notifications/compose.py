"""What each kind of notification says and to whom: plain functions over rows, called by the task worker.

A builder returns the recipients and, for each, the text in *their* language with times in the event's zone
(the caller activates both around `Message` building), or nothing when the news is stale by the time the worker
runs (a proposed slot already replaced, a reminder for a meeting that moved or was cancelled).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matchmaking.models import Event, TeamMember, User
from meetings.enums import MeetingStatus, RequestDirection, RequestStatus
from meetings.models import Meeting, MeetingRequest
from meetings.notifications.enums import NotificationKind

# Meetings on someone's agenda: reminded, listed in the digest.
ON_AGENDA = (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)


@dataclass
class Message:
    """One notification's text for one person, already translated."""

    title: str
    lines: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def when(event: Event, moment: datetime) -> str:
    """A moment in the event's zone, in the active language ("Tuesday, 10 November, 10:50")."""
    return date_format(timezone.localtime(moment, event.tz), "l, j E, H:i")


def team_users(*, buyer_id: int | None = None, exhibitor_id: int | None = None) -> list[User]:
    """The active users on a profile's team, in a stable order."""
    members = TeamMember.objects.select_related("user").order_by("pk")
    members = members.filter(buyer_id=buyer_id) if buyer_id is not None else members.filter(exhibitor_id=exhibitor_id)
    return [m.user for m in members if m.user.is_active and m.user.email]


# The portal page each kind of news is about, per side (the side's home page when a page does not exist).
PAGES = {
    ("buyer", "agenda"): "buyer-agenda",
    ("buyer", "requests"): "buyer-requests",
    ("exhibitor", "agenda"): "exhibitor-agenda",
    ("exhibitor", "proposed"): "exhibitor-proposed",
    ("exhibitor", "requests"): "exhibitor-home",
}


def side_page(event: Event, side: str, anchor: str = "", page: str = "home") -> str:
    """The path of the side's portal `page` at the event, with `#anchor` (in the active language)."""
    kwargs = {"slug": event.slug}
    try:
        url = reverse(PAGES.get((side, page), f"{side}-home"), kwargs=kwargs)
    except NoReverseMatch:
        url = reverse(f"{side}-home", kwargs=kwargs)
    return f"{url}#{anchor}" if anchor else url


@dataclass
class Recipient:
    user: User
    side: str  # "buyer" / "exhibitor" / "organiser"


def meeting_sides(meeting: Meeting, actor_id: int | None) -> list[Recipient]:
    """Both teams of a meeting except the side(s) the actor is on (an organiser's change reaches both)."""
    buyers = [Recipient(u, "buyer") for u in team_users(buyer_id=meeting.buyer_id)]
    exhibitors = [Recipient(u, "exhibitor") for u in team_users(exhibitor_id=meeting.exhibitor_id)]
    skip = {r.side for r in buyers + exhibitors if actor_id is not None and r.user.pk == actor_id}
    return [r for r in buyers + exhibitors if r.side not in skip]


def _other(meeting_or_request: Meeting | MeetingRequest, side: str) -> str:
    return meeting_or_request.exhibitor.company if side == "buyer" else meeting_or_request.buyer.company


def _where(meeting: Meeting, side: str) -> str:
    if meeting.location is not None:
        return meeting.location.name
    exhibitor = meeting.exhibitor
    return ", ".join(p for p in (exhibitor.hall, exhibitor.booth) if p) if side == "buyer" else ""


def _meeting_lines(meeting: Meeting, side: str) -> list[str]:
    event = meeting.event
    lines = [event.name]
    if meeting.slot is not None:
        lines.append(
            _("When: %(when)s (%(zone)s)") % {"when": when(event, meeting.slot.starts_at), "zone": event.time_zone}
        )
    where = _where(meeting, side)
    if where:
        lines.append(_("Where: %(where)s") % {"where": where})
    return lines


# --- Requests -----------------------------------------------------------------------------------------------


def request_recipients(request: MeetingRequest, kind: str) -> list[Recipient]:
    receiving = "exhibitor" if request.direction == RequestDirection.BUYER_TO_EXHIBITOR else "buyer"
    side = (
        receiving
        if kind == NotificationKind.REQUEST_RECEIVED
        else ("buyer" if receiving == "exhibitor" else "exhibitor")
    )
    users = team_users(**{f"{side}_id": getattr(request, f"{side}_id")})
    return [Recipient(u, side) for u in users]


def request_is_current(request: MeetingRequest, kind: str) -> bool:
    """The request still is what the notification says (a request answered before the worker ran is not
    announced as waiting)."""
    expected = {
        NotificationKind.REQUEST_RECEIVED: RequestStatus.PENDING,
        NotificationKind.REQUEST_ACCEPTED: RequestStatus.ACCEPTED,
        NotificationKind.REQUEST_DECLINED: RequestStatus.DECLINED,
        NotificationKind.REQUEST_EXPIRED: RequestStatus.EXPIRED,
    }[NotificationKind(kind)]
    return request.status == expected


def request_message(request: MeetingRequest, kind: str, side: str) -> Message:
    other = _other(request, side)
    url = side_page(request.event, side, f"request-{request.pk}", page="requests")
    lines = [request.event.name]
    if kind == NotificationKind.REQUEST_RECEIVED:
        title = _("%(other)s asks to meet you") % {"other": other}
        if request.message:
            lines.append(_("Message: %(message)s") % {"message": request.message})
        lines.append(_("Please accept or decline it in the portal."))
        if request.expires_at:
            event = request.event
            lines.append(_("Unanswered requests expire on %(when)s.") % {"when": when(event, request.expires_at)})
    elif kind == NotificationKind.REQUEST_ACCEPTED:
        title = _("Your meeting request to %(other)s was accepted") % {"other": other}
        lines.append(_("You will be told as soon as the meeting has a time slot."))
    elif kind == NotificationKind.REQUEST_DECLINED:
        title = _("Your meeting request to %(other)s was declined") % {"other": other}
        if request.decline_reason:
            lines.append(_("Reason: %(reason)s") % {"reason": request.decline_reason})
    else:
        title = _("Your meeting request to %(other)s expired unanswered") % {"other": other}
    return Message(title=title, lines=lines, url=url)


# --- Meetings -----------------------------------------------------------------------------------------------


def meeting_is_current(meeting: Meeting, kind: str, slot_id: int | None) -> bool:
    """The meeting still is what the notification says: a slot proposal or a move already superseded by a newer
    one, or a confirmation of a meeting cancelled since, is not sent."""
    if kind == NotificationKind.MEETING_CANCELLED:
        return meeting.status == MeetingStatus.CANCELLED
    if kind == NotificationKind.SLOT_PROPOSED:
        return meeting.status == MeetingStatus.PROPOSED and meeting.slot_id == slot_id
    if kind == NotificationKind.MEETING_CONFIRMED:
        return meeting.status == MeetingStatus.CONFIRMED and meeting.slot_id == slot_id
    # Moved and reminders: still on, in the same slot.
    return meeting.status in ON_AGENDA and meeting.slot_id == slot_id


def meeting_message(meeting: Meeting, kind: str, side: str, *, minutes: int | None = None) -> Message:
    other = _other(meeting, side)
    proposed = kind == NotificationKind.SLOT_PROPOSED
    url = side_page(meeting.event, side, f"meeting-{meeting.pk}", page="proposed" if proposed else "agenda")
    lines = _meeting_lines(meeting, side)
    start = when(meeting.event, meeting.slot.starts_at) if meeting.slot is not None else ""
    if kind == NotificationKind.SLOT_PROPOSED:
        title = _("Proposed slot for your meeting with %(other)s: %(when)s") % {"other": other, "when": start}
        lines.append(_("Please confirm the slot in the portal, or ask for another one."))
    elif kind == NotificationKind.MEETING_CONFIRMED:
        title = _("Your meeting with %(other)s is confirmed: %(when)s") % {"other": other, "when": start}
    elif kind == NotificationKind.MEETING_MOVED:
        title = _("Your meeting with %(other)s has moved") % {"other": other}
    elif kind == NotificationKind.MEETING_CANCELLED:
        title = _("Your meeting with %(other)s is cancelled") % {"other": other}
        lines = [meeting.event.name, _("Reason: %(reason)s") % {"reason": meeting.cancel_reason or "—"}]
    else:  # reminder
        title = _("In %(minutes)d minutes: meeting with %(other)s") % {
            "minutes": minutes if minutes is not None else meeting.event.reminder_minutes,
            "other": other,
        }
    return Message(title=title, lines=lines, url=url)


def reminder_recipients(meeting: Meeting) -> list[Recipient]:
    """The buyer's team, and the exhibitor's team member taking the meeting (the whole team if nobody is set)."""
    buyers = [Recipient(u, "buyer") for u in team_users(buyer_id=meeting.buyer_id)]
    member = meeting.exhibitor_member
    if member is not None and member.user.is_active:
        exhibitors = [Recipient(member.user, "exhibitor")]
    else:
        exhibitors = [Recipient(u, "exhibitor") for u in team_users(exhibitor_id=meeting.exhibitor_id)]
    return buyers + exhibitors


# --- Digest, nudge, announcements, failures -------------------------------------------------------------------


def digest_message(event: Event, side: str, meetings: list[Meeting], day_label: str) -> Message:
    title = _("Your agenda for %(date)s") % {"date": day_label}
    lines = [event.name]
    for m in meetings:
        assert m.slot is not None
        start = date_format(timezone.localtime(m.slot.starts_at, event.tz), "H:i")
        where = _where(m, side)
        lines.append(f"{start} — {_other(m, side)}" + (f", {where}" if where else ""))
    lines.append(_("Times in %(zone)s.") % {"zone": event.time_zone})
    return Message(title=title, lines=lines, url=side_page(event, side, page="agenda"))


def nudge_message(event: Event, count: int, hours: int) -> Message:
    return Message(
        title=_("Meeting requests are waiting for your answer"),
        lines=[
            event.name,
            _("Requests waiting: %(count)d (the oldest for %(hours)d hours).") % {"count": count, "hours": hours},
            _("Please accept or decline them in the portal."),
        ],
        url=side_page(event, "exhibitor", page="requests"),
    )


def announcement_message(event: Event, subject: str, body: str) -> Message:
    return Message(title=f"{event.name}: {subject}", lines=body.splitlines(), url="")


def delivery_failed_message(event: Event, to: str, error: str) -> Message:
    return Message(
        title=_("E-mail to %(to)s could not be delivered") % {"to": to},
        lines=[event.name, _("Last error: %(error)s") % {"error": error[:300]}],
        url=reverse("organiser-notifications", kwargs={"slug": event.slug}),
    )
