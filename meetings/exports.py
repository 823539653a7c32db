"""Agenda exports: an iCalendar feed, an organiser's CSV and a printable HTML agenda.

These are pure renderers over rows the caller already fetched: they take model instances and return bytes or
str, never touch HTTP and never write. Every time is shown in the event's local zone (`Event.tz`), whatever the
server's or the viewer's zone. To stay at a fixed number of queries, pass meetings fetched through
`meetings_for_export`, which selects every relation the renderers read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Timezone, vDuration
from icalendar import Event as VEvent

from matchmaking.models import Buyer, Event, Exhibitor
from meetings.enums import LocationKind, MeetingStatus
from meetings.models import Meeting

Viewer = Literal["buyer", "exhibitor"]

PRODID = "-//expomatch//agenda//EN"
# How often subscribed calendar apps should re-fetch the feed (Apple/Outlook honour one or the other).
REFRESH = timedelta(hours=1)

# Every relation the renderers read; with these selected, an export costs the same queries for 1 or 1000 rows.
EXPORT_RELATED = ("slot", "buyer", "exhibitor", "location", "exhibitor_member__user", "request")

_ICS_STATUS = {
    MeetingStatus.PROPOSED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.COMPLETED: "CONFIRMED",
    MeetingStatus.NO_SHOW: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}

# A cell starting with one of these is run as a formula by spreadsheet apps (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = (
    ("day", gettext_lazy("Day")),
    ("start", gettext_lazy("Start")),
    ("end", gettext_lazy("End")),
    ("buyer", gettext_lazy("Buyer")),
    ("buyer_country", gettext_lazy("Buyer country")),
    ("exhibitor", gettext_lazy("Exhibitor")),
    ("hall", gettext_lazy("Hall")),
    ("booth", gettext_lazy("Booth")),
    ("location", gettext_lazy("Location")),
    ("team_member", gettext_lazy("Team member")),
    ("status", gettext_lazy("Status")),
    ("priority", gettext_lazy("Request priority")),
    ("meeting_id", gettext_lazy("Meeting ID")),
    ("version", gettext_lazy("Version")),
)


def meetings_for_export(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """`meetings` with every relation the exporters read selected, in time order (slot-less ones last).

    Filters nothing: the caller chooses whose meetings and which statuses (the iCalendar feed wants cancelled
    meetings too, the printable agenda drops them itself).
    """
    return meetings.select_related(*EXPORT_RELATED).order_by("slot__starts_at", "pk")


# --- shared helpers ---------------------------------------------------------------------------------------


def _local(value: datetime, event: Event) -> datetime:
    return value.astimezone(event.tz)


def _where(meeting: Meeting) -> str:
    """Hall and booth of the exhibitor, e.g. "Pavilion 1, booth A3" (empty when neither is known)."""
    ex = meeting.exhibitor
    parts = [ex.hall] if ex.hall else []
    if ex.booth:
        parts.append(_("booth %(booth)s") % {"booth": ex.booth})
    return ", ".join(parts)


def _member_name(meeting: Meeting, *, with_email: bool) -> str:
    """The exhibitor's team member taking the meeting; their e-mail only when the name is missing and the
    reader may see it (the exhibitor's own team, organisers)."""
    member = meeting.exhibitor_member
    if member is None:
        return ""
    name = member.user.get_full_name()
    return name or (member.user.email if with_email else "")


def _counterpart(meeting: Meeting, viewer: Viewer) -> Buyer | Exhibitor:
    return meeting.exhibitor if viewer == "buyer" else meeting.buyer


# --- iCalendar ---------------------------------------------------------------------------------------------


def _vtimezone(event: Event, meetings: list[Meeting]) -> Timezone:
    # A VTIMEZONE only needs to cover the dates it is used for; a narrow window keeps it to a few lines
    # (Asia/Tashkent: one STANDARD block) instead of every historical transition.
    dates = [event.start_date, event.end_date] + [_local(m.slot.starts_at, event).date() for m in meetings]
    first = date(min(dates).year - 1, 1, 1)
    last = date(max(dates).year + 2, 1, 1)
    return Timezone.from_tzinfo(event.tz, tzid=event.time_zone, first_date=first, last_date=last)


def _ics_description(meeting: Meeting, viewer: Viewer) -> str:
    lines = []
    other = _counterpart(meeting, viewer)
    if viewer == "buyer":
        where = _where(meeting)
        lines.append(_("With: %(company)s") % {"company": other.company} + (f" ({where})" if where else ""))
    else:
        lines.append(_("With: %(company)s (%(country)s)") % {"company": other.company, "country": other.country})
    member = _member_name(meeting, with_email=viewer == "exhibitor")
    if member:
        lines.append(_("Exhibitor's team member: %(name)s") % {"name": member})
    if meeting.request.message:
        lines += ["", _("Request message:"), meeting.request.message]
    if meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason:
        lines += ["", _("Cancelled: %(reason)s") % {"reason": meeting.cancel_reason}]
    return "\n".join(lines)


def _ics_location(meeting: Meeting) -> str:
    parts = [meeting.location.name] if meeting.location else []
    # A lounge table is away from the booth: the booth would send people to the wrong place.
    if meeting.location is None or meeting.location.kind == LocationKind.BOOTH_SEAT:
        where = _where(meeting)
        if where:
            parts.append(where)
    return " — ".join(parts)


def agenda_ics(
    *,
    event: Event,
    meetings: Iterable[Meeting],
    calendar_name: str,
    viewer: Viewer,
    language: str | None = None,
) -> bytes:
    """An iCalendar (RFC 5545) feed of `meetings` for one participant, as UTF-8 bytes (text/calendar).

    Inputs: `meetings` are the participant's Meeting rows (fetch with `meetings_for_export`); `viewer` says
    which side reads the feed, so the counterpart is the exhibitor for "buyer" and the buyer for "exhibitor".
    `language` translates the texts (default: the active language).

    Output invariants, which subscribed calendars rely on to update entries in place:
    - one VEVENT per meeting with a slot; meetings without a slot are left out;
    - UID is `meeting-<pk>@expomatch`, unchanged when the meeting moves; SEQUENCE is `meeting.version`, which
      every change increases, so the new copy replaces the old one;
    - cancelled meetings stay in the feed with STATUS:CANCELLED so calendars remove them; proposed slots are
      TENTATIVE, all others CONFIRMED;
    - DTSTART/DTEND carry TZID=<event.time_zone> and the event's local wall time, and the matching VTIMEZONE is
      included; DTSTAMP and LAST-MODIFIED are `meeting.updated_at`, so the same rows give the same bytes.
    """
    rows = [m for m in meetings if m.slot is not None]
    with translation.override(language or translation.get_language()):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", calendar_name)
        cal.add("name", calendar_name)
        cal.add("x-wr-timezone", event.time_zone)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
        cal.add_component(_vtimezone(event, rows))
        for meeting in rows:
            cal.add_component(_vevent(event, meeting, viewer))
        return cal.to_ical()


def _vevent(event: Event, meeting: Meeting, viewer: Viewer) -> VEvent:
    slot = meeting.slot
    assert slot is not None  # slot-less meetings are filtered out by the caller
    ev = VEvent()
    ev.add("uid", f"meeting-{meeting.pk}@expomatch")
    ev.add("dtstamp", meeting.updated_at)
    ev.add("last-modified", meeting.updated_at)
    ev.add("sequence", meeting.version)
    ev.add("dtstart", _local(slot.starts_at, event))
    ev.add("dtend", _local(slot.ends_at, event))
    ev.add("summary", _("Meeting: %(company)s") % {"company": _counterpart(meeting, viewer).company})
    location = _ics_location(meeting)
    if location:
        ev.add("location", location)
    ev.add("description", _ics_description(meeting, viewer))
    ev.add("status", _ICS_STATUS[MeetingStatus(meeting.status)])
    # Cancelled entries must not block the time in free/busy views.
    ev.add("transp", "TRANSPARENT" if meeting.status == MeetingStatus.CANCELLED else "OPAQUE")
    return ev


# --- CSV ------------------------------------------------------------------------------------------------


def csv_safe(value: object) -> str:
    """`value` as a CSV cell that spreadsheet apps will not run as a formula: text starting with =, +, -, @,
    a tab or a carriage return gets a leading single quote. Numbers are passed to the writer unchanged by the
    caller, so they never reach this."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START):
        return "'" + text
    return text


def meetings_csv(*, event: Event, meetings: Iterable[Meeting]) -> str:
    """All `meetings` as CSV text for organisers (encode as UTF-8, no BOM), one row per meeting after a header.

    Columns are CSV_COLUMNS in that order; the header uses their labels in the active language. Day is the
    local ISO date and start/end local HH:MM in the event's zone (empty for a meeting without a slot); status
    and priority are their display labels; meeting id and version are integers. Every text cell goes through
    `csv_safe`, so a company named "=HYPERLINK(...)" is written as "'=HYPERLINK(...)". Rows keep the order of
    `meetings` (fetch with `meetings_for_export`).
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for m in meetings:
        start = _local(m.slot.starts_at, event) if m.slot else None
        end = _local(m.slot.ends_at, event) if m.slot else None
        text = [
            start.date().isoformat() if start else "",
            f"{start:%H:%M}" if start else "",
            f"{end:%H:%M}" if end else "",
            m.buyer.company,
            m.buyer.country,
            m.exhibitor.company,
            m.exhibitor.hall,
            m.exhibitor.booth,
            m.location.name if m.location else "",
            _member_name(m, with_email=True),
            m.get_status_display(),
            m.request.get_priority_display(),
        ]
        writer.writerow([csv_safe(v) for v in text] + [m.pk, m.version])
    return out.getvalue()


# --- printable agenda ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    """One meeting as the printable agenda shows it, times already in the event's zone."""

    meeting_id: int
    starts: datetime
    ends: datetime
    counterpart: str
    counterpart_country: str
    hall: str
    booth: str
    place: str
    team_member: str
    status: str
    status_label: str


@dataclass(frozen=True)
class AgendaDay:
    date: date
    rows: list[AgendaRow]


def agenda_context(
    *, event: Event, profile: Buyer | Exhibitor, meetings: Iterable[Meeting], viewer: Viewer
) -> dict[str, Any]:
    """The context of frontend/agenda_print.html for `profile` (the buyer or exhibitor whose agenda it is).

    Cancelled meetings and meetings without a slot are left out: a printout lists what will happen. Rows are
    grouped into `days` by their *local* date and sorted by start time; `counterpart` is the other side's
    company. Keys: event, profile, viewer, days (list of AgendaDay), meeting_count, time_zone.
    Status labels are translated in the language active when this is called.
    """
    rows = sorted(
        (
            AgendaRow(
                meeting_id=m.pk,
                starts=_local(m.slot.starts_at, event),
                ends=_local(m.slot.ends_at, event),
                counterpart=_counterpart(m, viewer).company,
                counterpart_country=_counterpart(m, viewer).country,
                hall=m.exhibitor.hall,
                booth=m.exhibitor.booth,
                place=m.location.name if m.location else "",
                team_member=_member_name(m, with_email=viewer == "exhibitor"),
                status=m.status,
                status_label=m.get_status_display(),
            )
            for m in meetings
            if m.slot is not None and m.status != MeetingStatus.CANCELLED
        ),
        key=lambda r: (r.starts, r.meeting_id),
    )
    days: dict[date, list[AgendaRow]] = {}
    for row in rows:
        days.setdefault(row.starts.date(), []).append(row)
    context: dict[str, Any] = {
        "event": event,
        "profile": profile,
        "viewer": viewer,
        "days": [AgendaDay(date=d, rows=r) for d, r in days.items()],
        "meeting_count": len(rows),
        "time_zone": event.time_zone,
    }
    return context


def agenda_print_html(
    *,
    event: Event,
    profile: Buyer | Exhibitor,
    meetings: Iterable[Meeting],
    viewer: Viewer,
    language: str = "en",
) -> str:
    """The printable agenda (a standalone A4 HTML page) of `profile`, in `language`, times in the event's zone.

    Renders frontend/agenda_print.html with `agenda_context` under translation.override(language) and
    timezone.override(event.tz), so labels, dates and status names all follow `language`.
    """
    with translation.override(language), timezone.override(event.tz):
        context = agenda_context(event=event, profile=profile, meetings=meetings, viewer=viewer)
        return render_to_string("frontend/agenda_print.html", context)
