"""Meeting requests: create, accept, decline, cancel, expire.

Every refusal raises WorkflowError with a stable `code` and a sentence a person understands; nothing is written
then. Every change increments what it touches and is recorded in the change log in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from matchmaking.enums import EventPhase
from matchmaking.models import Buyer, Event, Exhibitor, User
from matchmaking.queries import pair_exclusion
from meetings import notifications
from meetings.changes import change_record
from meetings.enums import (
    ACTIVE_MEETING_STATUSES,
    OPEN_REQUEST_STATUSES,
    ChangeAction,
    MeetingStatus,
    RequestDirection,
    RequestPriority,
    RequestStatus,
)
from meetings.models import Meeting, MeetingRequest

# Phases in which people may send requests; in PUBLISHED an accepted request is placed at once (fast path).
REQUEST_PHASES = (EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING, EventPhase.PUBLISHED)
MESSAGE_MAX = 2000


class WorkflowError(Exception):
    """A refused action. `code` is stable (for the API and tests), `message` is for people, `field` optional."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


def _side_of(user: User, buyer: Buyer, exhibitor: Exhibitor) -> str | None:
    on_buyer = buyer.team.filter(user=user).exists()
    on_exhibitor = exhibitor.team.filter(user=user).exists()
    if on_buyer and on_exhibitor:
        raise WorkflowError("self", _("You cannot request a meeting with your own company."))
    return "buyer" if on_buyer else "exhibitor" if on_exhibitor else None


def _check_window(event: Event, now: datetime) -> None:
    if event.phase not in REQUEST_PHASES:
        raise WorkflowError("window_closed", _("Meeting requests are not open for this event."))
    if event.requests_open_at and now < event.requests_open_at:
        raise WorkflowError("window_closed", _("Meeting requests open on %(when)s.") % {"when": event.requests_open_at})
    if event.requests_close_at and now > event.requests_close_at:
        raise WorkflowError(
            "window_closed", _("Meeting requests closed on %(when)s.") % {"when": event.requests_close_at}
        )


def _check_quotas(event: Event, buyer: Buyer, sender_side: str, sender: Buyer | Exhibitor) -> None:
    pending_sent = MeetingRequest.objects.filter(
        status=RequestStatus.PENDING,
        direction=(
            RequestDirection.BUYER_TO_EXHIBITOR if sender_side == "buyer" else RequestDirection.EXHIBITOR_TO_BUYER
        ),
        **{sender_side: sender},
    ).count()
    if event.pending_request_cap and pending_sent >= event.pending_request_cap:
        raise WorkflowError(
            "pending_cap",
            _("You already have %(n)d requests waiting for an answer, the most this event allows.")
            % {"n": pending_sent},
        )
    accepted = MeetingRequest.objects.filter(buyer=buyer, status=RequestStatus.ACCEPTED).count()
    if event.meetings_total_cap and accepted >= event.meetings_total_cap:
        raise WorkflowError(
            "total_quota",
            _("%(buyer)s already has %(n)d meetings, the most this event allows.")
            % {"buyer": buyer.company, "n": accepted},
        )
    days = buyer.days_attending.count() or event.days.count()
    if event.meetings_per_day_cap and days and accepted >= days * event.meetings_per_day_cap:
        raise WorkflowError(
            "daily_quota",
            _("%(buyer)s's days are full: %(cap)d meetings a day on %(days)d day(s).")
            % {"buyer": buyer.company, "cap": event.meetings_per_day_cap, "days": days},
        )


@transaction.atomic
def meeting_request_create(
    *,
    buyer: Buyer,
    exhibitor: Exhibitor,
    by_user: User,
    message: str = "",
    priority: int = RequestPriority.NORMAL,
    now: datetime | None = None,
) -> MeetingRequest:
    """A buyer's request to an exhibitor, or an exhibitor's invitation to a buyer (decided by `by_user`'s team).

    Refused (WorkflowError.code): not_same_event, not_a_member, self, window_closed, duplicate, pending_cap,
    total_quota, daily_quota, excluded, invalid.
    """
    now = now or timezone.now()
    if buyer.event_id != exhibitor.event_id:
        raise WorkflowError("not_same_event", _("The buyer and the exhibitor are not at the same event."))
    event = Event.objects.select_for_update().get(pk=buyer.event_id)  # serialises quota checks per event
    side = _side_of(by_user, buyer, exhibitor)
    if side is None:
        raise WorkflowError("not_a_member", _("You are not on the team of the buyer or the exhibitor."))
    if buyer.company.strip().casefold() == exhibitor.company.strip().casefold():
        raise WorkflowError("self", _("You cannot request a meeting with your own company."))
    if priority not in RequestPriority.values:
        raise WorkflowError("invalid", _("Choose a priority from the list."), field="priority")
    if len(message) > MESSAGE_MAX:
        raise WorkflowError(
            "invalid", _("The message can be at most %(n)d characters.") % {"n": MESSAGE_MAX}, field="message"
        )
    _check_window(event, now)
    if MeetingRequest.objects.filter(buyer=buyer, exhibitor=exhibitor, status__in=OPEN_REQUEST_STATUSES).exists():
        raise WorkflowError("duplicate", _("There is already an open request between you."))
    excluded = pair_exclusion(event=event, buyer=buyer, exhibitor=exhibitor)
    if excluded:
        raise WorkflowError("excluded", excluded)
    _check_quotas(event, buyer, side, buyer if side == "buyer" else exhibitor)
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event,
                buyer=buyer,
                exhibitor=exhibitor,
                direction=(
                    RequestDirection.BUYER_TO_EXHIBITOR if side == "buyer" else RequestDirection.EXHIBITOR_TO_BUYER
                ),
                sent_by=by_user,
                message=message.strip(),
                priority=priority,
                expires_at=now + timedelta(hours=event.request_expiry_hours) if event.request_expiry_hours else None,
            )
    except IntegrityError as exc:  # a concurrent duplicate won the race
        raise WorkflowError("duplicate", _("There is already an open request between you.")) from exc
    _log_request(request, ChangeAction.REQUEST_CREATED, by_user)
    notifications.notify_request_created(request=request, actor=by_user)
    if request.expires_at is not None:
        from meetings.tasks import expire_request

        request_id, when = request.pk, request.expires_at
        transaction.on_commit(lambda: expire_request.using(run_after=when).enqueue(request_id))
    return request


def _log_request(req: MeetingRequest, action: ChangeAction, by_user: User | None, **data: object) -> None:
    change_record(
        event=req.event,
        action=action,
        actor=by_user,
        buyer=req.buyer_id,
        exhibitor=req.exhibitor_id,
        obj=req,
        data=data,
    )


def _receiving_side(request: MeetingRequest) -> str:
    return "exhibitor" if request.direction == RequestDirection.BUYER_TO_EXHIBITOR else "buyer"


def _is_member(user: User, profile: Buyer | Exhibitor) -> bool:
    return profile.team.filter(user=user).exists()


def _locked_request(request: MeetingRequest) -> MeetingRequest:
    # Lock the request row only, and only against other writers (NO KEY UPDATE): without `of`, PostgreSQL would
    # also lock the joined event, buyer and exhibitor rows, and a plain FOR UPDATE blocks every concurrent insert's
    # foreign-key check (FOR KEY SHARE) — both made concurrent accepts, placements and cancels deadlock.
    locked = MeetingRequest.objects.select_for_update(of=("self",), no_key=True)
    return locked.select_related("event", "buyer", "exhibitor").get(pk=request.pk)


@transaction.atomic
def meeting_request_accept(*, request: MeetingRequest, by_user: User, now: datetime | None = None) -> MeetingRequest:
    """Accept a pending request (a member of the receiving side). When the event's schedule is published the
    fast path proposes a slot at once; otherwise the request waits for the organiser's scheduler run.

    The result's `placement_note` (attribute) says what happened to the slot. Refused: not_a_member,
    not_pending, expired.
    """
    req = _locked_request(request)
    receiving = getattr(req, _receiving_side(req))
    if not _is_member(by_user, receiving):
        raise WorkflowError("not_a_member", _("Only the team that received the request can answer it."))
    _check_pending(req, now or timezone.now())
    req.status = RequestStatus.ACCEPTED
    req.responded_by, req.responded_at = by_user, now or timezone.now()
    req.save(update_fields=["status", "responded_by", "responded_at", "updated_at"])
    _log_request(req, ChangeAction.REQUEST_ANSWERED, by_user, status=RequestStatus.ACCEPTED)
    notifications.notify_request_answered(request=req, actor=by_user)
    req.placement_note = _("The organiser's scheduler will give this meeting a slot.")  # type: ignore[attr-defined]
    if req.event.phase == EventPhase.PUBLISHED:
        from meetings.services.schedule import PlacementError, meeting_place_fast

        try:
            meeting = meeting_place_fast(request=req, by_user=by_user)
        except PlacementError as exc:
            req.placement_note = _("No slot yet: %(reason)s.") % {"reason": exc.reason}  # type: ignore[attr-defined]
        else:
            req.placement_note = _("Proposed slot: %(slot)s.") % {"slot": meeting.slot}  # type: ignore[attr-defined]
            notifications.notify_meetings_proposed(meetings=[meeting], actor=by_user)
    return req


def _check_pending(req: MeetingRequest, now: datetime) -> None:
    if req.status != RequestStatus.PENDING:
        raise WorkflowError(
            "not_pending", _("This request is already %(status)s.") % {"status": req.get_status_display().lower()}
        )
    if req.expires_at and req.expires_at <= now:
        raise WorkflowError("expired", _("This request has expired."))


@transaction.atomic
def meeting_request_decline(
    *, request: MeetingRequest, by_user: User, reason: str = "", now: datetime | None = None
) -> MeetingRequest:
    """Decline a pending request (a member of the receiving side), with an optional reason shown to the sender."""
    req = _locked_request(request)
    if not _is_member(by_user, getattr(req, _receiving_side(req))):
        raise WorkflowError("not_a_member", _("Only the team that received the request can answer it."))
    _check_pending(req, now or timezone.now())
    if len(reason) > 500:
        raise WorkflowError("invalid", _("The reason can be at most 500 characters."), field="reason")
    req.status = RequestStatus.DECLINED
    req.decline_reason = reason.strip()
    req.responded_by, req.responded_at = by_user, now or timezone.now()
    req.save(update_fields=["status", "decline_reason", "responded_by", "responded_at", "updated_at"])
    _log_request(req, ChangeAction.REQUEST_ANSWERED, by_user, status=RequestStatus.DECLINED)
    notifications.notify_request_answered(request=req, actor=by_user)
    return req


@transaction.atomic
def meeting_request_cancel(*, request: MeetingRequest, by_user: User, reason: str = "") -> MeetingRequest:
    """Cancel a pending or accepted request (either side); its active meeting, if any, is cancelled too and the
    slot freed."""
    req = _locked_request(request)
    if not (_is_member(by_user, req.buyer) or _is_member(by_user, req.exhibitor)):
        raise WorkflowError("not_a_member", _("Only the two teams can cancel this request."))
    if req.status not in OPEN_REQUEST_STATUSES:
        raise WorkflowError(
            "not_open", _("This request is already %(status)s.") % {"status": req.get_status_display().lower()}
        )
    req.status = RequestStatus.CANCELLED
    req.save(update_fields=["status", "updated_at"])
    active = Meeting.objects.select_for_update(of=("self",)).filter(request=req, status__in=ACTIVE_MEETING_STATUSES)
    for meeting in active:
        meeting_cancel_row(meeting, by_user, reason or _("The request was cancelled."))
    _log_request(req, ChangeAction.REQUEST_CANCELLED, by_user, reason=reason[:300])
    return req


def meeting_cancel_row(meeting: Meeting, by_user: User | None, reason: str) -> None:
    """Cancel an active meeting (slot freed), log it, and tell the other side (they had been told of its slot)."""
    from meetings.notifications import CANCELLED, meeting_change_notify

    had_slot = meeting.status in (MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.locked = False
    meeting.cancel_reason = reason[:300]
    meeting.version += 1
    meeting.save(update_fields=["status", "locked", "cancel_reason", "version", "updated_at"])
    change_record(
        event=meeting.event,
        action=ChangeAction.MEETING_CANCELLED,
        actor=by_user,
        buyer=meeting.buyer_id,
        exhibitor=meeting.exhibitor_id,
        obj=meeting,
        data={"reason": meeting.cancel_reason},
    )
    if had_slot:
        meeting_change_notify(meeting=meeting, kind=CANCELLED, actor=by_user)


def meeting_requests_expire(*, now: datetime | None = None, ids: list[int] | None = None) -> int:
    """Expire every pending request whose answer time has passed (all events, or only `ids`); returns how many.

    Each expiry is its own small transaction, so one bad row never blocks the rest and the sweep can run while
    people use the portal.
    """
    now = now or timezone.now()
    expired = 0
    due = MeetingRequest.objects.filter(Q(status=RequestStatus.PENDING) & Q(expires_at__lte=now))
    if ids is not None:
        due = due.filter(pk__in=ids)
    due = due.values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            req = MeetingRequest.objects.select_for_update(of=("self",)).select_related("event").filter(pk=pk).first()
            if req is None or req.status != RequestStatus.PENDING:
                continue
            req.status = RequestStatus.EXPIRED
            req.save(update_fields=["status", "updated_at"])
            _log_request(req, ChangeAction.REQUEST_EXPIRED, None)
            notifications.notify_request_expired(request=req)
            expired += 1
    return expired
