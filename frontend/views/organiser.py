"""Organiser pages: the dashboard (live figures and charts), participants, import, exports.

Rules editor: organiser_rules.py; scheduler runs, schedule grid and publishing: organiser_schedule.py.
Every view starts with organised_or_404: anonymous users are sent to log in, anyone else gets 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from frontend.forms import ImportForm
from frontend.views import organiser_charts as charts
from frontend.views.common import organised_or_404
from frontend.views.organiser_forms import ParticipantSearchForm
from matchmaking.models import Buyer, Event, Exhibitor
from meetings import dashboard as dash
from meetings import exports
from meetings import queries as q
from meetings.enums import MeetingStatus, RequestStatus
from meetings.models import ACTIVE_MEETING, Meeting

PARTICIPANTS_PER_PAGE = 50


def page_context(event: Event, tab: str, **extra: Any) -> dict[str, Any]:
    """What every organiser page's template needs: the event, the current tab, live updates."""
    return {"event": event, "tab": tab, "live_version": q.latest_version(), **extra}


# --- Dashboard --------------------------------------------------------------------------------------------


@login_required
def organiser_home(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    context = page_context(event, "dashboard", days=event.days.prefetch_related("breaks").order_by("date"))
    context.update(_dashboard_context(event))
    return render(request, "frontend/organiser_home.html", context)


@login_required
def organiser_stats_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard's figures and charts, re-fetched by live.js when anything changes."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    return render(request, "frontend/_organiser_stats.html", {"event": event, **_dashboard_context(event)})


def _dashboard_context(event: Event) -> dict[str, Any]:
    d = dash.dashboard(event)
    request_keys = [(s.value, str(s.label)) for s in RequestStatus]
    per_day = [(date_format(row.day, "d M"), row.counts) for row in d.requests.per_day]
    slot_loads = [(date_format(timezone.localtime(s.starts_at), "D H:i"), s.meetings) for s in d.meetings.per_slot]
    spread = d.meeting_spread
    return {
        "d": d,
        "request_keys": request_keys,
        "request_rows": [
            (row.day, [(name, row.counts[key]) for key, name in request_keys], row.total) for row in d.requests.per_day
        ],
        "request_legend": [(name, charts.STATUS_FILL[key], d.requests.by_status[key]) for key, name in request_keys],
        "requests_chart": charts.stacked_bars(per_day, request_keys, width=1000, height=260),
        "days_chart": charts.bars(
            [(date_format(day, "D d M"), n) for day, n in d.meetings.per_day], height=180, unit=_("meetings")
        ),
        "slots_chart": charts.bars(slot_loads, height=180, unit=_("meetings"), label_every=8),
        "meeting_spread_chart": charts.bars(
            [(str(i + 1), n) for i, (_name, n) in enumerate(spread.sorted_counts)],
            height=160,
            unit=_("meetings"),
            label_every=max(1, len(spread.sorted_counts) // 8),
        ),
        "recommendation_hist_chart": charts.bars(
            d.recommendation_spread.histogram, height=160, fill="#5a6472", unit=_("exhibitors")
        ),
        "acceptance": charts.percent(d.requests.acceptance_rate),
        "response": charts.percent(d.requests.response_rate),
        "no_show_rate": charts.percent(d.attendance.no_show_rate),
        "least_served": spread.sorted_counts[-5:][::-1],
        "most_served": spread.sorted_counts[:5],
    }


# --- Participants -----------------------------------------------------------------------------------------


@login_required
def organiser_participants(request: HttpRequest, slug: str, kind: str = "exhibitors") -> HttpResponse:
    """Exhibitors or buyers with their request and meeting counts; searchable, 50 a page."""
    if kind not in ("exhibitors", "buyers"):
        raise Http404("Unknown list.")
    event = organised_or_404(request, slug)
    form = ParticipantSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    model = Exhibitor if kind == "exhibitors" else Buyer
    qs = (
        model.objects.filter(event=event)
        .annotate(
            n_requests=Count("meeting_requests", distinct=True),
            n_pending=Count(
                "meeting_requests", filter=Q(meeting_requests__status=RequestStatus.PENDING), distinct=True
            ),
            n_meetings=Count("meetings", filter=Q(meetings__status__in=_active_statuses()), distinct=True),
        )
        .order_by("company", "pk")
    )
    if text:
        qs = qs.filter(Q(company__icontains=text) | Q(country__icontains=text) | Q(city__icontains=text))
    page = Paginator(qs, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(
        event, kind, kind=kind, form=form, page=page, text=text, query=urlencode({"q": text}) if text else ""
    )
    return render(request, "frontend/organiser/participants.html", context)


def _active_statuses() -> list[str]:
    return [s for s in MeetingStatus.values if s != MeetingStatus.CANCELLED]


# --- Exports ----------------------------------------------------------------------------------------------


@login_required
def meetings_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    body = exports.meetings_csv(event=event, meetings=exports.meetings_for_export(Meeting.objects.filter(event=event)))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-meetings.csv"'
    return response


@login_required
def organiser_agendas_print(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Every exhibitor's or buyer's agenda in one printable page, a page break between participants.

    Two queries whatever the number of participants: the profiles, and all their active meetings.
    """
    if kind not in ("exhibitors", "buyers"):
        raise Http404("Unknown list.")
    event = organised_or_404(request, slug)
    viewer = "exhibitor" if kind == "exhibitors" else "buyer"
    model = Exhibitor if kind == "exhibitors" else Buyer
    profiles = list(model.objects.filter(event=event).order_by("company", "pk"))
    meetings = exports.meetings_for_export(Meeting.objects.filter(ACTIVE_MEETING, event=event))
    by_profile: dict[int, list[Meeting]] = {}
    for m in meetings:
        by_profile.setdefault(getattr(m, f"{viewer}_id"), []).append(m)
    with timezone.override(event.tz):
        agendas = [
            exports.agenda_context(event=event, profile=p, meetings=by_profile.get(p.pk, []), viewer=viewer)
            for p in profiles
            if p.pk in by_profile or request.GET.get("empty") == "1"
        ]
        return render(
            request,
            "frontend/organiser/agendas_print.html",
            {"event": event, "agendas": agendas, "kind": kind, "time_zone": event.time_zone},
        )


# --- Import -----------------------------------------------------------------------------------------------


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
    context = page_context(
        event,
        "import",
        form=form,
        report=report,
        columns={kind: list(columns_for(kind).values()) for kind in ("exhibitors", "buyers")},
    )
    return render(request, "frontend/organiser_import.html", context)
