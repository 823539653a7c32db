"""What either party does to a meeting from the portal: accept the proposed slot, ask for another, cancel, check
in, mark a no-show, rate it afterwards. One endpoint per action, shared by buyers and exhibitors.

The meeting is fetched scoped to the user's own teams (a stranger gets 404); the service then applies its own
rules, and a refusal (WorkflowError) is shown next to the buttons, never a 500. htmx posts get the refreshed
`frontend/_meeting_actions.html` fragment back; plain form posts are redirected to the page they came from.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matchmaking.models import TeamMember
from meetings import queries as q
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.services import (
    WorkflowError,
    meeting_ask_another_slot,
    meeting_cancel,
    meeting_check_in,
    meeting_confirm,
    meeting_feedback_save,
    meeting_mark_no_show,
)


def _confirm(request: HttpRequest, meeting: Meeting) -> tuple[Meeting, str]:
    done = meeting_confirm(meeting=meeting, by_user=request.user)
    if done.status == MeetingStatus.CONFIRMED:
        return done, _("Slot accepted: the meeting is confirmed.")
    return done, _("Slot accepted; waiting for the other side.")


def _move(request: HttpRequest, meeting: Meeting) -> tuple[Meeting, str]:
    new = meeting_ask_another_slot(meeting=meeting, by_user=request.user)
    return new, _("Moved to %(slot)s.") % {"slot": new.slot}


def _cancel(request: HttpRequest, meeting: Meeting) -> tuple[Meeting, str]:
    reason = request.POST.get("reason", "")
    if len(reason) > 300:
        raise WorkflowError("invalid", _("The reason can be at most 300 characters."), field="reason")
    return meeting_cancel(meeting=meeting, by_user=request.user, reason=reason), _("Meeting cancelled.")


def _check_in(request: HttpRequest, meeting: Meeting) -> tuple[Meeting, str]:
    return meeting_check_in(meeting=meeting, by_user=request.user), _("Checked in.")


def _no_show(request: HttpRequest, meeting: Meeting) -> tuple[Meeting, str]:
    return meeting_mark_no_show(meeting=meeting, by_user=request.user), _("Marked as a no-show.")


def _feedback(request: HttpRequest, meeting: Meeting) -> tuple[Meeting, str]:
    raw = request.POST.get("rating", "").strip()
    if not raw.isdigit():
        raise WorkflowError("invalid", _("Rate from 1 to 5."), field="rating")
    meeting_feedback_save(meeting=meeting, by_user=request.user, rating=int(raw), note=request.POST.get("note", ""))
    return meeting, _("Thank you: your rating is saved (only the organiser sees it).")


ACTIONS: dict[str, Callable[[HttpRequest, Meeting], tuple[Meeting, str]]] = {
    "confirm": _confirm,
    "move": _move,
    "cancel": _cancel,
    "check-in": _check_in,
    "no-show": _no_show,
    "feedback": _feedback,
}


def _viewer(request: HttpRequest, meeting: Meeting) -> str:
    """The side the user acts for: the one the form names if the user is on it, else the user's own side."""
    on_buyer = TeamMember.objects.filter(user=request.user, buyer_id=meeting.buyer_id).exists()
    on_exhibitor = TeamMember.objects.filter(user=request.user, exhibitor_id=meeting.exhibitor_id).exists()
    wanted = request.POST.get("viewer")
    if wanted == "buyer" and on_buyer:
        return "buyer"
    if wanted == "exhibitor" and on_exhibitor:
        return "exhibitor"
    return "exhibitor" if on_exhibitor else "buyer"


def _back(request: HttpRequest, meeting: Meeting, viewer: str) -> HttpResponse:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return redirect(referer)
    return redirect(f"{viewer}-home", slug=meeting.event.slug)


@require_POST
@login_required
def meeting_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """POST to /e/<slug>/meetings/<pk>/<action>/ (confirm, move, cancel, check-in, no-show, feedback)."""
    handler = ACTIONS.get(action)
    meeting = q.meeting_for_participant(user=request.user, slug=slug, pk=pk)
    if handler is None or meeting is None:
        raise Http404("No such meeting of yours.")
    timezone.activate(meeting.event.tz)
    viewer = _viewer(request, meeting)
    error: WorkflowError | None = None
    note = ""
    try:
        meeting, note = handler(request, meeting)
    except WorkflowError as exc:
        error = exc
    if request.headers.get("HX-Request") == "true":
        fresh = q.meeting_for_participant(user=request.user, slug=slug, pk=meeting.pk) or meeting
        context = {
            "meeting": fresh,
            "viewer": viewer,
            "action_note": note,
            "action_error": error.message if error else "",
            "typed": request.POST,
            "outcome_box": request.POST.get("outcome_box") == "1",
        }
        return render(request, "frontend/_meeting_actions.html", context)
    if error is None:
        messages.success(request, note)
    else:
        messages.error(request, error.message)
    return _back(request, meeting, viewer)
