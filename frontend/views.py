"""Portal pages. Views fetch through queries, call services for writes and render; no business rules here.

Every event page checks that the user holds the role at that event; a stranger gets 404, not someone else's page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from matchmaking import queries as mq
from matchmaking.models import Buyer, Event, Exhibitor, TeamMember
from meetings import exports
from meetings import queries as q
from meetings.enums import RequestDirection, RequestStatus
from meetings.models import Meeting, MeetingRequest
from meetings.services import WorkflowError, meeting_request_accept, meeting_request_decline


def _buyer_or_404(request: HttpRequest, slug: str) -> Buyer:
    buyer = mq.buyer_for_member(user=request.user, slug=slug)
    if buyer is None:
        raise Http404("No buyer profile of yours at this event.")
    return buyer


def _exhibitor_or_404(request: HttpRequest, slug: str) -> Exhibitor:
    exhibitor = mq.exhibitor_for_member(user=request.user, slug=slug)
    if exhibitor is None:
        raise Http404("No exhibitor profile of yours at this event.")
    return exhibitor


def _organised_or_404(request: HttpRequest, slug: str) -> Event:
    event = mq.event_for_organiser(user=request.user, slug=slug)
    if event is None:
        raise Http404("You do not organise this event.")
    return event


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
    buyer = _buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    context = {
        "event": buyer.event,
        "profile": buyer,
        "days": buyer.days_attending.order_by("date"),
        "agenda": q.agenda_for_buyer(buyer),
        "requests": q.requests_by_status(buyer.meeting_requests.all()),
        "calendar_url": _calendar_url(request, buyer),
        "live_version": q.latest_version(),
    }
    return render(request, "frontend/buyer_home.html", context)


@login_required
def exhibitor_home(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = _exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = {
        "event": exhibitor.event,
        "profile": exhibitor,
        "agenda": q.agenda_for_exhibitor(exhibitor),
        "pending": _pending_for(exhibitor),
        "requests": q.requests_by_status(exhibitor.meeting_requests.all()),
        "calendar_url": _calendar_url(request, exhibitor),
        "live_version": q.latest_version(),
    }
    return render(request, "frontend/exhibitor_home.html", context)


def _pending_for(exhibitor: Exhibitor):
    return (
        exhibitor.meeting_requests.filter(status=RequestStatus.PENDING)
        .select_related("buyer")
        .order_by("-priority", "created_at")[:20]
    )


def _calendar_url(request: HttpRequest, profile: Buyer | Exhibitor) -> str | None:
    member = profile.team.filter(user=request.user).first()
    if member is None:
        return None
    return request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": calendar_token(member)}))


@login_required
def organiser_home(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_or_404(request, slug)
    timezone.activate(event.tz)
    context = {
        "event": event,
        "days": event.days.prefetch_related("breaks").order_by("date"),
        **_organiser_stats(event),
        "live_version": q.latest_version(),
    }
    return render(request, "frontend/organiser_home.html", context)


# --- Live updates: the polling fallback and the fragments pages re-fetch ------------------------------------


@login_required
def live_changes(request: HttpRequest, slug: str) -> JsonResponse:
    """GET ?since=N: the same messages the WebSocket's catch-up sends (polling fallback). 404 without a role."""
    audience = q.live_audience(user=request.user, slug=slug)
    if audience is None:
        raise Http404("No role of yours at this event.")
    try:
        since = max(0, int(request.GET.get("since", "0")))
    except ValueError:
        since = 0
    return JsonResponse({"messages": q.live_catch_up(audience=audience, since=since)})


@login_required
def buyer_agenda_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    buyer = _buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    context = {"agenda": q.agenda_for_buyer(buyer), "counterpart": "exhibitor"}
    return render(request, "frontend/_agenda.html", context)


@login_required
def exhibitor_agenda_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = _exhibitor_or_404(request, slug)
    timezone.activate(exhibitor.event.tz)
    context = {"agenda": q.agenda_for_exhibitor(exhibitor), "counterpart": "buyer"}
    return render(request, "frontend/_agenda.html", context)


@login_required
def exhibitor_pending_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = _exhibitor_or_404(request, slug)
    return render(request, "frontend/_pending.html", {"event": exhibitor.event, "pending": _pending_for(exhibitor)})


@login_required
def organiser_stats_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_or_404(request, slug)
    return render(request, "frontend/_organiser_stats.html", _organiser_stats(event))


def _organiser_stats(event: Event) -> dict:
    return {
        "exhibitors": event.exhibitors.count(),
        "buyers": event.buyers.count(),
        "slots": q.event_slots(event).count(),
        "requests": q.requests_by_status(event.meeting_requests.all()),
        "meetings": q.meetings_by_status(event),
    }


@require_POST
@login_required
def exhibitor_request_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST answer=accept|decline on a buyer's request to the user's exhibitor profile."""
    exhibitor = _exhibitor_or_404(request, slug)
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


# --- Agenda exports ---------------------------------------------------------------------------------------

CALENDAR_SALT = "expomatch.calendar-feed"


def calendar_token(member: TeamMember) -> str:
    """A secret, signed token naming a team member: calendar apps fetch the feed with it and no login.
    Rotating SECRET_KEY revokes every token."""
    return signing.dumps(member.pk, salt=CALENDAR_SALT, compress=True)


def _participant(request: HttpRequest, slug: str) -> tuple[Buyer | Exhibitor, str]:
    exhibitor = mq.exhibitor_for_member(user=request.user, slug=slug)
    if exhibitor is not None:
        return exhibitor, "exhibitor"
    buyer = mq.buyer_for_member(user=request.user, slug=slug)
    if buyer is not None:
        return buyer, "buyer"
    raise Http404("No profile of yours at this event.")


def _ics_response(profile: Buyer | Exhibitor, viewer: str, language: str) -> HttpResponse:
    meetings = exports.meetings_for_export(Meeting.objects.filter(**{viewer: profile}))
    body = exports.agenda_ics(
        event=profile.event,
        meetings=meetings,
        calendar_name=f"{profile.event.name} — {profile.company}",
        viewer=viewer,  # type: ignore[arg-type]
        language=language,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


@login_required
def agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    profile, viewer = _participant(request, slug)
    return _ics_response(profile, viewer, request.user.language)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed: no login (calendar apps cannot log in); the signed token is the key."""
    try:
        member_id = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature as exc:
        raise Http404("Unknown calendar link.") from exc
    member = TeamMember.objects.select_related("user", "buyer__event", "exhibitor__event").filter(pk=member_id).first()
    if member is None or not member.user.is_active:
        raise Http404("Unknown calendar link.")
    viewer = "buyer" if member.buyer_id else "exhibitor"
    return _ics_response(member.profile, viewer, member.user.language)


@login_required
def agenda_print(request: HttpRequest, slug: str) -> HttpResponse:
    profile, viewer = _participant(request, slug)
    meetings = q.agenda_for_buyer(profile) if viewer == "buyer" else q.agenda_for_exhibitor(profile)
    html = exports.agenda_print_html(
        event=profile.event,
        profile=profile,
        meetings=meetings,
        viewer=viewer,  # type: ignore[arg-type]
        language=request.LANGUAGE_CODE,
    )
    return HttpResponse(html)


@login_required
def meetings_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_or_404(request, slug)
    body = exports.meetings_csv(event=event, meetings=exports.meetings_for_export(Meeting.objects.filter(event=event)))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-meetings.csv"'
    return response


@login_required
def organiser_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload exhibitors or buyers; the report names every row, column and problem."""
    from frontend.forms import ImportForm
    from matchmaking.imports import columns_for, profiles_import

    event = _organised_or_404(request, slug)
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
