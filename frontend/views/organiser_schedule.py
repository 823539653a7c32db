"""Scheduler runs (start, watch, cancel, report), the schedule grid, and publishing the schedule."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.views.common import organised_or_404
from frontend.views.organiser import page_context
from frontend.views.organiser_forms import GridFilterForm, ScheduleRunForm
from matchmaking.enums import EventPhase
from matchmaking.models import Event
from meetings import queries as q
from meetings.enums import FINISHED_RUN_STATUSES, LocationKind, MeetingStatus, ScheduleRunStatus
from meetings.models import ACTIVE_MEETING, Location, Meeting, ScheduleRun
from meetings.services import (
    PhaseError,
    event_schedule_publish,
    schedule_run_cancel,
    schedule_run_start,
)
from meetings.services.schedule import ScheduleRunBusy

RUNS_SHOWN = 15
GRID_SLOTS_PER_PAGE = 6
UNSCHEDULED_SHOWN = 200


# --- Scheduler runs ---------------------------------------------------------------------------------------


def _runs(event: Event) -> list[ScheduleRun]:
    return list(
        ScheduleRun.objects.filter(event=event).select_related("created_by").order_by("-created_at")[:RUNS_SHOWN]
    )


@login_required
def organiser_scheduler(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the start form, the current or last run with its report, past runs. POST: start a run."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    status = 200
    if request.method == "POST":
        form = ScheduleRunForm(request.POST)
        if form.is_valid():
            try:
                run = schedule_run_start(
                    event=event,
                    by_user=request.user,
                    time_limit=form.cleaned_data["time_limit"],
                    workers=form.cleaned_data["workers"],
                )
            except ScheduleRunBusy as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Run %(run)d is queued.") % {"run": run.pk})
                return redirect("organiser-scheduler", slug=event.slug)
        status = 422
    else:
        form = ScheduleRunForm()
    runs = _runs(event)
    context = page_context(event, "scheduler", form=form, runs=runs, **_run_context(runs[0] if runs else None))
    return render(request, "frontend/organiser/scheduler.html", context, status=status)


def _run_context(run: ScheduleRun | None) -> dict[str, Any]:
    if run is None:
        return {"active": False}
    report = run.report or {}
    unscheduled = report.get("unscheduled", [])
    return {
        "run": run,
        "active": run.status not in FINISHED_RUN_STATUSES,
        "report": report,
        "unscheduled": unscheduled[:UNSCHEDULED_SHOWN],
        "unscheduled_more": max(0, len(unscheduled) - UNSCHEDULED_SHOWN),
        "min_share": report.get("min_exhibitor_share"),
    }


@login_required
def organiser_run_fragment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One run's progress or report; the page polls it while the run is queued or running."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    run = get_object_or_404(ScheduleRun.objects.select_related("created_by"), event=event, pk=pk)
    return render(request, "frontend/organiser/_run.html", {"event": event, **_run_context(run)})


@login_required
@require_POST
def organiser_run_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    run = get_object_or_404(ScheduleRun, event=event, pk=pk)
    try:
        schedule_run_cancel(run=run, by_user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Run %(run)d is cancelled; the schedule is unchanged.") % {"run": run.pk})
    return redirect("organiser-scheduler", slug=event.slug)


# --- Schedule grid ----------------------------------------------------------------------------------------


@login_required
def organiser_grid(request: HttpRequest, slug: str) -> HttpResponse:
    """Day × slot × place, meetings in the cells: one row per place, one column per slot. One day at a time,
    six slots a page (4,000 meetings never land on one page); filters narrow the meetings shown. The places are
    the lounge tables and the booths that hold a meeting shown."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    days = list(event.days.order_by("date"))
    halls = sorted({h for h in event.exhibitors.exclude(hall="").values_list("hall", flat=True)})
    form = GridFilterForm(request.GET or None, days=[(d.pk, date_format(d.date, "D d M")) for d in days], halls=halls)
    filters = form.cleaned_data if form.is_valid() else {}
    day = next((d for d in days if d.pk == filters.get("day")), days[0] if days else None)
    slots_qs = q.event_slots(event).filter(day=day) if day else q.event_slots(event).none()
    page = Paginator(slots_qs, GRID_SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    slots = list(page.object_list)
    meetings = Meeting.objects.filter(event=event, slot__in=slots).select_related(
        "buyer", "exhibitor", "location", "slot"
    )
    status = filters.get("status")
    meetings = meetings.filter(status=status) if status else meetings.filter(ACTIVE_MEETING)
    if filters.get("exhibitor"):
        meetings = meetings.filter(exhibitor__company__icontains=filters["exhibitor"])
    if filters.get("buyer"):
        meetings = meetings.filter(buyer__company__icontains=filters["buyer"])
    if filters.get("hall"):
        meetings = meetings.filter(Q(exhibitor__hall=filters["hall"]))
    meetings = list(meetings.order_by("slot__starts_at", "location__number", "exhibitor__company"))
    tables = list(
        Location.objects.filter(event=event, kind=LocationKind.LOUNGE_TABLE, is_active=True).order_by("number")
    )
    columns, cells = _grid(slots, tables, meetings)
    query = request.GET.copy()
    query.pop("page", None)
    context = page_context(
        event,
        "grid",
        form=form,
        day=day,
        page=page,
        slots=slots,
        columns=columns,
        rows=[(label, key.startswith("t"), [cells.get((slot.pk, key)) for slot in slots]) for key, label in columns],
        meeting_count=len(meetings),
        query=query.urlencode(),
    )
    return render(request, "frontend/organiser/grid.html", context)


def _grid(
    slots: list[Any], tables: list[Location], meetings: list[Meeting]
) -> tuple[list[tuple[str, str]], dict[tuple[int, str], list[Meeting]]]:
    """Columns (key, label): lounge tables in number order, then booths (hall, booth, company) that hold a
    meeting shown. Cells map (slot pk, column key) to the meetings there (a booth may hold several at once)."""
    columns: list[tuple[str, str]] = []
    booths: dict[str, str] = {}
    cells: dict[tuple[int, str], list[Meeting]] = {}
    used_tables = {m.location_id for m in meetings if m.location_id and m.location.kind == LocationKind.LOUNGE_TABLE}
    columns += [(f"t{t.pk}", t.name) for t in tables if t.pk in used_tables]
    for m in meetings:
        if m.location_id and m.location.kind == LocationKind.LOUNGE_TABLE:
            key = f"t{m.location_id}"
        else:
            key = f"e{m.exhibitor_id}"
            where = " ".join(x for x in (m.exhibitor.hall, m.exhibitor.booth) if x)
            booths[key] = f"{where} · {m.exhibitor.company}" if where else m.exhibitor.company
        cells.setdefault((m.slot_id, key), []).append(m)
    columns += sorted(booths.items(), key=lambda kv: kv[1])
    return columns, cells


# --- Publishing -------------------------------------------------------------------------------------------


@login_required
def organiser_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what publishing means and the confirmation button; POST: publish (refused clearly from a wrong
    phase, nothing changed)."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("confirm") != "on":
                raise PhaseError(_("Tick the box to confirm that you want to publish the schedule."))
            event_schedule_publish(event=event, by_user=request.user)
        except PhaseError as exc:
            error = exc.message
        else:
            messages.success(request, _("The schedule is published. Participants now see their agendas as final."))
            return redirect("organiser-publish", slug=event.slug)
    counts = q.meetings_by_status(event)
    context = page_context(
        event,
        "publish",
        error=error,
        can_publish=event.phase in (EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING),
        published=event.phase == EventPhase.PUBLISHED,
        proposed=counts.get(MeetingStatus.PROPOSED, 0),
        confirmed=counts.get(MeetingStatus.CONFIRMED, 0),
        active_run=ScheduleRun.objects.filter(
            event=event, status__in=[ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING]
        ).first(),
    )
    return render(request, "frontend/organiser/publish.html", context, status=422 if error else 200)
