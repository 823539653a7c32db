"""What every portal page needs: the role checks. A stranger gets 404, not someone else's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from matchmaking import queries as mq
from matchmaking.models import Buyer, Event, Exhibitor, TeamMember


def buyer_or_404(request: HttpRequest, slug: str) -> Buyer:
    buyer = mq.buyer_for_member(user=request.user, slug=slug)
    if buyer is None:
        raise Http404("No buyer profile of yours at this event.")
    return buyer


def exhibitor_or_404(request: HttpRequest, slug: str) -> Exhibitor:
    exhibitor = mq.exhibitor_for_member(user=request.user, slug=slug)
    if exhibitor is None:
        raise Http404("No exhibitor profile of yours at this event.")
    return exhibitor


def organised_or_404(request: HttpRequest, slug: str) -> Event:
    event = mq.event_for_organiser(user=request.user, slug=slug)
    if event is None:
        raise Http404("You do not organise this event.")
    return event


def participant_or_404(request: HttpRequest, slug: str) -> tuple[Buyer | Exhibitor, str]:
    """The user's exhibitor or buyer profile at the event, and which of the two it is."""
    exhibitor = mq.exhibitor_for_member(user=request.user, slug=slug)
    if exhibitor is not None:
        return exhibitor, "exhibitor"
    buyer = mq.buyer_for_member(user=request.user, slug=slug)
    if buyer is not None:
        return buyer, "buyer"
    raise Http404("No profile of yours at this event.")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send a user with one role straight to its page; let a user with several choose."""
    roles = mq.user_roles(request.user)
    if len(roles) == 1:
        role = roles[0]
        return redirect(f"{role.kind}-home", slug=role.event.slug)
    return render(request, "frontend/choose_role.html", {"roles": roles})


CALENDAR_SALT = "expomatch.calendar-feed"


def calendar_token(member: TeamMember) -> str:
    """A secret, signed token naming a team member: calendar apps fetch the feed with it and no login.
    Rotating SECRET_KEY revokes every token."""
    return signing.dumps(member.pk, salt=CALENDAR_SALT, compress=True)


def calendar_url(request: HttpRequest, profile: Buyer | Exhibitor) -> str | None:
    member = profile.team.filter(user=request.user).first()
    if member is None:
        return None
    return request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": calendar_token(member)}))
