"""Buyer pages: recommended exhibitors (search and filters), an exhibitor's page with the meeting request form,
my requests, my agenda and my profile. Views fetch through queries, call one service for a write and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.forms import BuyerProfileForm, ExhibitorSearchForm, MeetingRequestForm
from frontend.reasons import category_names, explain
from frontend.views.common import buyer_or_404, calendar_url, country_name, language_name
from matchmaking import queries as mq
from matchmaking.models import Buyer, Category, Exhibitor
from matchmaking.services import profile_update
from meetings import queries as q
from meetings.enums import OPEN_REQUEST_STATUSES, RequestDirection, RequestStatus
from meetings.models import MeetingRequest
from meetings.services import (
    WorkflowError,
    meeting_request_accept,
    meeting_request_cancel,
    meeting_request_create,
    meeting_request_decline,
)
from meetings.services.requests import REQUEST_PHASES

PAGE_SIZE = 20


def _is_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page (not a history restore, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def _page_context(request: HttpRequest, buyer: Buyer, tab: str, **extra: Any) -> dict[str, Any]:
    return {
        "event": buyer.event,
        "profile": buyer,
        "tab": tab,
        "invitations_waiting": q.buyer_invitations_waiting(buyer),
        **extra,
    }


def _decorate(exhibitors: list[Exhibitor], buyer: Buyer, language: str) -> list[Exhibitor]:
    """Attach `rec`, `reasons` and `request` to each exhibitor of a page (three queries in all)."""
    names = category_names(language)
    states = q.buyer_requests_by_exhibitor(buyer=buyer, exhibitor_ids=[e.pk for e in exhibitors])
    for e in exhibitors:
        e.rec = e.for_buyer[0] if getattr(e, "for_buyer", None) else None
        e.reasons = explain(e.rec, names)
        e.request = states.get(e.pk)
        e.country_label = country_name(e.country)
        e.category_labels = [c.name(language) for c in e.categories.all()]
    return exhibitors


# --- Pages --------------------------------------------------------------------------------------------------


@login_required
def buyer_home(request: HttpRequest, slug: str) -> HttpResponse:
    """Recommended exhibitors with search and filters (GET); an htmx request gets only the result list."""
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    options = mq.exhibitor_filter_options(event=buyer.event)
    form = ExhibitorSearchForm(request.GET or None, options=options, language_code=request.LANGUAGE_CODE)
    search = form.search()
    paginator = Paginator(mq.exhibitors_for_buyer(buyer=buyer, search=search), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    exhibitors = _decorate(list(page.object_list), buyer, request.LANGUAGE_CODE)
    params = request.GET.copy()
    params.pop("page", None)
    context = _page_context(
        request,
        buyer,
        "home",
        form=form,
        page=page,
        exhibitors=exhibitors,
        query_string=params.urlencode(),
        filtered=any(getattr(search, f) for f in ("text", "category", "country", "language", "hall")),
        recommended_only=search.recommended_only,
    )
    if _is_fragment(request):
        response = render(request, "frontend/buyer/_results.html", context)
    else:
        context.update(
            agenda=q.agenda_for_buyer(buyer),
            counterpart="exhibitor",
            requests=q.requests_by_status(buyer.meeting_requests.all()),
            quota=q.buyer_request_quota(buyer),
            live_version=q.latest_version(),
        )
        response = render(request, "frontend/buyer_home.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _exhibitor_or_404(buyer: Buyer, pk: int) -> Exhibitor:
    exhibitor = mq.exhibitor_for_buyer(buyer=buyer, pk=pk)
    if exhibitor is None:
        raise Http404("No such exhibitor at this event.")
    return exhibitor


def _exhibitor_page(
    request: HttpRequest, buyer: Buyer, exhibitor: Exhibitor, form: MeetingRequestForm, status: int = 200
) -> HttpResponse:
    timezone.activate(buyer.event.tz)
    _decorate([exhibitor], buyer, request.LANGUAGE_CODE)
    history = list(q.buyer_requests(buyer).filter(exhibitor=exhibitor))
    open_request = next((r for r in history if r.status in OPEN_REQUEST_STATUSES), None)
    context = _page_context(
        request,
        buyer,
        "home",
        exhibitor=exhibitor,
        form=form,
        history=history,
        open_request=open_request,
        show_form=open_request is None or form.is_bound,
        requests_open=buyer.event.phase in REQUEST_PHASES,
        quota=q.buyer_request_quota(buyer),
        exhibitor_languages=[language_name(c) for c in exhibitor.languages or []],
        target_countries=[country_name(c) for c in exhibitor.target_countries or []],
    )
    return render(request, "frontend/buyer/exhibitor.html", context, status=status)


@login_required
def buyer_exhibitor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An exhibitor's profile, why it matches the buyer, the state of their request and the request form."""
    buyer = buyer_or_404(request, slug)
    exhibitor = _exhibitor_or_404(buyer, pk)
    return _exhibitor_page(request, buyer, exhibitor, MeetingRequestForm())


@require_POST
@login_required
def buyer_request_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST priority and message: request a meeting. A refusal is shown on the form with the input kept."""
    buyer = buyer_or_404(request, slug)
    exhibitor = _exhibitor_or_404(buyer, pk)
    form = MeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            meeting_request_create(
                buyer=buyer,
                exhibitor=exhibitor,
                by_user=request.user,
                message=form.cleaned_data["message"],
                priority=form.cleaned_data["priority"],
            )
        except WorkflowError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Your request was sent to %(company)s. You will see their answer here.")
                % {"company": exhibitor.company},
            )
            return redirect("buyer-exhibitor", slug=slug, pk=pk)
    return _exhibitor_page(request, buyer, exhibitor, form, status=422)


@login_required
def buyer_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The buyer's requests and invitations with their status; pending ones can be cancelled."""
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    status = request.GET.get("status", "")
    rows = q.buyer_requests(buyer)
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    context = _page_context(
        request,
        buyer,
        "requests",
        rows=rows,
        status=status,
        statuses=RequestStatus.choices,
        counts=q.requests_by_status(buyer.meeting_requests.all()),
        quota=q.buyer_request_quota(buyer),
    )
    return render(request, "frontend/buyer/requests.html", context)


@require_POST
@login_required
def buyer_request_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    buyer = buyer_or_404(request, slug)
    req = get_object_or_404(MeetingRequest, pk=pk, buyer=buyer)
    try:
        meeting_request_cancel(request=req, by_user=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request to %(company)s is cancelled.") % {"company": req.exhibitor.company})
    return redirect("buyer-requests", slug=slug)


@require_POST
@login_required
def buyer_request_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST answer=accept|decline on an exhibitor's invitation to the user's buyer profile."""
    buyer = buyer_or_404(request, slug)
    req = get_object_or_404(MeetingRequest, pk=pk, buyer=buyer, direction=RequestDirection.EXHIBITOR_TO_BUYER)
    try:
        if request.POST.get("answer") == "accept":
            answered = meeting_request_accept(request=req, by_user=request.user)
            messages.success(request, str(answered.placement_note or _("Invitation accepted.")))
        else:
            meeting_request_decline(request=req, by_user=request.user)
            messages.success(request, _("Invitation declined."))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("buyer-requests", slug=slug)


def _agenda_context(buyer: Buyer) -> dict[str, Any]:
    meetings = list(q.agenda_for_buyer(buyer))
    days = list(buyer.event.days.order_by("date"))
    attending = {d.pk for d in buyer.days_attending.all()}
    agenda_days = [
        {
            "grouper": day,
            "list": [m for m in meetings if m.slot.day_id == day.pk],
            "attending": not attending or day.pk in attending,
        }
        for day in days
    ]
    return {"agenda": meetings, "agenda_days": agenda_days, "counterpart": "exhibitor", "event": buyer.event}


@login_required
def buyer_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The three-day agenda in the event's time, live; with the calendar subscription and printable agenda."""
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    context = _page_context(
        request,
        buyer,
        "agenda",
        calendar_url=calendar_url(request, buyer),
        live_version=q.latest_version(),
        **_agenda_context(buyer),
    )
    return render(request, "frontend/buyer/agenda.html", context)


@login_required
def buyer_agenda_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    """The agenda region alone (re-fetched by live.js when a change arrives)."""
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    context = _agenda_context(buyer)
    if request.GET.get("view") == "compact":  # the home page's side panel: only the days with meetings
        del context["agenda_days"]
    return render(request, "frontend/_agenda.html", context)


@login_required
def buyer_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the buyer profile through matchmaking.services.profile_update (which refreshes recommendations)."""
    buyer = buyer_or_404(request, slug)
    categories = list(Category.objects.all())
    if request.method == "POST":
        form = BuyerProfileForm(request.POST, categories=categories, language_code=request.LANGUAGE_CODE)
        if form.is_valid():
            try:
                profile_update(
                    profile=buyer,
                    changes=form.changes(),
                    categories=form.cleaned_data["categories"],
                    by_user=request.user,
                )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, messages_ in errors.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(request, _("Profile saved. Your recommendations are being updated."))
                return redirect("buyer-profile", slug=slug)
        status = 422
    else:
        form = BuyerProfileForm(
            initial=BuyerProfileForm.initial_for(buyer), categories=categories, language_code=request.LANGUAGE_CODE
        )
        status = 200
    context = _page_context(request, buyer, "profile", form=form, days=buyer.days_attending.order_by("date"))
    return render(request, "frontend/buyer/profile.html", context, status=status)
