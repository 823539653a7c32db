import pytest
from django.core.management import call_command
from django.db.models import Count

from matchmaking.models import Buyer, Category, Event, Exhibitor, User
from meetings import demo
from meetings.enums import ACTIVE_MEETING_STATUSES, MeetingStatus, RequestStatus
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, Location, Meeting, MeetingRequest, Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return demo.seed_demo(exhibitors=30, buyers=80)


def test_seed_demo_builds_the_securex_event(seeded):
    event = Event.objects.get(slug=demo.DEMO_SLUG)
    assert (event.time_zone, event.start_date.isoformat(), event.end_date.isoformat()) == (
        "Asia/Tashkent",
        "2026-11-10",
        "2026-11-12",
    )
    assert [(d.opens.hour, d.closes.hour, d.breaks.count()) for d in event.days.order_by("date")] == [
        (10, 17, 1),
        (10, 17, 1),
        (10, 15, 1),
    ]
    assert Slot.objects.filter(event=event).count() == 37
    assert (Exhibitor.objects.count(), Buyer.objects.count()) == (30, 80)
    assert Category.objects.count() == 60
    assert Location.objects.filter(event=event, kind="lounge_table").count() >= 10


def test_seed_demo_has_requests_and_meetings_in_every_status(seeded):
    assert set(MeetingRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(Meeting.objects.values_list("status", flat=True)) == set(MeetingStatus.values)
    assert AvailabilityBlock.objects.exists()


def test_seed_demo_places_meetings_without_double_booking_or_blocked_slots(seeded):
    active = Meeting.objects.filter(ACTIVE_MEETING)
    assert active.count() > 0
    per_buyer_slot = active.values("buyer", "slot").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(per_buyer_slot) == []
    for meeting in active.select_related("exhibitor", "slot"):
        assert meeting.exhibitor_seat <= meeting.exhibitor.parallel_meetings
        assert meeting.slot.day in meeting.buyer.days_attending.all()
    blocked = set(AvailabilityBlock.objects.filter(buyer__isnull=False).values_list("buyer_id", "slot_id"))
    assert not blocked & set(active.values_list("buyer_id", "slot_id"))
    assert {s.value for s in ACTIVE_MEETING_STATUSES} >= set(active.values_list("status", flat=True))


def test_seed_demo_logins_work(client, seeded):
    for email in (demo.DEMO_ORGANISER, demo.DEMO_BUYER, demo.DEMO_EXHIBITOR):
        assert client.login(email=email, password=demo.DEMO_PASSWORD), email
        client.logout()
    assert User.objects.get(email=demo.DEMO_ORGANISER).is_staff
    assert MeetingRequest.objects.filter(
        exhibitor__team__user__email=demo.DEMO_EXHIBITOR, status=RequestStatus.PENDING
    ).exists()


def test_seed_demo_is_deterministic():
    def snapshot():
        return (
            list(Exhibitor.objects.order_by("external_key").values_list("external_key", "company", "booth")),
            list(Buyer.objects.order_by("external_key").values_list("external_key", "company", "city")),
            sorted(
                Meeting.objects.values_list(
                    "buyer__external_key", "exhibitor__external_key", "slot__starts_at", "status"
                )
            ),
        )

    demo.seed_demo(exhibitors=20, buyers=40)
    first = snapshot()
    demo.seed_demo(exhibitors=20, buyers=40, reset=True)
    assert snapshot() == first


def test_seed_demo_refuses_to_overwrite_and_reset_replaces(seeded):
    with pytest.raises(demo.DemoExists):
        demo.seed_demo(exhibitors=5, buyers=5)
    demo.seed_demo(exhibitors=5, buyers=7, reset=True)
    assert (Event.objects.count(), Exhibitor.objects.count(), Buyer.objects.count()) == (1, 5, 7)
    # The old participants' users are gone with their event; no orphans remain.
    assert not User.objects.filter(memberships__isnull=True, organiser_roles__isnull=True).exists()


def test_seed_demo_command_if_empty_is_a_no_op_when_seeded(seeded, capsys):
    call_command("seed_demo", "--if-empty")
    assert "Nothing to do" in capsys.readouterr().out
    assert Exhibitor.objects.count() == 30


def test_seed_demo_command_reports_sizes_and_logins(capsys):
    call_command("seed_demo", "--exhibitors", "4", "--buyers", "6")
    out = capsys.readouterr().out
    assert "4 exhibitors, 6 buyers" in out
    assert demo.DEMO_BUYER in out and demo.DEMO_PASSWORD in out
