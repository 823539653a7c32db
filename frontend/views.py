"""Portal pages. Views fetch through queries, call services for writes and render; no business rules here.

Every event page checks that the user holds the role at that event; a stranger gets 404, not someone else's page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from matchmaking import queries as mq
from meetings import queries as q
from meetings.enums import RequestStatus


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send a user with one role straight to its page; let a user with several choose."""
    roles = mq.user_roles(request.user)
    if len(roles) == 1:
        role = roles[0]
        return redirect(f"{role.kind}-home", slug=role.event.slug)
    return render(request, "frontend/choose_role.html", {"roles": roles})


@login_required
def buyer_home(request: HttpRequest, slug: str) -> HttpResponse:
    buyer = mq.buyer_for_member(user=request.user, slug=slug)
    if buyer is None:
        raise Http404("No buyer profile of yours at this event.")
    timezone.activate(buyer.event.tz)
    context = {
        "event": buyer.event,
        "profile": buyer,
        "days": buyer.days_attending.order_by("date"),
        "agenda": q.agenda_for_buyer(buyer),
        "requests": q.requests_by_status(buyer.meeting_requests.all()),
    }
    return render(request, "frontend/buyer_home.html", context)


@login_required
def exhibitor_home(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = mq.exhibitor_for_member(user=request.user, slug=slug)
    if exhibitor is None:
        raise Http404("No exhibitor profile of yours at this event.")
    timezone.activate(exhibitor.event.tz)
    context = {
        "event": exhibitor.event,
        "profile": exhibitor,
        "agenda": q.agenda_for_exhibitor(exhibitor),
        "pending": exhibitor.meeting_requests.filter(status=RequestStatus.PENDING)
        .select_related("buyer")
        .order_by("-priority", "created_at")[:20],
        "requests": q.requests_by_status(exhibitor.meeting_requests.all()),
    }
    return render(request, "frontend/exhibitor_home.html", context)


@login_required
def organiser_home(request: HttpRequest, slug: str) -> HttpResponse:
    event = mq.event_for_organiser(user=request.user, slug=slug)
    if event is None:
        raise Http404("You do not organise this event.")
    timezone.activate(event.tz)
    context = {
        "event": event,
        "exhibitors": event.exhibitors.count(),
        "buyers": event.buyers.count(),
        "days": event.days.prefetch_related("breaks").order_by("date"),
        "slots": q.event_slots(event).count(),
        "requests": q.requests_by_status(event.meeting_requests.all()),
        "meetings": q.meetings_by_status(event),
    }
    return render(request, "frontend/organiser_home.html", context)
