"""Meeting requests: every rule and refusal of create, accept, decline, cancel and expiry."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from matchmaking.enums import EventPhase, RulesStatus
from matchmaking.models import MatchRuleSet
from meetings.enums import ChangeAction, MeetingStatus, RequestDirection, RequestStatus
from meetings.models import ChangeLog, Meeting, MeetingRequest, Slot
from meetings.services import slots_generate
from meetings.services.requests import (
    WorkflowError,
    meeting_request_accept,
    meeting_request_cancel,
    meeting_request_create,
    meeting_request_decline,
    meeting_requests_expire,
)
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    event = EventFactory(phase=EventPhase.REQUESTS_OPEN, pending_request_cap=3, meetings_per_day_cap=2)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, company="Metro Toshkent", languages=["uz", "ru"])
    buyer.days_attending.add(day)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC", languages=["en", "ru"])
    show = type("Show", (), {})()
    show.event, show.buyer, show.exhibitor = event, buyer, exhibitor
    show.buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    show.exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user
    return show


def _refused(code, fn, **kwargs):
    with pytest.raises(WorkflowError) as info:
        fn(**kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def test_buyer_request_is_created_logged_and_expires_later(show, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        req = meeting_request_create(
            buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user, message="  Hello  ", priority=3
        )
    assert (req.direction, req.status, req.message, req.priority) == (
        RequestDirection.BUYER_TO_EXHIBITOR,
        RequestStatus.PENDING,
        "Hello",
        3,
    )
    assert req.expires_at - req.created_at == pytest.approx(timedelta(hours=72), abs=timedelta(seconds=5))
    assert ChangeLog.objects.get().action == ChangeAction.REQUEST_CREATED
    task = DBTaskResult.objects.get(task_path__endswith="expire_request")
    assert task.task_path.endswith("expire_request") and task.run_after == req.expires_at


def test_exhibitor_sends_an_invitation(show):
    req = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.exhibitor_user)
    assert req.direction == RequestDirection.EXHIBITOR_TO_BUYER


def test_request_refusals(show):
    other_event_exhibitor = ExhibitorFactory()
    _refused(
        "not_same_event",
        meeting_request_create,
        buyer=show.buyer,
        exhibitor=other_event_exhibitor,
        by_user=show.buyer_user,
    )
    _refused("not_a_member", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=UserFactory())
    twin = ExhibitorFactory(event=show.event, company="metro toshkent ")
    _refused("self", meeting_request_create, buyer=show.buyer, exhibitor=twin, by_user=show.buyer_user)
    _refused(
        "invalid",
        meeting_request_create,
        buyer=show.buyer,
        exhibitor=show.exhibitor,
        by_user=show.buyer_user,
        message="x" * 2001,
    )
    meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    _refused("duplicate", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    _refused(
        "duplicate", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.exhibitor_user
    )
    assert MeetingRequest.objects.count() == 1


def test_request_outside_the_window_is_refused(show):
    show.event.phase = EventPhase.DRAFT
    show.event.save()
    err = _refused(
        "window_closed", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user
    )
    assert "not open" in err.message
    show.event.phase = EventPhase.REQUESTS_OPEN
    show.event.requests_close_at = timezone.now() - timedelta(hours=1)
    show.event.save()
    _refused(
        "window_closed", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user
    )


def test_pending_cap_counts_only_what_the_sender_sent(show):
    for _ in range(3):
        meeting_request_create(buyer=show.buyer, exhibitor=ExhibitorFactory(event=show.event), by_user=show.buyer_user)
    err = _refused(
        "pending_cap", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user
    )
    assert "3 requests" in err.message
    # An invitation from the exhibitor is the exhibitor's pending request, not the buyer's.
    meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.exhibitor_user)


def test_daily_and_total_quotas(show):
    for _ in range(2):  # one day attended × 2 a day
        MeetingRequestFactory(event=show.event, buyer=show.buyer, status=RequestStatus.ACCEPTED)
    _refused("daily_quota", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    show.event.meetings_per_day_cap = 10
    show.event.meetings_total_cap = 2
    show.event.save()
    _refused("total_quota", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)


def test_match_rules_exclusions(show):
    MatchRuleSet.objects.create(
        event=show.event,
        version=1,
        status=RulesStatus.PUBLISHED,
        data={"blocked_pairs": [[str(show.buyer.pk), str(show.exhibitor.pk)]]},
    )
    err = _refused(
        "excluded", meeting_request_create, buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user
    )
    assert "organiser" in err.message
    MatchRuleSet.objects.update(data={"require_shared_language": True})
    german = ExhibitorFactory(event=show.event, languages=["de"])
    _refused("excluded", meeting_request_create, buyer=show.buyer, exhibitor=german, by_user=show.buyer_user)
    meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)  # share "ru"


def test_accept_waits_for_the_scheduler_before_publication(show):
    req = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    _refused("not_a_member", meeting_request_accept, request=req, by_user=show.buyer_user)  # the sender
    accepted = meeting_request_accept(request=req, by_user=show.exhibitor_user)
    assert accepted.status == RequestStatus.ACCEPTED and accepted.responded_by == show.exhibitor_user
    assert "scheduler" in accepted.placement_note
    assert not Meeting.objects.exists()
    _refused("not_pending", meeting_request_accept, request=req, by_user=show.exhibitor_user)


def test_accept_after_publication_proposes_a_slot_at_once(show):
    show.event.phase = EventPhase.PUBLISHED
    show.event.save()
    req = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    accepted = meeting_request_accept(request=req, by_user=show.exhibitor_user)
    meeting = Meeting.objects.get(request=req)
    assert meeting.status == MeetingStatus.PROPOSED
    assert "Proposed slot" in accepted.placement_note
    assert list(ChangeLog.objects.values_list("action", flat=True)) == [
        ChangeAction.REQUEST_CREATED,
        ChangeAction.REQUEST_ANSWERED,
        ChangeAction.MEETING_PROPOSED,
    ]


def test_decline_with_a_reason(show):
    req = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.exhibitor_user)
    declined = meeting_request_decline(request=req, by_user=show.buyer_user, reason="Not this year")
    assert (declined.status, declined.decline_reason) == (RequestStatus.DECLINED, "Not this year")
    _refused("not_pending", meeting_request_decline, request=req, by_user=show.buyer_user)


def test_expired_request_cannot_be_answered_and_is_swept(show):
    req = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    later = req.expires_at + timedelta(minutes=1)
    _refused("expired", meeting_request_accept, request=req, by_user=show.exhibitor_user, now=later)
    assert meeting_requests_expire(now=req.expires_at - timedelta(minutes=1)) == 0
    assert meeting_requests_expire(now=later) == 1
    req.refresh_from_db()
    assert req.status == RequestStatus.EXPIRED
    assert meeting_requests_expire(now=later) == 0  # once
    assert ChangeLog.objects.filter(action=ChangeAction.REQUEST_EXPIRED).count() == 1


def test_expire_request_task_expires_only_that_request(show):
    from meetings.tasks import expire_request

    due = MeetingRequestFactory(event=show.event, expires_at=timezone.now() - timedelta(minutes=1))
    also_due = MeetingRequestFactory(event=show.event, expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_request.call(due.pk) == 1
    assert MeetingRequest.objects.get(pk=due.pk).status == RequestStatus.EXPIRED
    assert MeetingRequest.objects.get(pk=also_due.pk).status == RequestStatus.PENDING


def test_cancel_frees_the_meeting_and_its_slot(show):
    meeting = MeetingFactory(
        request__event=show.event,
        request__buyer=show.buyer,
        request__exhibitor=show.exhibitor,
        slot=Slot.objects.filter(event=show.event).first(),
    )
    _refused("not_a_member", meeting_request_cancel, request=meeting.request, by_user=UserFactory())
    meeting_request_cancel(request=meeting.request, by_user=show.exhibitor_user, reason="Stand closed")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason, meeting.version) == (MeetingStatus.CANCELLED, "Stand closed", 2)
    assert meeting.request.status == RequestStatus.CANCELLED
    _refused("not_open", meeting_request_cancel, request=meeting.request, by_user=show.buyer_user)
    # The slot is free again: a new request can be accepted and placed there.
    assert not Meeting.objects.filter(slot=meeting.slot, status=MeetingStatus.CONFIRMED).exists()
