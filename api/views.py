"""API views: translate HTTP, check who may see what, call one query or service, respond. No business rules.

Every event-scoped view resolves the user's roles with `event_access` first: strangers get 404; buyers see
their own requests and meetings, exhibitors theirs, organisers everything of their own events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.access import Access, event_access
from matchmaking import services as match_services
from matchmaking.enums import RulesStatus
from matchmaking.models import Buyer, Category, Event, Exhibitor, MatchRuleSet, Recommendation, TeamMember
from matchmaking.queries import user_roles
from meetings import exports, services
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, Location, Meeting, MeetingRequest, ScheduleRun, Slot


def _valid(serializer: type[serializers.Serializer], request: Request, partial: bool = False) -> dict[str, Any]:
    """The request body checked against `serializer` (400 with field messages otherwise)."""
    form = serializer(data=request.data, partial=partial)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


# --- Me ----------------------------------------------------------------------------------------------------


class RoleSerializer(serializers.Serializer):
    kind = serializers.CharField()
    event = serializers.CharField(source="event.slug")
    profile_id = serializers.IntegerField(source="profile.pk", allow_null=True, default=None)
    company = serializers.CharField(source="profile.company", allow_null=True, default=None)


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField()
    language = serializers.CharField()
    roles = RoleSerializer(many=True)


class MeView(APIView):
    """The signed-in user and the roles they hold at each event."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "email": user.email,
            "name": user.get_full_name(),
            "language": user.language,
            "roles": user_roles(user),
        }
        return Response(MeSerializer(data).data)


class TaxonomyView(APIView):
    """The two-level product taxonomy with names in English, Russian and Uzbek (public)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.CategorySerializer(many=True))
    def get(self, request: Request) -> Response:
        categories = Category.objects.select_related("parent").order_by("position")
        return Response(s.CategorySerializer(categories, many=True).data)


# --- Event-scoped base -------------------------------------------------------------------------------------

EVENT_PARAM = OpenApiParameter("event", str, OpenApiParameter.PATH, description="event slug")


class EventScoped:
    """Mixin: `self.access` for the URL's event, resolved once per request."""

    kwargs: dict[str, Any]
    request: Request
    scoped_queryset: Callable[[], QuerySet[Any]]  # each view's rows for `self.access`

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no event
            return self.queryset  # type: ignore[attr-defined]
        return self.scoped_queryset()

    @property
    def access(self) -> Access:
        cached = getattr(self, "_access", None)
        if cached is None:
            cached = self._access = event_access(self.request, self.kwargs["event"])
        return cached


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events the user has a role at."""

    queryset = Event.objects.none()
    serializer_class = s.EventSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Event]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = self.request.user
        qs = Event.objects.prefetch_related("days__breaks")
        if user.is_superuser:
            return qs
        return qs.filter(
            Q(organisers__user=user) | Q(buyers__team__user=user) | Q(exhibitors__team__user=user)
        ).distinct()


_codes = Prefetch("categories", queryset=Category.objects.only("code"))


@extend_schema(parameters=[EVENT_PARAM])
class ExhibitorViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """Exhibitors of the event, for everyone with a role there. Filters: `q` (text), `category` (code or
    parent code), `country`, `language`, `hall`."""

    queryset = Exhibitor.objects.none()
    serializer_class = s.ExhibitorSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("category", str),
            OpenApiParameter("country", str),
            OpenApiParameter("language", str),
            OpenApiParameter("hall", str),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def scoped_queryset(self) -> QuerySet[Exhibitor]:
        qs = Exhibitor.objects.filter(event=self.access.event).prefetch_related(_codes).order_by("company")
        return _profile_filters(qs, self.request, extra={"hall": "hall__iexact"})


@extend_schema(parameters=[EVENT_PARAM])
class BuyerViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """Buyers of the event: visible to its exhibitors (to invite them) and organisers, not to other buyers."""

    queryset = Buyer.objects.none()
    serializer_class = s.BuyerSerializer

    def scoped_queryset(self) -> QuerySet[Buyer]:
        access = self.access
        if not (access.organiser or access.exhibitor):
            raise PermissionDenied("Buyers' profiles are shown to exhibitors and organisers.")
        qs = Buyer.objects.filter(event=access.event).prefetch_related(_codes, "days_attending").order_by("company")
        return _profile_filters(qs, self.request, extra={})


def _profile_filters(qs: QuerySet[Any], request: Request, *, extra: dict[str, str]) -> QuerySet[Any]:
    params = request.query_params
    if q := params.get("q", "").strip()[:100]:
        qs = qs.filter(Q(company__icontains=q) | Q(description__icontains=q) | Q(city__icontains=q))
    if code := params.get("category", "").strip()[:10]:
        qs = qs.filter(Q(categories__code=code) | Q(categories__parent__code=code)).distinct()
    if country := params.get("country", "").strip()[:2]:
        qs = qs.filter(country=country.upper())
    if language := params.get("language", "").strip()[:3]:
        qs = qs.filter(languages__icontains=f'"{language.lower()}"')
    for param, lookup in extra.items():
        if value := params.get(param, "").strip()[:40]:
            qs = qs.filter(**{lookup: value})
    return qs


@extend_schema(parameters=[EVENT_PARAM])
class MyProfileView(EventScoped, APIView):
    """The user's own buyer or exhibitor profile at the event: read and change it."""

    @extend_schema(responses=s.ExhibitorSerializer)
    def get(self, request: Request, event: str) -> Response:
        profile = self.access.require_profile()
        serializer = s.BuyerSerializer if isinstance(profile, Buyer) else s.ExhibitorSerializer
        return Response(serializer(profile).data)

    @extend_schema(request=s.ProfileUpdateSerializer, responses=s.ExhibitorSerializer)
    def patch(self, request: Request, event: str) -> Response:
        profile = self.access.require_profile()
        data = _valid(s.ProfileUpdateSerializer, request, partial=True)
        categories = data.pop("categories", None)
        wrong = "looking_for" if isinstance(profile, Exhibitor) else "offering"
        if wrong in data:
            raise serializers.ValidationError({wrong: ["This field belongs to the other side's profile."]})
        profile = match_services.profile_update(
            profile=profile, changes=data, categories=categories, by_user=request.user
        )
        serializer = s.BuyerSerializer if isinstance(profile, Buyer) else s.ExhibitorSerializer
        return Response(serializer(profile).data)


@extend_schema(parameters=[EVENT_PARAM])
class RecommendationViewSet(EventScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Ranked recommendations for the user's profile, with the reasons for each match."""

    queryset = Recommendation.objects.none()
    serializer_class = s.RecommendationSerializer
    pagination_class = None

    def scoped_queryset(self) -> QuerySet[Recommendation]:
        profile = self.access.require_profile()
        if isinstance(profile, Buyer):
            qs = Recommendation.objects.filter(buyer=profile, buyer_rank__isnull=False).order_by("buyer_rank")
        else:
            qs = Recommendation.objects.filter(exhibitor=profile, exhibitor_rank__isnull=False).order_by(
                "exhibitor_rank"
            )
        return qs.select_related("buyer", "exhibitor").prefetch_related(
            Prefetch("exhibitor__categories", queryset=Category.objects.only("code")),
            Prefetch("buyer__categories", queryset=Category.objects.only("code")),
            "buyer__days_attending",
        )

    def get_serializer_context(self) -> dict[str, Any]:
        profile = self.access.require_profile()
        return {**super().get_serializer_context(), "viewer": "buyer" if isinstance(profile, Buyer) else "exhibitor"}


# --- Requests ----------------------------------------------------------------------------------------------


def _own_filter(access: Access) -> Q:
    """Rows of the user's own profiles (organisers: every row of the event)."""
    if access.organiser:
        return Q(event=access.event)
    q = Q(pk__in=[])
    if access.buyer:
        q |= Q(buyer=access.buyer)
    if access.exhibitor:
        q |= Q(exhibitor=access.exhibitor)
    return q


@extend_schema(parameters=[EVENT_PARAM])
class MeetingRequestViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """The user's requests (sent and received); organisers see all. POST sends a request or an invitation;
    the actions accept, decline and cancel answer it. Filter with `status`."""

    queryset = MeetingRequest.objects.none()
    serializer_class = s.MeetingRequestSerializer

    def scoped_queryset(self) -> QuerySet[MeetingRequest]:
        qs = MeetingRequest.objects.filter(_own_filter(self.access)).select_related("buyer", "exhibitor")
        if status_ := self.request.query_params.get("status"):
            qs = qs.filter(status=status_[:12])
        return qs.order_by("-created_at")

    @extend_schema(request=s.MeetingRequestCreateSerializer, responses={201: s.MeetingRequestSerializer})
    def create(self, request: Request, event: str) -> Response:
        access = self.access
        access.require_profile()  # organisers and strangers: 403, whatever the body holds
        data = _valid(s.MeetingRequestCreateSerializer, request)
        if access.buyer and "exhibitor" in data:
            buyer = access.buyer
            exhibitor = get_object_or_404(Exhibitor, pk=data["exhibitor"], event=access.event)
        elif access.exhibitor and "buyer" in data:
            exhibitor = access.exhibitor
            buyer = get_object_or_404(Buyer, pk=data["buyer"], event=access.event)
        else:
            raise serializers.ValidationError(
                {"exhibitor": ["Buyers name the exhibitor; exhibitors name the buyer (field `buyer`)."]}
            )
        req = services.meeting_request_create(
            buyer=buyer, exhibitor=exhibitor, by_user=request.user, message=data["message"], priority=data["priority"]
        )
        return Response(s.MeetingRequestSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, event: str, pk: str) -> Response:
        req = services.meeting_request_accept(request=self.get_object(), by_user=request.user)
        data = dict(s.MeetingRequestSerializer(req).data)
        data["placement"] = getattr(req, "placement_note", "")
        return Response(data)

    @extend_schema(request=s.ReasonSerializer, responses=s.MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, event: str, pk: str) -> Response:
        req = self.get_object()
        data = _valid(s.ReasonSerializer, request)
        req = services.meeting_request_decline(request=req, by_user=request.user, reason=data["reason"])
        return Response(s.MeetingRequestSerializer(req).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, event: str, pk: str) -> Response:
        req = self.get_object()
        data = _valid(s.ReasonSerializer, request)
        req = services.meeting_request_cancel(request=req, by_user=request.user, reason=data["reason"])
        return Response(s.MeetingRequestSerializer(req).data)


# --- Meetings ----------------------------------------------------------------------------------------------


@extend_schema(parameters=[EVENT_PARAM])
class MeetingViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """The user's meetings in time order (organisers: all); `day=YYYY-MM-DD` for one day's agenda, `all=1` to
    include cancelled ones. Actions change one meeting through its service."""

    queryset = Meeting.objects.none()
    serializer_class = s.MeetingSerializer

    def scoped_queryset(self) -> QuerySet[Meeting]:
        qs = Meeting.objects.filter(_own_filter(self.access)).select_related(
            "buyer", "exhibitor", "slot__day", "location", "exhibitor_member__user"
        )
        params = self.request.query_params
        if params.get("all") != "1":
            qs = qs.filter(ACTIVE_MEETING)
        if day := params.get("day"):
            qs = qs.filter(slot__day__date=day[:10])
        return qs.order_by("slot__starts_at", "pk")

    @extend_schema(parameters=[OpenApiParameter("day", str), OpenApiParameter("all", str)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _respond(self, meeting: Meeting) -> Response:
        """The changed meeting, re-read with what the serializer needs."""
        related = ("buyer", "exhibitor", "slot__day", "location", "exhibitor_member__user")
        return Response(s.MeetingSerializer(Meeting.objects.select_related(*related).get(pk=meeting.pk)).data)

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, event: str, pk: str) -> Response:
        return self._respond(services.meeting_confirm(meeting=self.get_object(), by_user=request.user))

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="another-slot")
    def another_slot(self, request: Request, event: str, pk: str) -> Response:
        return self._respond(services.meeting_ask_another_slot(meeting=self.get_object(), by_user=request.user))

    @extend_schema(request=s.RescheduleSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, event: str, pk: str) -> Response:
        meeting = self.get_object()  # a stranger gets 404 whatever the body holds
        data = _valid(s.RescheduleSerializer, request)
        slot = Slot.objects.filter(pk=data["slot"], event=self.access.event).first()
        if slot is None:
            raise serializers.ValidationError({"slot": ["No such slot at this event."]})
        return self._respond(services.meeting_reschedule(meeting=meeting, slot=slot, by_user=request.user))

    @extend_schema(request=s.ReasonSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, event: str, pk: str) -> Response:
        meeting = self.get_object()
        data = _valid(s.ReasonSerializer, request)
        meeting = services.meeting_cancel(meeting=meeting, by_user=request.user, reason=data["reason"])
        return Response(s.MeetingSerializer(meeting).data)

    @extend_schema(request=s.AssignMemberSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="assign-member")
    def assign_member(self, request: Request, event: str, pk: str) -> Response:
        meeting = self.get_object()
        data = _valid(s.AssignMemberSerializer, request)
        member_id = data["member"]
        member = None
        if member_id is not None:
            member = TeamMember.objects.filter(pk=member_id, exhibitor__event=self.access.event).first()
            if member is None:
                raise serializers.ValidationError({"member": ["No such team member at this event."]})
        meeting = services.meeting_assign_member(meeting=meeting, member=member, by_user=request.user)
        return self._respond(meeting)

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, event: str, pk: str) -> Response:
        return self._respond(services.meeting_check_in(meeting=self.get_object(), by_user=request.user))

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, event: str, pk: str) -> Response:
        return self._respond(services.meeting_mark_no_show(meeting=self.get_object(), by_user=request.user))

    @extend_schema(request=s.FeedbackSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, event: str, pk: str) -> Response:
        meeting = self.get_object()
        data = _valid(s.FeedbackSerializer, request)
        services.meeting_feedback_save(meeting=meeting, by_user=request.user, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Availability, slots, locations ---------------------------------------------------------------------------


@extend_schema(parameters=[EVENT_PARAM])
class AvailabilityView(EventScoped, APIView):
    """The user's blocked slots: GET lists them, POST blocks slots, DELETE unblocks them."""

    @extend_schema(responses=s.AvailabilitySerializer(many=True))
    def get(self, request: Request, event: str) -> Response:
        profile = self.access.require_profile()
        side = "buyer" if isinstance(profile, Buyer) else "exhibitor"
        blocks = AvailabilityBlock.objects.filter(**{side: profile}).order_by("slot__starts_at")
        return Response(s.AvailabilitySerializer(blocks, many=True).data)

    def _slots(self, request: Request) -> tuple[Buyer | Exhibitor, list[Slot], str]:
        profile = self.access.require_profile()
        data = _valid(s.AvailabilityChangeSerializer, request)
        ids = data["slots"]
        slots = list(Slot.objects.filter(pk__in=ids, event=self.access.event))
        if len(slots) != len(set(ids)):
            raise serializers.ValidationError({"slots": ["Some slots do not belong to this event."]})
        return profile, slots, data["note"]

    @extend_schema(request=s.AvailabilityChangeSerializer, responses={201: s.AvailabilitySerializer(many=True)})
    def post(self, request: Request, event: str) -> Response:
        profile, slots, note = self._slots(request)
        created = services.availability_block(profile=profile, slots=slots, by_user=request.user, note=note)
        return Response(s.AvailabilitySerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AvailabilityChangeSerializer, responses={204: None})
    def delete(self, request: Request, event: str) -> Response:
        profile, slots, _note = self._slots(request)
        services.availability_unblock(profile=profile, slots=slots, by_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[EVENT_PARAM])
class SlotViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """The event's meeting slots (UTC times; the event's `time_zone` is for display)."""

    queryset = Slot.objects.none()
    serializer_class = s.SlotSerializer
    pagination_class = None

    def scoped_queryset(self) -> QuerySet[Slot]:
        return Slot.objects.filter(event=self.access.event).select_related("day").order_by("starts_at")


@extend_schema(parameters=[EVENT_PARAM])
class LocationViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """Booth seats and lounge tables of the event."""

    queryset = Location.objects.none()
    serializer_class = s.LocationSerializer
    pagination_class = None

    def scoped_queryset(self) -> QuerySet[Location]:
        return Location.objects.filter(event=self.access.event).order_by("kind", "exhibitor_id", "number")


# --- Organisers: rules, scheduler runs, statistics ----------------------------------------------------------


@extend_schema(parameters=[EVENT_PARAM])
class RuleSetViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """Match rule versions (organisers). POST saves a draft; `publish` makes a version the event's rules;
    `preview` shows the figures draft rules would give, without saving anything."""

    queryset = MatchRuleSet.objects.none()
    serializer_class = s.RuleSetSerializer
    lookup_field = "version"
    pagination_class = None

    def scoped_queryset(self) -> QuerySet[MatchRuleSet]:
        self.access.require_organiser()
        return MatchRuleSet.objects.filter(event=self.access.event).select_related("created_by").order_by("-version")

    @extend_schema(request=s.RuleDraftSerializer, responses={201: s.RuleSetSerializer})
    def create(self, request: Request, event: str) -> Response:
        self.access.require_organiser()
        data = _valid(s.RuleDraftSerializer, request)
        rule_set = match_services.match_rules_save_draft(
            event=self.access.event,
            data=data["data"],
            by_user=request.user,
            note=data["note"],
        )
        return Response(s.RuleSetSerializer(rule_set).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.RuleSetSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, event: str, version: str) -> Response:
        rule_set = match_services.match_rules_publish(rule_set=self.get_object(), by_user=request.user)
        return Response(s.RuleSetSerializer(rule_set).data)

    @extend_schema(request=s.RulePreviewSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def preview(self, request: Request, event: str) -> Response:
        self.access.require_organiser()
        data = _valid(s.RulePreviewSerializer, request)
        report = match_services.match_rules_preview(event=self.access.event, data=data["data"], k=data.get("k"))
        return Response(_preview_json(report))


def _preview_json(report: Any) -> dict[str, Any]:
    def exposure(fig: Any) -> dict[str, Any]:
        return {
            "exhibitors_without_recommendations": fig.exhibitors_without_recommendations,
            "max_recommendations_per_exhibitor": fig.max_recommendations_per_exhibitor,
            "per_exhibitor": {str(k): v for k, v in fig.per_exhibitor.items()},
        }

    return {
        "buyers": report.buyers,
        "exhibitors": report.exhibitors,
        "k": report.k,
        "top_k": report.top_k,
        "share_buyers_with_k": report.share_buyers_with_k,
        "buyers_without_matches": report.buyers_without_matches,
        "mean_matches_per_buyer": report.mean_matches_per_buyer,
        "exposure_cap": report.exposure_cap,
        "exposure": exposure(report.exposure),
        "uncapped": exposure(report.uncapped),
        "score_histogram": [list(b) for b in report.score_histogram],
        "samples": [
            {"buyer": m.buyer, "exhibitor": m.exhibitor, "score": m.score, "reasons": list(m.reasons)}
            for m in report.samples
        ],
    }


@extend_schema(parameters=[EVENT_PARAM])
class ScheduleRunViewSet(EventScoped, viewsets.ReadOnlyModelViewSet):
    """Scheduler runs (organisers): POST queues one for the task worker; GET shows status, progress and the
    report; `cancel` stops one before its result is written."""

    queryset = ScheduleRun.objects.none()
    serializer_class = s.ScheduleRunSerializer

    def scoped_queryset(self) -> QuerySet[ScheduleRun]:
        self.access.require_organiser()
        return ScheduleRun.objects.filter(event=self.access.event).order_by("-created_at")

    @extend_schema(request=s.ScheduleRunStartSerializer, responses={202: s.ScheduleRunSerializer})
    def create(self, request: Request, event: str) -> Response:
        self.access.require_organiser()
        data = _valid(s.ScheduleRunStartSerializer, request)
        run = services.schedule_run_start(event=self.access.event, by_user=request.user, **data)
        return Response(s.ScheduleRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=s.ScheduleRunSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, event: str, pk: str) -> Response:
        try:
            run = services.schedule_run_cancel(run=self.get_object(), by_user=request.user)
        except ValueError as exc:
            raise services.WorkflowError("finished", str(exc)) from exc
        return Response(s.ScheduleRunSerializer(run).data)


@extend_schema(parameters=[EVENT_PARAM])
class StatisticsView(EventScoped, APIView):
    """Counts for the organisers' dashboard."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, event: str) -> Response:
        access = self.access
        access.require_organiser()
        ev = access.event

        def by(qs: QuerySet[Any], field: str) -> dict[str, int]:
            return {str(r[field]): r["n"] for r in qs.values(field).annotate(n=Count("pk")).order_by()}

        requests = MeetingRequest.objects.filter(event=ev)
        answered = requests.filter(status__in=["accepted", "declined"]).count()
        return Response(
            {
                "exhibitors": Exhibitor.objects.filter(event=ev).count(),
                "buyers": Buyer.objects.filter(event=ev).count(),
                "requests_by_status": by(requests, "status"),
                "acceptance_rate": round(requests.filter(status="accepted").count() / answered, 4)
                if answered
                else None,
                "meetings_by_status": by(Meeting.objects.filter(event=ev), "status"),
                "meetings_per_day": by(Meeting.objects.filter(ACTIVE_MEETING, event=ev), "slot__day__date"),
                "published_rules": MatchRuleSet.objects.filter(event=ev, status=RulesStatus.PUBLISHED)
                .values_list("version", flat=True)
                .first(),
            }
        )


# --- Exports ------------------------------------------------------------------------------------------------


@extend_schema(parameters=[EVENT_PARAM])
class AgendaIcsView(EventScoped, APIView):
    """The user's agenda as an iCalendar file (times in the event's zone, stable UIDs, cancellations included).
    For calendar subscriptions use the signed link shown in the portal."""

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request: Request, event: str) -> HttpResponse:
        profile = self.access.require_profile()
        viewer = "buyer" if isinstance(profile, Buyer) else "exhibitor"
        body = exports.agenda_ics(
            event=self.access.event,
            meetings=exports.meetings_for_export(Meeting.objects.filter(**{viewer: profile})),
            calendar_name=f"{self.access.event.name} — {profile.company}",
            viewer=viewer,  # type: ignore[arg-type]
            language=request.user.language,
        )
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@extend_schema(parameters=[EVENT_PARAM])
class MeetingsCsvView(EventScoped, APIView):
    """Every meeting of the event as CSV (organisers)."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, event: str) -> HttpResponse:
        self.access.require_organiser()
        body = exports.meetings_csv(
            event=self.access.event,
            meetings=exports.meetings_for_export(Meeting.objects.filter(event=self.access.event)),
        )
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.access.event.slug}-meetings.csv"'
        return response
