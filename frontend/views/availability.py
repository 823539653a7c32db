"""The availability editor, shared by buyers and exhibitors: the event's slots per day; a click blocks or frees
one (meetings.services.availability_block / availability_unblock). htmx swaps the grid; without JavaScript the
form posts and the page reloads."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.forms import AvailabilityForm, BuyerDaysForm
from frontend.views.common import buyer_or_404, exhibitor_or_404
from matchmaking.models import Buyer, Exhibitor
from meetings import queries as q
from meetings.models import Slot
from meetings.services import WorkflowError, availability_block, availability_unblock, buyer_days_set

ROLES: dict[str, Callable[[HttpRequest, str], Buyer | Exhibitor]] = {
    "buyer": buyer_or_404,
    "exhibitor": exhibitor_or_404,
}


def _context(profile: Buyer | Exhibitor, role: str, error: str = "", changed: Slot | None = None) -> dict:
    grid = q.availability_grid(profile)
    free = sum(1 for d in grid for s in d.slots if not s.blocked and s.meeting is None)
    return {
        "event": profile.event,
        "profile": profile,
        "role": role,
        "tab": "availability",
        "grid": grid,
        "free_count": free,
        "blocked_count": sum(1 for d in grid for s in d.slots if s.blocked),
        "error": error,
        "changed": changed,
        "toggle_url": f"{role}-availability-toggle",
        "base_template": f"frontend/{role}/base.html",
        "invitations_waiting": q.buyer_invitations_waiting(profile) if isinstance(profile, Buyer) else 0,
    }


def _page(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    profile = ROLES[role](request, slug)
    timezone.activate(profile.event.tz)
    return render(request, "frontend/availability.html", _context(profile, role))


def _toggle(request: HttpRequest, slug: str, role: str, slot_pk: int) -> HttpResponse:
    profile = ROLES[role](request, slug)
    timezone.activate(profile.event.tz)
    slot = get_object_or_404(Slot.objects.select_related("event"), pk=slot_pk, event=profile.event)
    form = AvailabilityForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose to block or free the slot.")
    else:
        try:
            if form.cleaned_data["action"] == "block":
                availability_block(profile=profile, slots=[slot], by_user=request.user)
            else:
                availability_unblock(profile=profile, slots=[slot], by_user=request.user)
        except WorkflowError as exc:
            error = exc.message
    if request.headers.get("HX-Request") == "true":
        return render(
            request, "frontend/_availability.html", _context(profile, role, error=error, changed=slot), status=200
        )
    if error:
        messages.error(request, error)
    return redirect(f"{role}-availability", slug=slug)


@login_required
def buyer_availability(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, slug, "buyer")


@login_required
def exhibitor_availability(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, slug, "exhibitor")


@require_POST
@login_required
def buyer_availability_toggle(request: HttpRequest, slug: str, slot_pk: int) -> HttpResponse:
    return _toggle(request, slug, "buyer", slot_pk)


@require_POST
@login_required
def exhibitor_availability_toggle(request: HttpRequest, slug: str, slot_pk: int) -> HttpResponse:
    return _toggle(request, slug, "exhibitor", slot_pk)


@require_POST
@login_required
def buyer_days(request: HttpRequest, slug: str) -> HttpResponse:
    """POST day=<id> (repeated): the days the buyer attends. htmx swaps the editor; without JS the page reloads."""
    buyer = buyer_or_404(request, slug)
    timezone.activate(buyer.event.tz)
    form = BuyerDaysForm(request.POST, event=buyer.event)
    error = ""
    if not form.is_valid():
        error = " ".join(str(e) for e in form.errors.get("day", [])) or _("Choose at least one day.")
    else:
        try:
            buyer_days_set(buyer=buyer, days=list(form.cleaned_data["day"]), by_user=request.user)
        except WorkflowError as exc:
            error = exc.message
    if request.headers.get("HX-Request") == "true":
        return render(request, "frontend/_availability.html", _context(buyer, "buyer", error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your days are saved."))
    return redirect("buyer-availability", slug=slug)
