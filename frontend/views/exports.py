"""Agenda exports for participants: iCalendar download, the signed subscription feed, the printable agenda."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse

from frontend.views.common import CALENDAR_SALT, participant_or_404
from matchmaking.models import Buyer, Exhibitor, TeamMember
from meetings import exports
from meetings import queries as q
from meetings.models import Meeting


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
    profile, viewer = participant_or_404(request, slug)
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
    profile, viewer = participant_or_404(request, slug)
    meetings = q.agenda_for_buyer(profile) if viewer == "buyer" else q.agenda_for_exhibitor(profile)
    html = exports.agenda_print_html(
        event=profile.event,
        profile=profile,
        meetings=meetings,
        viewer=viewer,  # type: ignore[arg-type]
        language=request.LANGUAGE_CODE,
    )
    return HttpResponse(html)
