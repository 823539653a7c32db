"""The polling fallback of live updates (docs/live.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse

from meetings import queries as q


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
