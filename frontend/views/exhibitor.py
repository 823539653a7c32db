"""Exhibitor pages: incoming requests (home), proposed slots, agenda, recommended buyers, team and capacity.

Views fetch through queries, call one service and render. Every view answers 404 to a user who is not on the
exhibitor's team at the event; a refused action (WorkflowError, ValidationError) is shown as a message, never a
500. Actions answer htmx with the fragment they change and plain form posts with a redirect (they work without
JavaScript too).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.views.common import calendar_url, country_name, exhibitor_or_404
from matchmaking.models import Buyer, Exhibitor
from matchmaking.services import exhibitor_capacity_set
from meetings import queries as q
from meetings.enums import MeetingStatus, RequestDirection, RequestPriority
from meetings.models import MeetingRequest
from meetings.services import (
    WorkflowError,
    meeting_assign_member,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def back_to(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the form's `next` (same site only) or to `default`."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = default
    return redirect(target or default)


def _with_countries(rows: list, attr: str = "buyer") -> list:
    """Give each row's buyer a `country_label` (the country's name) for display."""
    for row in rows:
        buyer = getattr(row, attr)
        buyer.country_label = country_name(buyer.country)
    return rows


def _page(request: HttpRequest, exhibitor: Exhibitor, tab: str, **extra: object) -> dict[str, object]:
    """What every exhibitor page shows: the event, the profile, the tab bar and live updates."""
    return {
        "event": exhibitor.event,
        "profile": exhibitor,
        "tab": tab,
        "proposed_count": q.exhibitor_meetings(exhibitor, status=MeetingStatus.PROPOSED).count(),
        "pending_count": q.exhibitor_waiting_count(exhibitor),
        "live_version": q.latest_version(),
        **extra,
    }


# --- Home: incoming requests --------------------------------------------------------------------------------


@login_required
def exhibitor_home(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = _page(
        request,
        exhibitor,
        "home",
        pending=_with_countries(q.exhibitor_incoming_requests(exhibitor)),
        requests=q.requests_by_status(exhibitor.meeting_requests.all()),
        meetings_count=q.agenda_for_exhibitor(exhibitor).count(),
        calendar_url=calendar_url(request, exhibitor),
    )
    return render(request, "frontend/exhibitor_home.html", context)


@login_required
def exhibitor_pending_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = {"event": exhibitor.event, "pending": _with_countries(q.exhibitor_incoming_requests(exhibitor))}
    return render(request, "frontend/_pending.html", context)


@require_POST
@login_required
def exhibitor_request_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST answer=accept|decline (with an optional `reason`) on a buyer's request to the user's exhibitor."""
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    req = get_object_or_404(
        MeetingRequest.objects.select_related("buyer", "event"),
        pk=pk,
        exhibitor=exhibitor,
        direction=RequestDirection.BUYER_TO_EXHIBITOR,
    )
    answer = request.POST.get("answer")
    reason = request.POST.get("reason", "")
    error: WorkflowError | None = None
    outcome = ""
    try:
        if answer == "accept":
            answered = meeting_request_accept(request=req, by_user=request.user)
            outcome = _("Accepted. %(note)s") % {"note": answered.placement_note}
        elif answer == "decline":
            meeting_request_decline(request=req, by_user=request.user, reason=reason)
            outcome = _("Declined. The buyer sees your answer.")
        else:
            error = WorkflowError("invalid", _("Choose accept or decline."), field="answer")
    except WorkflowError as exc:
        error = exc
    if is_htmx(request):
        if error is None:
            return render(
                request, "frontend/exhibitor/_request_answered.html", {"r": req, "answer": answer, "outcome": outcome}
            )
        req.refresh_from_db()
        req.recommendation = q.exhibitor_recommendation(exhibitor=exhibitor, buyer_id=req.buyer_id)
        _with_countries([req])
        return render(
            request,
            "frontend/exhibitor/_request.html",
            {"r": req, "event": exhibitor.event, "error": error, "reason": reason},
        )
    if error is None:
        messages.success(request, outcome)
    else:
        messages.error(request, error.message)
    return redirect("exhibitor-home", slug=slug)


# --- Proposed slots -----------------------------------------------------------------------------------------


@login_required
def exhibitor_proposed(request: HttpRequest, slug: str) -> HttpResponse:
    """Meetings the scheduler proposed and the exhibitor has not confirmed yet; `?partial=1` is the list only."""
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    proposed = q.exhibitor_meetings(exhibitor, status=MeetingStatus.PROPOSED)
    if request.GET.get("partial"):
        return render(request, "frontend/exhibitor/_proposed.html", {"event": exhibitor.event, "proposed": proposed})
    return render(request, "frontend/exhibitor/proposed.html", _page(request, exhibitor, "proposed", proposed=proposed))


# --- Agenda -------------------------------------------------------------------------------------------------


def _agenda_context(request: HttpRequest, exhibitor: Exhibitor) -> dict[str, object]:
    """The agenda of the whole stand, or with ?who=me only the meetings given to the user."""
    meetings = q.exhibitor_meetings(exhibitor)
    who = "me" if request.GET.get("who") == "me" else ""
    if who:
        meetings = meetings.filter(exhibitor_member__user=request.user)
    return {
        "event": exhibitor.event,
        "who": who,
        "agenda": _with_countries(list(meetings)),
        "team": list(exhibitor.team.select_related("user").order_by("role", "pk")),
        "now": timezone.now(),
    }


@login_required
def exhibitor_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = _page(
        request,
        exhibitor,
        "agenda",
        calendar_url=calendar_url(request, exhibitor),
        **_agenda_context(request, exhibitor),
    )
    return render(request, "frontend/exhibitor/agenda.html", context)


@login_required
def exhibitor_agenda_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    return render(request, "frontend/exhibitor/_agenda.html", _agenda_context(request, exhibitor))


@require_POST
@login_required
def exhibitor_meeting_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST member=<team member id or empty> to choose who takes one of the exhibitor's meetings."""
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    meeting = get_object_or_404(q.exhibitor_meetings(exhibitor), pk=pk)
    team = list(exhibitor.team.select_related("user").order_by("role", "pk"))
    raw = request.POST.get("member", "")
    member = next((m for m in team if str(m.pk) == raw), None)
    error, note = None, ""
    if raw and member is None:
        error = _("Choose a member of your team.")
    else:
        try:
            meeting = meeting_assign_member(meeting=meeting, member=member, by_user=request.user)
        except WorkflowError as exc:
            error = exc.message
        else:
            if member is None:
                note = _("Nobody from your team is assigned to this meeting now.")
            else:
                note = _("%(who)s takes this meeting.") % {"who": member.user.get_full_name() or member.user.email}
    if is_htmx(request):
        meeting = get_object_or_404(q.exhibitor_meetings(exhibitor), pk=pk)
        context = {"m": meeting, "team": team, "event": exhibitor.event, "member_error": error, "member_note": note}
        return render(request, "frontend/exhibitor/_member_form.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, note)
    return back_to(request, reverse("exhibitor-agenda", kwargs={"slug": slug}))


# --- Recommended buyers -------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"), choices=RequestPriority.choices, coerce=int, initial=RequestPriority.NORMAL
    )


@login_required
def exhibitor_buyers(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = _page(
        request,
        exhibitor,
        "buyers",
        recommendations=_with_countries(q.exhibitor_recommended_buyers(exhibitor)),
        invitations=q.exhibitor_invitations(exhibitor),
        priorities=RequestPriority.choices,
    )
    return render(request, "frontend/exhibitor/buyers.html", context)


@require_POST
@login_required
def exhibitor_invite(request: HttpRequest, slug: str, buyer_pk: int) -> HttpResponse:
    """POST message, priority: invite a buyer of the same event to meet (meeting_request_create)."""
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    buyer = get_object_or_404(Buyer, pk=buyer_pk, event=exhibitor.event)
    form = InviteForm(request.POST)
    error, sent = None, None
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        error = f"{form.fields[field].label}: {errors[0]}" if field in form.fields else errors[0]
    else:
        try:
            sent = meeting_request_create(
                buyer=buyer,
                exhibitor=exhibitor,
                by_user=request.user,
                message=form.cleaned_data["message"],
                priority=form.cleaned_data["priority"],
            )
        except WorkflowError as exc:
            error = exc.message
    if is_htmx(request):
        rec = q.exhibitor_recommendation(exhibitor=exhibitor, buyer_id=buyer.pk)
        context = {
            "event": exhibitor.event,
            "buyer": buyer,
            "rec": rec,
            "sent": sent,
            "just_sent": sent is not None,
            "invite_error": error,
            "message": request.POST.get("message", ""),
            "priorities": RequestPriority.choices,
        }
        return render(request, "frontend/exhibitor/_invite.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Invitation sent to %(buyer)s.") % {"buyer": buyer.company})
    return redirect("exhibitor-buyers", slug=slug)


# --- Team and capacity --------------------------------------------------------------------------------------


@login_required
def exhibitor_team(request: HttpRequest, slug: str) -> HttpResponse:
    """The team and, on POST parallel_meetings=N, the number of meetings the stand holds at once."""
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    error = ""
    typed = request.POST.get("parallel_meetings", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            value = int(typed.strip())
        except ValueError:
            error = _("Enter a whole number from 1 to 20.")
        else:
            try:
                exhibitor = exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=value, by_user=request.user)
            except ValidationError as exc:
                error = " ".join(exc.message_dict.get("parallel_meetings", exc.messages))
            else:
                messages.success(
                    request,
                    _("Your stand now holds %(n)d meetings at a time.") % {"n": exhibitor.parallel_meetings},
                )
                return redirect("exhibitor-team", slug=slug)
    team = exhibitor.team.select_related("user").order_by("role", "pk")
    counts = q.exhibitor_member_load(exhibitor)
    members = [(m, counts.get(m.pk, 0)) for m in team]
    context = _page(
        request,
        exhibitor,
        "team",
        members=members,
        unassigned=counts.get(None, 0),
        capacity_error=error,
        capacity_value=typed if request.method == "POST" else exhibitor.parallel_meetings,
    )
    return render(request, "frontend/exhibitor/team.html", context, status=422 if error else 200)
