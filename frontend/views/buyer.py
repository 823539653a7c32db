"""Buyer pages: home, agenda. Views fetch through queries, call services for writes and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from frontend.views.common import buyer_or_404, calendar_url
from meetings import queries as q


@login_required
def buyer_home(request: HttpRequest, slug: str) -> HttpResponse:
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    context = {
        "event": buyer.event,
        "profile": buyer,
        "days": buyer.days_attending.order_by("date"),
        "agenda": q.agenda_for_buyer(buyer),
        "requests": q.requests_by_status(buyer.meeting_requests.all()),
        "calendar_url": calendar_url(request, buyer),
        "live_version": q.latest_version(),
    }
    return render(request, "frontend/buyer_home.html", context)


@login_required
def buyer_agenda_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    context = {"agenda": q.agenda_for_buyer(buyer), "counterpart": "exhibitor"}
    return render(request, "frontend/_agenda.html", context)
