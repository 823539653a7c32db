"""Who the requesting user is at an event. Every event-scoped endpoint starts here: a user without any role
at the event gets 404 (we do not reveal that the event's objects exist)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from matchmaking.models import Buyer, Event, Exhibitor, Organiser


@dataclass(frozen=True)
class Access:
    event: Event
    organiser: bool
    buyer: Buyer | None
    exhibitor: Exhibitor | None

    @property
    def profile(self) -> Buyer | Exhibitor | None:
        """The user's own profile at the event (exhibitor first when someone is on both sides)."""
        return self.exhibitor or self.buyer

    def require_organiser(self) -> None:
        if not self.organiser:
            raise PermissionDenied("Only the event's organisers can do this.")

    def require_profile(self) -> Buyer | Exhibitor:
        if self.profile is None:
            raise PermissionDenied("Only buyers and exhibitors of this event can do this.")
        return self.profile


def event_access(request: Request, slug: str) -> Access:
    """The user's roles at the event `slug`; Http404 if none (or no such event)."""
    user = request.user
    event = Event.objects.filter(slug=slug).first()
    if event is None or not user.is_authenticated:
        raise Http404
    organiser = user.is_superuser or Organiser.objects.filter(event=event, user=user).exists()
    buyer = Buyer.objects.filter(event=event, team__user=user).first()
    exhibitor = Exhibitor.objects.filter(event=event, team__user=user).first()
    if not (organiser or buyer or exhibitor):
        raise Http404
    return Access(event=event, organiser=organiser, buyer=buyer, exhibitor=exhibitor)
