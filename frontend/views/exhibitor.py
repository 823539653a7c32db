"""Exhibitor pages: home, pending requests, agenda. Views fetch through queries, call services and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontend.views.common import calendar_url, exhibitor_or_404
from matchmaking.models import Exhibitor
from meetings import queries as q
from meetings.enums import RequestDirection, RequestStatus
from meetings.models import MeetingRequest
from meetings.services import WorkflowError, meeting_request_accept, meeting_request_decline


@login_required
def exhibitor_home(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = {
        "event": exhibitor.event,
        "profile": exhibitor,
        "agenda": q.agenda_for_exhibitor(exhibitor),
        "pending": _pending_for(exhibitor),
        "requests": q.requests_by_status(exhibitor.meeting_requests.all()),
        "calendar_url": calendar_url(request, exhibitor),
        "live_version": q.latest_version(),
    }
    return render(request, "frontend/exhibitor_home.html", context)


def _pending_for(exhibitor: Exhibitor):
    return (
        exhibitor.meeting_requests.filter(status=RequestStatus.PENDING)
        .select_related("buyer")
        .order_by("-priority", "created_at")[:20]
    )


@login_required
def exhibitor_agenda_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = {"agenda": q.agenda_for_exhibitor(exhibitor), "counterpart": "buyer"}
    return render(request, "frontend/_agenda.html", context)


@login_required
def exhibitor_pending_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, slug)
    return render(request, "frontend/_pending.html", {"event": exhibitor.event, "pending": _pending_for(exhibitor)})


@require_POST
@login_required
def exhibitor_request_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST answer=accept|decline on a buyer's request to the user's exhibitor profile."""
    exhibitor = exhibitor_or_404(request, slug)
    req = get_object_or_404(MeetingRequest, pk=pk, exhibitor=exhibitor, direction=RequestDirection.BUYER_TO_EXHIBITOR)
    try:
        if request.POST.get("answer") == "accept":
            answered = meeting_request_accept(request=req, by_user=request.user)
            messages.success(request, str(answered.placement_note))
        else:
            meeting_request_decline(request=req, by_user=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("exhibitor-home", slug=slug)
