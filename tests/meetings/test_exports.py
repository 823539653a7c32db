"""Agenda exports: the iCalendar feed, the organisers' CSV and the printable agenda."""

import csv
import io
from datetime import UTC, datetime, time

import pytest
from icalendar import Calendar

from meetings.enums import LocationKind, MeetingStatus, RequestPriority
from meetings.exports import (
    CSV_COLUMNS,
    agenda_context,
    agenda_ics,
    agenda_print_html,
    csv_safe,
    meetings_csv,
    meetings_for_export,
)
from meetings.models import Meeting, Slot
from meetings.services import meeting_cancel, meeting_reschedule, slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    LocationFactory,
    MeetingFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    """Securex-like event, one day 10:00–12:00 Tashkent (20-minute slots every 25 minutes), one buyer and
    three exhibitors each with a seat at their booth and a named team member."""
    event = EventFactory(name="Securex Uzbekistan 2026", time_zone="Asia/Tashkent")
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    show = type("Show", (), {})()
    show.event = event
    show.slots = list(Slot.objects.filter(event=event).order_by("starts_at"))
    show.buyer = BuyerFactory(event=event, company="Toshkent Metro", country="UZ")
    show.exhibitors = [
        ExhibitorFactory(event=event, company=f"Vendor {n}", hall="Pavilion 2", booth=f"B{n}") for n in range(3)
    ]
    show.members = [
        TeamMemberFactory(exhibitor=ex, user=UserFactory(first_name="Aziz", last_name=f"Karimov{n}"))
        for n, ex in enumerate(show.exhibitors)
    ]
    show.organiser = OrganiserFactory(event=event).user
    return show


def _meeting(show, n, slot, status=MeetingStatus.CONFIRMED, **extra):
    exhibitor = show.exhibitors[n]
    location = LocationFactory(
        event=show.event, kind=LocationKind.BOOTH_SEAT, exhibitor=exhibitor, number=1, name=f"Booth B{n} · seat 1"
    )
    return MeetingFactory(
        request__event=show.event,
        request__buyer=show.buyer,
        request__exhibitor=exhibitor,
        request__message=f"We need cameras for line {n}",
        slot=slot,
        location=location,
        exhibitor_member=show.members[n],
        status=status,
        **extra,
    )


def _buyer_meetings(show):
    return meetings_for_export(Meeting.objects.filter(buyer=show.buyer))


def _ics(show, viewer="buyer"):
    data = agenda_ics(event=show.event, meetings=_buyer_meetings(show), calendar_name="My agenda", viewer=viewer)
    return Calendar.from_ical(data), data


def _vevents(cal):
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


# --- iCalendar -------------------------------------------------------------------------------------------


def test_agenda_ics_times_are_local_with_tzid_and_vtimezone(show):
    meeting = _meeting(show, 0, show.slots[0])
    cal, raw = _ics(show)
    assert str(cal["X-WR-CALNAME"]) == "My agenda"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Tashkent"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Tashkent"]
    ev = _vevents(cal)[f"meeting-{meeting.pk}@expomatch"]
    start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
    assert ev["DTSTART"].params["TZID"] == "Asia/Tashkent"
    assert ev["DTEND"].params["TZID"] == "Asia/Tashkent"
    assert (start.hour, start.minute, end.hour, end.minute) == (10, 0, 10, 20)
    assert start.astimezone(UTC) == datetime(2026, 11, 10, 5, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Asia/Tashkent:20261110T100000" in raw


def test_agenda_ics_event_fields_for_the_buyer(show):
    meeting = _meeting(show, 1, show.slots[2])
    ev = _vevents(_ics(show)[0])[f"meeting-{meeting.pk}@expomatch"]
    assert str(ev["SUMMARY"]) == "Meeting: Vendor 1"
    assert str(ev["LOCATION"]) == "Booth B1 · seat 1 — Pavilion 2, booth B1"
    description = str(ev["DESCRIPTION"])
    assert "With: Vendor 1 (Pavilion 2, booth B1)" in description
    assert "Aziz Karimov1" in description
    assert "We need cameras for line 1" in description
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert ev["SEQUENCE"] == meeting.version
    # iCalendar times have whole seconds.
    assert ev.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)
    assert ev.decoded("DTSTAMP") == meeting.updated_at.replace(microsecond=0)


def test_agenda_ics_counterpart_is_the_buyer_for_the_exhibitor(show):
    meeting = _meeting(show, 0, show.slots[0])
    data = agenda_ics(
        event=show.event,
        meetings=meetings_for_export(Meeting.objects.filter(exhibitor=show.exhibitors[0])),
        calendar_name="Vendor 0",
        viewer="exhibitor",
    )
    ev = _vevents(Calendar.from_ical(data))[f"meeting-{meeting.pk}@expomatch"]
    assert str(ev["SUMMARY"]) == "Meeting: Toshkent Metro"
    assert "With: Toshkent Metro (UZ)" in str(ev["DESCRIPTION"])


def test_agenda_ics_uid_stays_and_sequence_grows_when_the_meeting_moves(show):
    meeting = _meeting(show, 0, show.slots[0])
    uid = f"meeting-{meeting.pk}@expomatch"
    before = _vevents(_ics(show)[0])[uid]
    meeting_reschedule(meeting=meeting, slot=show.slots[3], by_user=show.organiser)
    after = _vevents(_ics(show)[0])
    assert list(after) == [uid]
    assert after[uid]["SEQUENCE"] > before["SEQUENCE"]
    assert after[uid].decoded("DTSTART").time() == show.slots[3].starts_at.astimezone(show.event.tz).time()
    assert after[uid].decoded("DTSTART") != before.decoded("DTSTART")


def test_agenda_ics_cancelled_meeting_is_kept_as_cancelled(show):
    meeting = _meeting(show, 0, show.slots[0])
    meeting_cancel(meeting=meeting, by_user=show.organiser, reason="Flight delayed")
    ev = _vevents(_ics(show)[0])[f"meeting-{meeting.pk}@expomatch"]
    assert str(ev["STATUS"]) == "CANCELLED"
    assert ev["SEQUENCE"] == 2
    assert "Flight delayed" in str(ev["DESCRIPTION"])


def test_agenda_ics_proposed_is_tentative(show):
    meeting = _meeting(show, 0, show.slots[0], status=MeetingStatus.PROPOSED)
    ev = _vevents(_ics(show)[0])[f"meeting-{meeting.pk}@expomatch"]
    assert str(ev["STATUS"]) == "TENTATIVE"


def test_agenda_ics_meeting_without_slot_is_left_out(show):
    kept = _meeting(show, 0, show.slots[0])
    _meeting(show, 1, None, status=MeetingStatus.CANCELLED)
    assert list(_vevents(_ics(show)[0])) == [f"meeting-{kept.pk}@expomatch"]


def test_agenda_ics_same_rows_give_same_bytes(show):
    _meeting(show, 0, show.slots[0])
    assert _ics(show)[1] == _ics(show)[1]


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_ics_query_count_does_not_grow_with_meetings(show, count, django_assert_num_queries):
    for n in range(count):
        _meeting(show, n, show.slots[n])
    with django_assert_num_queries(1):
        data = agenda_ics(event=show.event, meetings=_buyer_meetings(show), calendar_name="x", viewer="buyer")
    assert len(Calendar.from_ical(data).walk("VEVENT")) == count


# --- CSV -------------------------------------------------------------------------------------------------


def _csv_rows(show):
    text = meetings_csv(event=show.event, meetings=meetings_for_export(Meeting.objects.filter(event=show.event)))
    return text, list(csv.reader(io.StringIO(text)))


def test_meetings_csv_header_and_one_row_per_meeting_in_local_time(show):
    first = _meeting(show, 0, show.slots[0])
    second = _meeting(show, 1, show.slots[1], status=MeetingStatus.PROPOSED)
    text, rows = _csv_rows(show)
    assert not text.startswith("\ufeff")
    assert rows[0] == [str(label) for _key, label in CSV_COLUMNS]
    assert rows[1:] == [
        [
            "2026-11-10",
            "10:00",
            "10:20",
            "Toshkent Metro",
            "UZ",
            "Vendor 0",
            "Pavilion 2",
            "B0",
            "Booth B0 · seat 1",
            "Aziz Karimov0",
            "Confirmed",
            "Normal",
            str(first.pk),
            "1",
        ],
        [
            "2026-11-10",
            "10:25",
            "10:45",
            "Toshkent Metro",
            "UZ",
            "Vendor 1",
            "Pavilion 2",
            "B1",
            "Booth B1 · seat 1",
            "Aziz Karimov1",
            "Slot proposed",
            "Normal",
            str(second.pk),
            "1",
        ],
    ]


def test_meetings_csv_neutralises_formulas(show):
    show.buyer.company = '=HYPERLINK("http://evil.example","click")'
    show.buyer.save()
    _meeting(show, 0, show.slots[0], request__priority=RequestPriority.HIGH)
    _text, rows = _csv_rows(show)
    assert rows[1][3] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1][11] == "Must meet"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+998 71 000", "'+998 71 000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("  =1", "'  =1"),
        ("Hikvision", "Hikvision"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_safe_prefixes_formula_starts(value, expected):
    assert csv_safe(value) == expected


# --- printable agenda ------------------------------------------------------------------------------------


def test_agenda_context_groups_by_local_day_and_drops_cancelled(show):
    second_day = EventDayFactory(event=show.event, date=show.event.start_date.replace(day=11), opens=time(10))
    second_day.closes = time(11)
    second_day.save()
    slots_generate(event=show.event)
    day2_slot = Slot.objects.get(day=second_day, index=0)
    _meeting(show, 0, show.slots[1])
    _meeting(show, 1, day2_slot)
    _meeting(show, 2, show.slots[0], status=MeetingStatus.CANCELLED)
    context = agenda_context(event=show.event, profile=show.buyer, meetings=_buyer_meetings(show), viewer="buyer")
    assert [d.date.isoformat() for d in context["days"]] == ["2026-11-10", "2026-11-11"]
    assert [(r.counterpart, f"{r.starts:%H:%M}") for d in context["days"] for r in d.rows] == [
        ("Vendor 0", "10:25"),
        ("Vendor 1", "10:00"),
    ]
    assert context["meeting_count"] == 2


def test_agenda_print_html_shows_local_times_and_counterparts(show):
    _meeting(show, 0, show.slots[0])
    _meeting(show, 1, show.slots[2], status=MeetingStatus.PROPOSED)
    html = agenda_print_html(event=show.event, profile=show.buyer, meetings=_buyer_meetings(show), viewer="buyer")
    assert '<html lang="en"' in html
    assert "Securex Uzbekistan 2026" in html
    assert "Toshkent Metro" in html
    assert "10:00–10:20" in html
    assert "10:50–11:10" in html
    assert "Vendor 0" in html and "Vendor 1" in html
    assert "Aziz Karimov0" in html
    assert "Booth B1 · seat 1" in html
    assert "Tuesday, 10 November 2026" in html
    assert "<script" not in html


def test_agenda_print_html_for_the_exhibitor_names_the_buyer(show):
    _meeting(show, 0, show.slots[0])
    html = agenda_print_html(
        event=show.event,
        profile=show.exhibitors[0],
        meetings=meetings_for_export(Meeting.objects.filter(exhibitor=show.exhibitors[0])),
        viewer="exhibitor",
    )
    assert "Toshkent Metro" in html
    assert "(UZ)" in html


@pytest.mark.parametrize(
    ("language", "day_heading"), [("ru", "Вторник, 10 ноября 2026"), ("uz", "Seshanba, 10 Noyabr 2026")]
)
def test_agenda_print_html_renders_in_the_requested_language(show, language, day_heading):
    _meeting(show, 0, show.slots[0])
    html = agenda_print_html(
        event=show.event, profile=show.buyer, meetings=_buyer_meetings(show), viewer="buyer", language=language
    )
    assert f'<html lang="{language}"' in html
    assert "10:00–10:20" in html
    assert day_heading in html


def test_agenda_print_html_without_meetings(show):
    html = agenda_print_html(event=show.event, profile=show.buyer, meetings=[], viewer="buyer")
    assert "No meetings yet." in html
