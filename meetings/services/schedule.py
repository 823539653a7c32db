"""Scheduler runs, writing a schedule back, and the fast path for one accepted request.

A run is a ScheduleRun row executed by the task worker (`meetings.tasks.execute_schedule_run`) or by
`manage.py run_scheduler`. The solve happens outside any transaction; the result is written by
`schedule_apply` in one transaction that first checks nothing changed meanwhile, so a failed, cancelled or
stale run leaves the previous schedule exactly as it was.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from matchmaking.models import Event, User
from meetings.changes import change_record, changes_record
from meetings.enums import ChangeAction, MeetingStatus, RequestStatus, ScheduleRunStatus
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, Meeting, MeetingRequest, ScheduleRun, Slot
from meetings.realtime import publish_schedule_run_progress

if TYPE_CHECKING:
    from meetings import scheduling as core
    from meetings.scheduler import Built

# The solver (OR-Tools) and its adapter are imported inside the functions that use them, so that importing
# the services in the web process does not load OR-Tools (DESIGN.md: heavy imports stay in the cores).

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 600.0
ABANDONED_GRACE_SECONDS = 120


class ScheduleConflict(Exception):
    """The event's meetings or accepted requests changed while the run was solving; nothing was written."""


class ScheduleRunBusy(Exception):
    """Another run of the same event is queued or running."""


class PlacementError(Exception):
    """The fast path found no slot; `reason` says why (no common free slot, daily cap reached, ...) and `code`
    is stable: no_slot, not_accepted, or slot_taken (a concurrent change took the slot; trying again may work)."""

    def __init__(self, reason: str, code: str = "no_slot"):
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class ApplyResult:
    created: int
    moved: int
    kept: int
    cancelled: int
    locked: int


@transaction.atomic
def schedule_apply(*, event: Event, built: Built, assignment: dict[str, str], actor: User | None = None) -> ApplyResult:
    """Write a solved assignment (request key → slot key) for the event, all rows or none.

    Locked meetings are never touched. A proposed meeting the assignment moves gets its new slot (version + 1);
    one it leaves out is cancelled; an accepted request without a meeting gets a new proposed meeting. Raises
    ScheduleConflict if anything the instance was built from changed since, and IntegrityError never escapes
    as a half-written schedule (the transaction rolls back whole).
    """
    from meetings import notifications
    from meetings import scheduler as adapter

    Event.objects.select_for_update().filter(pk=event.pk).first()  # one schedule writer per event at a time
    if adapter.Snapshot.of(event) != built.snapshot:
        raise ScheduleConflict("Meetings or requests changed while the scheduler was running; run it again.")
    target = adapter.slot_ids(assignment)
    moving: list[Meeting] = []
    dropped: list[Meeting] = []
    kept = locked = 0
    for key, meeting in built.active.items():
        pk = int(key[1:])
        if meeting.status in adapter.LOCKED_STATUSES:
            if target.get(pk) != meeting.slot_id:
                raise ScheduleConflict(f"The solver moved locked meeting {meeting.pk}; nothing was written.")
            locked += 1
        elif pk not in target:
            dropped.append(meeting)
        elif target[pk] != meeting.slot_id:
            moving.append(meeting)
        else:
            kept += 1
    released = [m.pk for m in moving + dropped]
    # Release moved and dropped meetings first, so re-placing them never collides with their old selves.
    Meeting.objects.filter(pk__in=released).update(
        status=MeetingStatus.CANCELLED, version=F("version") + 1, updated_at=timezone.now()
    )
    places = adapter.places_in_use(event)
    new_requests = [
        built.requests[adapter.request_key(pk)] for pk in target if adapter.request_key(pk) not in built.active
    ]
    finder = adapter.PlaceFinder(
        event, {r.exhibitor_id for r in new_requests} | {m.exhibitor_id for m in moving}, places
    )
    for meeting in moving:
        old_slot = meeting.slot_id
        meeting.slot_id = target[meeting.request_id]
        meeting.status = MeetingStatus.PROPOSED
        meeting.version += 1
        finder.assign(meeting)
        meeting.save(update_fields=["slot", "status", "exhibitor_seat", "location", "exhibitor_member", "updated_at"])
        meeting.previous_slot_id = old_slot  # type: ignore[attr-defined]
    created = [
        Meeting(
            request=r,
            event=event,
            buyer_id=r.buyer_id,
            exhibitor_id=r.exhibitor_id,
            slot_id=target[r.pk],
            status=MeetingStatus.PROPOSED,
        )
        for r in new_requests
    ]
    for meeting in created:
        finder.assign(meeting)
    Meeting.objects.bulk_create(created, batch_size=2000)
    changes = [
        {"action": ChangeAction.MEETING_PROPOSED, "buyer": m.buyer_id, "exhibitor": m.exhibitor_id, "obj": m}
        for m in created
    ]
    changes += [
        {
            "action": ChangeAction.MEETING_RESCHEDULED,
            "buyer": m.buyer_id,
            "exhibitor": m.exhibitor_id,
            "obj": m,
            "data": {"from_slot": m.previous_slot_id, "to_slot": m.slot_id},  # type: ignore[attr-defined]
        }
        for m in moving
    ]
    changes += [
        {
            "action": ChangeAction.MEETING_CANCELLED,
            "buyer": m.buyer_id,
            "exhibitor": m.exhibitor_id,
            "obj": m,
            "data": {"reason": "Not placed by the scheduler run"},
        }
        for m in dropped
    ]
    changes_record(changes, event=event, actor=actor)
    notifications.notify_meetings_proposed(meetings=[*created, *moving], actor=actor)
    result = ApplyResult(created=len(created), moved=len(moving), kept=kept, cancelled=len(dropped), locked=locked)
    change_record(event=event, action=ChangeAction.SCHEDULE_PUBLISHED, actor=actor, data=result.__dict__)
    return result


def schedule_run_start(
    *, event: Event, by_user: User | None, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 2
) -> ScheduleRun:
    """Queue a scheduler run for the task worker. Refused (ScheduleRunBusy) while another is queued or running."""
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise ValueError(f"time_limit must be between 1 and {MAX_TIME_LIMIT:.0f} seconds")
    if not 1 <= workers <= 16:
        raise ValueError("workers must be between 1 and 16")
    from meetings.tasks import execute_schedule_run

    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        runs_mark_abandoned(event=event)
        busy = ScheduleRun.objects.filter(
            event=event, status__in=[ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING]
        ).first()
        if busy is not None:
            raise ScheduleRunBusy(f"Run {busy.pk} of this event is {busy.get_status_display().lower()}.")
        run = ScheduleRun.objects.create(
            event=event,
            created_by=by_user if by_user is not None and by_user.is_authenticated else None,
            parameters={"time_limit": time_limit, "workers": workers},
        )
        transaction.on_commit(lambda: execute_schedule_run.enqueue(run.pk))
    return run


def schedule_run_cancel(*, run: ScheduleRun, by_user: User | None) -> ScheduleRun:
    """Cancel a queued or running run. A running solve finishes, but its result is not written."""
    updated = ScheduleRun.objects.filter(
        pk=run.pk, status__in=[ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING]
    ).update(status=ScheduleRunStatus.CANCELLED, finished_at=timezone.now(), stage="Cancelled")
    run.refresh_from_db()
    if not updated:
        raise ValueError(f"Run {run.pk} has already finished ({run.get_status_display().lower()}).")
    return run


def _progress(run: ScheduleRun, progress: float, stage: str, **extra: Any) -> None:
    ScheduleRun.objects.filter(pk=run.pk).update(progress=progress, stage=stage, **extra)
    transaction.on_commit(
        lambda: publish_schedule_run_progress(event_id=run.event_id, run_id=run.pk, progress=progress, stage=stage)
    )


def _solve_reporting_progress(
    run: ScheduleRun, core: Any, instance: Any, *, time_limit: float, workers: int
) -> core.Solution:
    """Solve in a helper thread while this one records progress on the run row every half second.

    The solver is anytime and bounded by `time_limit`, so elapsed time over the limit is an honest progress
    measure (it may finish early when it proves optimality).
    """
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["solution"] = core.solve(instance, time_limit=time_limit, workers=workers)
        except BaseException as exc:  # re-raised in the calling thread below
            result["error"] = exc

    thread = threading.Thread(target=target, name=f"schedule-run-{run.pk}", daemon=True)
    started = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(timeout=0.5)
        elapsed = time.monotonic() - started
        share = min(1.0, elapsed / max(time_limit, 0.1))
        _progress(run, round(0.1 + 0.8 * share, 3), f"Solving: {elapsed:.0f} of at most {time_limit:.0f} s")
    if "error" in result:
        raise result["error"]
    return result["solution"]


def runs_mark_abandoned(*, event: Event) -> int:
    """Mark as failed the event's runs still "running" long after their time limit: their worker died.

    Called before a new run starts; the previous schedule is intact because a run writes only at its end.
    """
    now = timezone.now()
    abandoned = 0
    for run in ScheduleRun.objects.filter(event=event, status=ScheduleRunStatus.RUNNING, started_at__isnull=False):
        limit = float((run.parameters or {}).get("time_limit", DEFAULT_TIME_LIMIT))
        if (now - run.started_at).total_seconds() > 2 * limit + ABANDONED_GRACE_SECONDS:
            abandoned += ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRunStatus.RUNNING).update(
                status=ScheduleRunStatus.FAILED,
                error="The task worker stopped during this run; the previous schedule is unchanged.",
                stage="Failed",
                finished_at=now,
            )
    return abandoned


_PARTY_ID = re.compile(r"\b(buyer|exhibitor) ([be])(\d+)\b")


def _readable(reason: str, names: dict[str, str]) -> str:
    """The core names parties by instance id ("exhibitor e12"); people want company names."""
    return _PARTY_ID.sub(
        lambda m: f"{m.group(1)} {names.get(m.group(2) + m.group(3), m.group(2) + m.group(3))}", reason
    )


def _report(built: Built, solution: core.Solution, result: ApplyResult | None) -> dict[str, Any]:
    names: dict[str, str] = {}
    for r in built.requests.values():
        names[f"e{r.exhibitor_id}"] = r.exhibitor.company
        names[f"b{r.buyer_id}"] = r.buyer.company
    unscheduled = []
    for key, reason in sorted(solution.unscheduled.items(), key=lambda kv: int(kv[0][1:])):
        r = built.requests[key]
        unscheduled.append(
            {
                "request": r.pk,
                "buyer": r.buyer_id,
                "exhibitor": r.exhibitor_id,
                "buyer_name": r.buyer.company,
                "exhibitor_name": r.exhibitor.company,
                "reason": _readable(reason, names),
            }
        )
    return {
        "status": solution.status,
        "requests": len(built.requests),
        "scheduled": len(solution.assignment),
        "weight": solution.weight,
        "upper_bound": solution.upper_bound,
        "gap_percent": round(solution.gap_percent, 3),
        "breaks_total": solution.breaks_total,
        "breaks_max": solution.breaks_max,
        "min_exhibitor_share": solution.min_exhibitor_share,
        "seconds": round(solution.seconds, 3),
        "infeasibility": list(solution.infeasibility),
        "unscheduled": unscheduled,
        "changes": result.__dict__ if result is not None else None,
    }


def schedule_run_execute(*, run: ScheduleRun) -> ScheduleRun:
    """Solve and write the run's schedule. Safe to call once per run; returns the finished run.

    Any failure marks the run failed with the error and leaves the previous schedule untouched. A run
    cancelled while solving is not written.
    """
    from meetings import scheduler as adapter
    from meetings import scheduling as core

    claimed = ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRunStatus.QUEUED).update(
        status=ScheduleRunStatus.RUNNING, started_at=timezone.now(), progress=0.02, stage="Reading requests"
    )
    if not claimed:
        run.refresh_from_db()
        return run
    started = time.monotonic()
    params = run.parameters or {}
    try:
        built = adapter.instance_build(run.event)
        _progress(run, 0.1, f"Solving {len(built.instance.meetings)} requests")
        solution = _solve_reporting_progress(
            run,
            core,
            built.instance,
            time_limit=float(params.get("time_limit", DEFAULT_TIME_LIMIT)),
            workers=int(params.get("workers", 2)),
        )
        run.refresh_from_db(fields=["status"])
        if run.status == ScheduleRunStatus.CANCELLED:
            _progress(run, run.progress, "Cancelled; result not written", report=_report(built, solution, None))
            run.refresh_from_db()
            return run
        if solution.status in ("infeasible", "unknown"):
            raise RuntimeError(
                "No schedule was written: " + ("; ".join(solution.infeasibility) or "no solution found in time")
            )
        _progress(run, 0.9, "Writing the schedule")
        result = schedule_apply(event=run.event, built=built, assignment=solution.assignment, actor=run.created_by)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRunStatus.SUCCEEDED,
            progress=1.0,
            stage="Done",
            report=_report(built, solution, result),
            finished_at=timezone.now(),
        )
    except (ScheduleConflict, RuntimeError, IntegrityError, core.InstanceError) as exc:
        log.warning("schedule run %s failed: %s", run.pk, exc)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRunStatus.FAILED, error=str(exc), stage="Failed", finished_at=timezone.now()
        )
    except Exception as exc:  # the run row must say failed whatever went wrong; the error is logged in full
        log.exception("schedule run %s crashed", run.pk)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRunStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            stage="Failed",
            finished_at=timezone.now(),
        )
    log.info("schedule run %s finished in %.1f s", run.pk, time.monotonic() - started)
    run.refresh_from_db()
    return run


def meeting_place_fast(
    *, request: MeetingRequest, by_user: User | None = None, avoid_slots: set[int] | None = None
) -> Meeting:
    """Place one accepted request in the best common free slot without moving any other meeting.

    Returns the new proposed meeting (or the request's existing active meeting). `avoid_slots` (slot pks) are
    treated as unavailable for both parties (someone asked for another slot). Raises PlacementError with
    the reason when no slot fits. Concurrent placements for the same people are serialised by row locks and,
    as a last resort, by the database's double-booking constraints (the loser gets a PlacementError).
    """
    from meetings import scheduler as adapter
    from meetings import scheduling as core

    try:
        with transaction.atomic():
            req = (
                MeetingRequest.objects.select_for_update(of=("self",), no_key=True)  # see _locked_request
                .select_related("event", "exhibitor", "buyer")
                .get(pk=request.pk)
            )
            if req.status != RequestStatus.ACCEPTED:
                raise PlacementError("Only an accepted request can be placed.", code="not_accepted")
            existing = Meeting.objects.filter(ACTIVE_MEETING, request=req).first()
            if existing is not None:
                return existing
            event = req.event
            # Lock both parties so two placements for the same person run one after the other. NO KEY UPDATE:
            # other writers' foreign-key checks on these rows (change log, meetings) must not wait, or they deadlock.
            type(req.buyer).objects.select_for_update(no_key=True).filter(pk=req.buyer_id).first()
            type(req.exhibitor).objects.select_for_update(no_key=True).filter(pk=req.exhibitor_id).first()
            instance, assignment, meeting = _fast_instance(event, req, avoid_slots or set())
            placement = core.place_meeting(instance, assignment, meeting)
            if placement.slot_id is None:
                names = {f"b{req.buyer_id}": req.buyer.company, f"e{req.exhibitor_id}": req.exhibitor.company}
                raise PlacementError(_readable(placement.reason or "no common free slot", names))
            new = Meeting(
                request=req,
                event=event,
                buyer_id=req.buyer_id,
                exhibitor_id=req.exhibitor_id,
                slot_id=int(placement.slot_id[1:]),
                status=MeetingStatus.PROPOSED,
            )
            try:
                adapter.PlaceFinder(
                    event, [req.exhibitor_id], adapter.places_in_use(event, exhibitor_id=req.exhibitor_id)
                ).assign(new)
            except core.InstanceError as exc:  # a concurrent move took the exhibitor's track since the read above
                raise PlacementError(
                    "That slot was just taken by another meeting; please try again.", code="slot_taken"
                ) from exc
            new.save()
            change_record(
                event=event,
                action=ChangeAction.MEETING_PROPOSED,
                actor=by_user,
                buyer=req.buyer_id,
                exhibitor=req.exhibitor_id,
                obj=new,
            )
            return new
    except IntegrityError as exc:
        raise PlacementError(
            "That slot was just taken by another meeting; please try again.", code="slot_taken"
        ) from exc


def _fast_instance(
    event: Event, req: MeetingRequest, avoid_slots: set[int]
) -> tuple[core.Instance, dict[str, str], core.Meeting]:
    """A small instance with the two parties, their active meetings (locked) and, for lounge meetings, every
    meeting that uses a lounge table."""
    from meetings import scheduler as adapter
    from meetings import scheduling as core

    slots = list(Slot.objects.filter(event=event).select_related("day").order_by("starts_at"))
    buyer, exhibitor = req.buyer, req.exhibitor
    lounge = not exhibitor.booth
    mine = Meeting.objects.filter(ACTIVE_MEETING, event=event).filter(buyer=buyer) | Meeting.objects.filter(
        ACTIVE_MEETING, event=event
    ).filter(exhibitor=exhibitor)
    if lounge:
        mine = mine | Meeting.objects.filter(ACTIVE_MEETING, event=event, exhibitor__booth="")
    others = list(mine.select_related("exhibitor").distinct())
    blocked_b = {*AvailabilityBlock.objects.filter(buyer=buyer).values_list("slot_id", flat=True), *avoid_slots}
    blocked_e = {*AvailabilityBlock.objects.filter(exhibitor=exhibitor).values_list("slot_id", flat=True), *avoid_slots}
    parties = {
        f"b{buyer.pk}": adapter.buyer_party(event, buyer, slots, blocked_b),
        f"e{exhibitor.pk}": adapter.exhibitor_party(exhibitor, blocked_e),
    }
    slot_list = adapter.core_slots(event, slots)
    if not lounge:
        slot_list = tuple(core.Slot(id=s.id, day=s.day, session=s.session, locations=None) for s in slot_list)
    meetings = []
    assignment = {}
    for m in others:
        key = adapter.request_key(m.request_id)
        b, e = f"b{m.buyer_id}", f"e{m.exhibitor_id}"
        # Parties other than the two (lounge neighbours) only matter for table counting: unlimited stand-ins.
        parties.setdefault(b, core.Party(id=b, capacity=1_000, kind="buyer"))
        parties.setdefault(e, core.Party(id=e, capacity=1_000, kind="exhibitor"))
        meetings.append(
            core.Meeting(
                id=key,
                parties=(b, e),
                locked=True,
                fixed_slot=adapter.slot_key(m.slot_id),
                uses_location=not m.exhibitor.booth,
            )
        )
        assignment[key] = adapter.slot_key(m.slot_id)
    new = core.Meeting(
        id=adapter.request_key(req.pk), parties=(f"b{buyer.pk}", f"e{exhibitor.pk}"), uses_location=lounge
    )
    instance = core.Instance(slots=slot_list, parties=tuple(parties.values()), meetings=(*meetings, new))
    return instance, assignment, new


# --- Publishing the schedule --------------------------------------------------------------------------------


class PhaseError(Exception):
    """The event is in a phase that does not allow the action; `message` says which phase and what is possible."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def event_schedule_publish(*, event: Event, by_user: User | None) -> Event:
    """Publish the event's schedule: move the event from REQUESTS_OPEN or SCHEDULING to PUBLISHED.

    From then on an accepted request is placed at once by the fast path (meetings.services.requests). The
    change is recorded (`schedule.published`, data {"phase_from", "phase_to"}) and pushed to everyone after
    commit. Raises PhaseError, changing nothing, from any other phase (re-read under a row lock, so two
    organisers publishing at once publish once).
    """
    from django.utils.translation import gettext as _

    from matchmaking.enums import EventPhase

    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        # Requests still open (a preliminary schedule) or closed for scheduling. From DRAFT there is nothing to
        # publish; PUBLISHED and CLOSED are past this step.
        if not locked.schedule_preliminary:
            raise PhaseError(
                _(
                    "The schedule cannot be published while the event is in the phase “%(phase)s”; publishing is "
                    "possible while requests are open or during scheduling."
                )
                % {"phase": locked.get_phase_display()}
            )
        previous = locked.phase
        locked.phase = EventPhase.PUBLISHED
        locked.save(update_fields=["phase", "updated_at"])
        change_record(
            event=locked,
            action=ChangeAction.SCHEDULE_PUBLISHED,
            actor=by_user,
            obj=locked,
            data={"phase_from": previous, "phase_to": EventPhase.PUBLISHED.value},
        )
    event.phase = locked.phase
    return locked
