"""Background tasks (Django Tasks API): thin entry points that take ids and call services."""

from __future__ import annotations

from django_tasks import task

from matchmaking.models import Buyer, Event, Exhibitor
from matchmaking.services import recommendations_compute, recommendations_refresh


@task()
def recompute_recommendations(event_id: int) -> int:
    """Recompute all recommendations of an event (after its rules were published); returns the pair count."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return recommendations_compute(event=event).pairs


@task()
def refresh_profile_recommendations(kind: str, profile_id: int) -> int:
    """Refresh one saved profile's recommendations; `kind` is "buyer" or "exhibitor"."""
    model = Buyer if kind == "buyer" else Exhibitor
    profile = model.objects.select_related("event").filter(pk=profile_id).first()
    if profile is None:
        return 0
    return recommendations_refresh(profile=profile)
