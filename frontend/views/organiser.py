"""Organiser pages: home with counts, CSV export, participant import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from frontend.forms import ImportForm
from frontend.views.common import organised_or_404
from matchmaking.models import Event
from meetings import exports
from meetings import queries as q
from meetings.models import Meeting


@login_required
def organiser_home(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    context = {
        "event": event,
        "days": event.days.prefetch_related("breaks").order_by("date"),
        **_organiser_stats(event),
        "live_version": q.latest_version(),
    }
    return render(request, "frontend/organiser_home.html", context)


@login_required
def organiser_stats_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    return render(request, "frontend/_organiser_stats.html", _organiser_stats(event))


def _organiser_stats(event: Event) -> dict:
    return {
        "exhibitors": event.exhibitors.count(),
        "buyers": event.buyers.count(),
        "slots": q.event_slots(event).count(),
        "requests": q.requests_by_status(event.meeting_requests.all()),
        "meetings": q.meetings_by_status(event),
    }


@login_required
def meetings_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    body = exports.meetings_csv(event=event, meetings=exports.meetings_for_export(Meeting.objects.filter(event=event)))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-meetings.csv"'
    return response


@login_required
def organiser_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload exhibitors or buyers; the report names every row, column and problem."""
    from matchmaking.imports import columns_for, profiles_import

    event = organised_or_404(request, slug)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = profiles_import(
                event=event,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(),
                by_user=request.user,
                valid_rows_only=form.cleaned_data["valid_rows_only"],
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = ImportForm()
    return render(
        request,
        "frontend/organiser_import.html",
        {
            "event": event,
            "form": form,
            "report": report,
            "columns": {kind: list(columns_for(kind).values()) for kind in ("exhibitors", "buyers")},
        },
    )
