"""What every portal page needs: the role checks. A stranger gets 404, not someone else's page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


# --- Display helpers shared by the participant pages ----------------------------------------------------------

COUNTRY_NAMES = {
    "AE": _("United Arab Emirates"),
    "AZ": _("Azerbaijan"),
    "BY": _("Belarus"),
    "CN": _("China"),
    "CZ": _("Czech Republic"),
    "DE": _("Germany"),
    "ES": _("Spain"),
    "FI": _("Finland"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "IN": _("India"),
    "IT": _("Italy"),
    "JP": _("Japan"),
    "KG": _("Kyrgyzstan"),
    "KR": _("South Korea"),
    "KZ": _("Kazakhstan"),
    "NL": _("Netherlands"),
    "PL": _("Poland"),
    "RU": _("Russia"),
    "SE": _("Sweden"),
    "TJ": _("Tajikistan"),
    "TM": _("Turkmenistan"),
    "TR": _("Turkey"),
    "US": _("United States"),
    "UZ": _("Uzbekistan"),
}


def country_name(code: str) -> str:
    """The country's name for an ISO code (the code itself when unknown)."""
    return str(COUNTRY_NAMES.get(code, code))


OTHER_LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "cs": _("Czech"),
    "de": _("German"),
    "es": _("Spanish"),
    "fi": _("Finnish"),
    "fr": _("French"),
    "hi": _("Hindi"),
    "it": _("Italian"),
    "ja": _("Japanese"),
    "kk": _("Kazakh"),
    "ko": _("Korean"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
    "sv": _("Swedish"),
    "tg": _("Tajik"),
    "tr": _("Turkish"),
    "zh": _("Chinese"),
}


def language_name(code: str) -> str:
    """The language's name for a code (the code itself when unknown)."""
    from matchmaking.enums import Language

    try:
        return str(Language(code).label)
    except ValueError:
        return str(OTHER_LANGUAGE_NAMES.get(code, code))


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (POST language=…, next=…: sets this device's cookie and redirects), and for a
    signed-in person also their account language, which e-mails and their other devices use."""
    from django.views.i18n import set_language as django_set_language

    from matchmaking.services import user_language_set

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
