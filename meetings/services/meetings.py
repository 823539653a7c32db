"""Meetings after placement: confirm the slot, ask for another, reschedule, cancel, assign a team member,
check in, mark a no-show, leave private feedback; and participants' availability.

Permissions are part of each rule: a member of the buyer's or the exhibitor's team (as the rule says) or an
organiser of the event. Refusals raise WorkflowError; nothing is written then. Every change bumps the meeting's
version and is recorded in the change log.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matchmaking.enums import SlotConfirmation
from matchmaking.models import Buyer, EventDay, Exhibitor, Organiser, TeamMember, User
from meetings.changes import change_record
from meetings.enums import ACTIVE_MEETING_STATUSES, ChangeAction, MeetingStatus
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, Meeting, MeetingFeedback, Slot
from meetings.notifications import MOVED, meeting_change_notify, notify_meeting_confirmed, notify_meetings_proposed
from meetings.services.requests import WorkflowError, meeting_cancel_row


def _sides(user: User, meeting: Meeting) -> set[str]:
    """Which roles `user` holds for this meeting: "buyer", "exhibitor", "organiser"."""
    sides = set()
    if TeamMember.objects.filter(user=user, buyer_id=meeting.buyer_id).exists():
        sides.add("buyer")
    if TeamMember.objects.filter(user=user, exhibitor_id=meeting.exhibitor_id).exists():
        sides.add("exhibitor")
    if user.is_superuser or Organiser.objects.filter(user=user, event_id=meeting.event_id).exists():
        sides.add("organiser")
    return sides


def _locked(meeting: Meeting) -> Meeting:
    # Lock the meeting row only: FOR UPDATE may not touch the nullable (outer-joined) slot on PostgreSQL; and
    # NO KEY UPDATE, so inserts referencing the meeting (feedback) are not blocked by it.
    locked = Meeting.objects.select_for_update(of=("self",), no_key=True).select_related("event", "slot", "request")
    return locked.get(pk=meeting.pk)


def _require(user: User, meeting: Meeting, allowed: set[str]) -> set[str]:
    sides = _sides(user, meeting)
    if not sides & allowed:
        raise WorkflowError("forbidden", _("You cannot change this meeting."))
    return sides


def _require_active(meeting: Meeting) -> None:
    if meeting.status not in ACTIVE_MEETING_STATUSES:
        raise WorkflowError("not_active", _("This meeting has been cancelled."))


def _bump(meeting: Meeting, action: ChangeAction, by_user: User | None, fields: list[str], **data: object) -> Meeting:
    meeting.version += 1
    meeting.save(update_fields=[*fields, "version", "updated_at"])
    change_record(
        event=meeting.event,
        action=action,
        actor=by_user,
        buyer=meeting.buyer_id,
        exhibitor=meeting.exhibitor_id,
        obj=meeting,
        data={k: v for k, v in data.items() if v is not None},
    )
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by_user: User, now: datetime | None = None) -> Meeting:
    """Accept the proposed slot for one's side. The meeting is confirmed (and locked for later scheduler runs)
    when the exhibitor accepted it — or both sides, when the event asks for both."""
    m = _locked(meeting)
    sides = _require(by_user, m, {"buyer", "exhibitor"})
    if m.status == MeetingStatus.CONFIRMED:
        return m
    if m.status != MeetingStatus.PROPOSED:
        raise WorkflowError("not_proposed", _("Only a proposed slot can be accepted."))
    now = now or timezone.now()
    fields = []
    if "exhibitor" in sides and m.exhibitor_confirmed_at is None:
        m.exhibitor_confirmed_at = now
        fields.append("exhibitor_confirmed_at")
    if "buyer" in sides and m.buyer_confirmed_at is None:
        m.buyer_confirmed_at = now
        fields.append("buyer_confirmed_at")
    needs_both = m.event.slot_confirmation == SlotConfirmation.BOTH
    done = m.exhibitor_confirmed_at is not None and (not needs_both or m.buyer_confirmed_at is not None)
    if done:
        m.status, m.locked = MeetingStatus.CONFIRMED, True
        fields += ["status", "locked"]
    _bump(m, ChangeAction.MEETING_CONFIRMED if done else ChangeAction.MEETING_UPDATED, by_user, fields)
    if done:
        notify_meeting_confirmed(meeting=m, actor=by_user)
    return m


@transaction.atomic
def meeting_ask_another_slot(*, meeting: Meeting, by_user: User) -> Meeting:
    """Turn down a proposed (not yet confirmed) slot: the meeting moves to the next best common free slot,
    never the same one. Refused with the reason when no other slot fits (the meeting keeps its slot)."""
    from meetings.services.schedule import PlacementError, meeting_place_fast

    m = _locked(meeting)
    _require(by_user, m, {"buyer", "exhibitor"})
    if m.status != MeetingStatus.PROPOSED:
        raise WorkflowError("not_proposed", _("Only a proposed slot can be changed this way; ask the organiser."))
    old_slot = m.slot_id
    m.status, m.cancel_reason = MeetingStatus.CANCELLED, _("Moved: another slot was asked for.")
    m.save(update_fields=["status", "cancel_reason", "updated_at"])
    try:
        new = meeting_place_fast(request=m.request, by_user=by_user, avoid_slots={old_slot})
    except PlacementError as exc:
        raise WorkflowError("no_slot", _("No other slot fits: %(reason)s.") % {"reason": exc.reason}) from exc
    change_record(
        event=m.event,
        action=ChangeAction.MEETING_RESCHEDULED,
        actor=by_user,
        buyer=m.buyer_id,
        exhibitor=m.exhibitor_id,
        obj=new,
        data={"from_slot": old_slot, "to_slot": new.slot_id, "previous_meeting": m.pk},
    )
    notify_meetings_proposed(meetings=[new], actor=by_user)
    return new


@transaction.atomic
def meeting_reschedule(*, meeting: Meeting, slot: Slot, by_user: User) -> Meeting:
    """Move a meeting to `slot` (an organiser, or either side before the slot is confirmed). The other side
    sees it as a change; the database refuses a slot that would double-book anyone."""
    m = _locked(meeting)
    sides = _require(by_user, m, {"buyer", "exhibitor", "organiser"})
    _require_active(m)
    if "organiser" not in sides and m.status != MeetingStatus.PROPOSED:
        raise WorkflowError("forbidden", _("A confirmed meeting can only be moved by the organiser."))
    if slot.event_id != m.event_id:
        raise WorkflowError("invalid", _("That slot belongs to another event."), field="slot")
    if slot.pk == m.slot_id:
        return m
    busy = Meeting.objects.filter(ACTIVE_MEETING, slot=slot).exclude(pk=m.pk).filter(buyer_id=m.buyer_id).exists()
    blocked = AvailabilityBlock.objects.filter(slot=slot, buyer_id=m.buyer_id).exists() or (
        AvailabilityBlock.objects.filter(slot=slot, exhibitor_id=m.exhibitor_id).exists()
    )
    if busy or blocked:
        raise WorkflowError("slot_taken", _("The buyer or the exhibitor is not free then."), field="slot")
    from meetings.scheduler import PlaceFinder, places_in_use

    old = m.slot_id
    was_confirmed = m.status == MeetingStatus.CONFIRMED
    places = places_in_use(m.event, exhibitor_id=m.exhibitor_id)
    # Free what this meeting holds now, then find it a track, seat and member in the new slot.
    places.tracks[(m.exhibitor_id, old)].discard(m.exhibitor_seat)
    if m.location_id:
        places.tables[old].discard(m.location_id)
    m.slot = slot
    try:
        PlaceFinder(m.event, [m.exhibitor_id], places).assign(m)
    except ValueError as exc:
        raise WorkflowError("slot_taken", _("The exhibitor has no free table then."), field="slot") from exc
    try:
        with transaction.atomic():
            _bump(
                m,
                ChangeAction.MEETING_RESCHEDULED,
                by_user,
                ["slot", "exhibitor_seat", "location", "exhibitor_member"],
                from_slot=old,
                to_slot=slot.pk,
            )
    except IntegrityError as exc:
        raise WorkflowError("slot_taken", _("That slot was just taken; choose another."), field="slot") from exc
    if was_confirmed:
        meeting_change_notify(meeting=m, kind=MOVED, actor=by_user)
    else:  # a proposed meeting moved: its new slot is a new proposal to both sides
        notify_meetings_proposed(meetings=[m], actor=by_user)
    return m


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by_user: User, reason: str = "") -> Meeting:
    """Cancel a meeting (either side or an organiser); the slot is freed and the request stays accepted, so
    the organiser's next scheduler run may place it again — unless the request itself is cancelled."""
    m = _locked(meeting)
    _require(by_user, m, {"buyer", "exhibitor", "organiser"})
    _require_active(m)
    if m.status in (MeetingStatus.COMPLETED, MeetingStatus.NO_SHOW):
        raise WorkflowError("finished", _("This meeting has already taken place."))
    meeting_cancel_row(m, by_user, reason.strip() or _("Cancelled."))
    return m


@transaction.atomic
def meeting_assign_member(*, meeting: Meeting, member: TeamMember | None, by_user: User) -> Meeting:
    """Choose which of the exhibitor's team members takes the meeting (exhibitor team or organiser)."""
    m = _locked(meeting)
    _require(by_user, m, {"exhibitor", "organiser"})
    _require_active(m)
    if member is not None and member.exhibitor_id != m.exhibitor_id:
        raise WorkflowError("invalid", _("Choose a member of the exhibitor's team."), field="member")
    m.exhibitor_member = member
    try:
        with transaction.atomic():
            return _bump(
                m, ChangeAction.MEETING_UPDATED, by_user, ["exhibitor_member"], member=member.pk if member else None
            )
    except IntegrityError as exc:
        raise WorkflowError("member_busy", _("That person has another meeting then."), field="member") from exc


@transaction.atomic
def meeting_check_in(*, meeting: Meeting, by_user: User, now: datetime | None = None) -> Meeting:
    """Record that one's side arrived. When both have, the meeting counts as held. Check-in is open from 30
    minutes before the slot until an hour after it (`Slot.check_in_open`), as the portal offers it."""
    m = _locked(meeting)
    sides = _require(by_user, m, {"buyer", "exhibitor", "organiser"})
    if m.status not in (MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED, MeetingStatus.COMPLETED):
        raise WorkflowError("not_active", _("Only a scheduled meeting can be checked in."))
    now = now or timezone.now()
    if m.slot is None or not m.slot.check_in_open(now):
        raise WorkflowError(
            "check_in_closed", _("Check-in opens 30 minutes before the meeting and closes an hour after it ends.")
        )
    fields = []
    for side in ("buyer", "exhibitor"):
        if side in sides and getattr(m, f"{side}_checked_in_at") is None:
            setattr(m, f"{side}_checked_in_at", now)
            fields.append(f"{side}_checked_in_at")
    if m.buyer_checked_in_at and m.exhibitor_checked_in_at and m.status != MeetingStatus.COMPLETED:
        m.status, m.locked = MeetingStatus.COMPLETED, True
        fields += ["status", "locked"]
    if not fields:
        return m
    return _bump(m, ChangeAction.MEETING_UPDATED, by_user, fields, checked_in=sorted(sides - {"organiser"}))


@transaction.atomic
def meeting_mark_no_show(*, meeting: Meeting, by_user: User, now: datetime | None = None) -> Meeting:
    """Mark that the other side did not come (after the slot began; either side or an organiser)."""
    m = _locked(meeting)
    _require(by_user, m, {"buyer", "exhibitor", "organiser"})
    if m.status not in (MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED):
        raise WorkflowError("not_active", _("Only a scheduled meeting can be marked as a no-show."))
    if m.slot is not None and (now or timezone.now()) < m.slot.starts_at:
        raise WorkflowError("too_early", _("A meeting can be marked as a no-show only once it has started."))
    m.status, m.locked = MeetingStatus.NO_SHOW, True
    return _bump(m, ChangeAction.MEETING_UPDATED, by_user, ["status", "locked"], status=MeetingStatus.NO_SHOW)


@transaction.atomic
def meeting_feedback_save(*, meeting: Meeting, by_user: User, rating: int, note: str = "") -> MeetingFeedback:
    """One side's private rating (1–5) and note after the meeting; only organisers see them. Saving again
    replaces one's side's feedback."""
    m = _locked(meeting)
    sides = _require(by_user, m, {"buyer", "exhibitor"}) - {"organiser"}
    if m.status not in (MeetingStatus.COMPLETED, MeetingStatus.NO_SHOW, MeetingStatus.CONFIRMED):
        raise WorkflowError("not_held", _("Feedback is for meetings that were scheduled to take place."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise WorkflowError("invalid", _("Rate from 1 to 5."), field="rating")
    if len(note) > 2000:
        raise WorkflowError("invalid", _("The note can be at most 2,000 characters."), field="note")
    side = "buyer" if "buyer" in sides else "exhibitor"
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=m, side=side, defaults={"rating": rating, "note": note.strip(), "by_user": by_user}
    )
    return feedback


# --- Availability -------------------------------------------------------------------------------------------


def _profile_for(user: User, profile: Buyer | Exhibitor) -> None:
    if not profile.team.filter(user=user).exists() and not (
        user.is_superuser or Organiser.objects.filter(user=user, event_id=profile.event_id).exists()
    ):
        raise WorkflowError("forbidden", _("You cannot change this participant's availability."))


@transaction.atomic
def availability_block(
    *, profile: Buyer | Exhibitor, slots: list[Slot], by_user: User, note: str = ""
) -> list[AvailabilityBlock]:
    """Block slots for other commitments. Refused (nothing written) if any slot holds one of the participant's
    active meetings: they must move or cancel it first."""
    _profile_for(by_user, profile)
    side = "buyer" if isinstance(profile, Buyer) else "exhibitor"
    if any(s.event_id != profile.event_id for s in slots):
        raise WorkflowError("invalid", _("A slot belongs to another event."), field="slots")
    clashing = Meeting.objects.filter(ACTIVE_MEETING, slot__in=slots, **{side: profile}).select_related("slot")
    if side == "exhibitor":
        # An exhibitor with parallel tracks is only "busy" once every track is taken; block = no new meetings.
        clashing = clashing.filter(exhibitor__parallel_meetings__lte=1)
    clash = clashing.first()
    if clash is not None:
        raise WorkflowError(
            "has_meeting", _("You have a meeting at %(slot)s; move or cancel it first.") % {"slot": clash.slot}
        )
    existing = set(
        AvailabilityBlock.objects.filter(slot__in=slots, **{side: profile}).values_list("slot_id", flat=True)
    )
    created = AvailabilityBlock.objects.bulk_create(
        [AvailabilityBlock(slot=s, note=note[:200], **{side: profile}) for s in slots if s.pk not in existing]
    )
    if created:
        change_record(
            event=profile.event,
            action=ChangeAction.AVAILABILITY_CHANGED,
            actor=by_user,
            **{side: profile},
            data={"blocked": [b.slot_id for b in created]},
        )
    return created


@transaction.atomic
def availability_unblock(*, profile: Buyer | Exhibitor, slots: list[Slot], by_user: User) -> int:
    """Free blocked slots again; returns how many were unblocked."""
    _profile_for(by_user, profile)
    side = "buyer" if isinstance(profile, Buyer) else "exhibitor"
    ids = [s.pk for s in slots]
    deleted, _details = AvailabilityBlock.objects.filter(slot_id__in=ids, **{side: profile}).delete()
    if deleted:
        change_record(
            event=profile.event,
            action=ChangeAction.AVAILABILITY_CHANGED,
            actor=by_user,
            **{side: profile},
            data={"unblocked": ids},
        )
    return deleted


@transaction.atomic
def buyer_days_set(*, buyer: Buyer, days: list[EventDay], by_user: User) -> list[EventDay]:
    """Set the show days a buyer attends (at least one). Refused with WorkflowError naming `days` (nothing
    written) when a day belongs to another event, or when the buyer has an active meeting on a day being dropped:
    they must move or cancel it first. Returns the days, in date order."""
    _profile_for(by_user, buyer)
    if not days:
        raise WorkflowError("invalid", _("Choose at least one day."), field="days")
    if any(d.event_id != buyer.event_id for d in days):
        raise WorkflowError("invalid", _("A day belongs to another event."), field="days")
    locked = Buyer.objects.select_for_update(no_key=True).get(pk=buyer.pk)
    before = set(locked.days_attending.values_list("pk", flat=True))
    after = {d.pk for d in days}
    dropped = (before or set(locked.event.days.values_list("pk", flat=True))) - after
    clash = (
        Meeting.objects.filter(ACTIVE_MEETING, buyer=locked, slot__day_id__in=dropped)
        .select_related("slot", "exhibitor")
        .order_by("slot__starts_at")
        .first()
    )
    if clash is not None:
        raise WorkflowError(
            "has_meeting",
            _("You have a meeting with %(other)s at %(slot)s; move or cancel it first.")
            % {"other": clash.exhibitor.company, "slot": clash.slot},
            field="days",
        )
    if after != before:
        locked.days_attending.set(days)
        change_record(
            event=locked.event,
            action=ChangeAction.AVAILABILITY_CHANGED,
            actor=by_user,
            buyer=locked,
            data={"days": sorted(after)},
        )
    return sorted(days, key=lambda d: d.date)
