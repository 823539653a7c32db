"""API representations. Output serializers describe objects; input serializers check the shape of what a client
sends. Business rules live in the services, never here."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matchmaking.models import Buyer, Category, Event, EventDay, Exhibitor, MatchRuleSet, Recommendation
from meetings.enums import RequestPriority
from meetings.models import AvailabilityBlock, Location, Meeting, MeetingRequest, ScheduleRun, Slot

# Ids are 64-bit (BigAutoField): a larger number is refused as invalid input before it reaches the database,
# where SQLite would fail on it (OverflowError) instead of finding nothing.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "10:00"})
class LocalTimeField(serializers.Field):
    """A wall-clock time in the event's zone as "HH:MM" (JSON Schema's "time" format wants an offset)."""

    def to_representation(self, value: Any) -> str:
        return value.strftime("%H:%M")


class EventDaySerializer(serializers.ModelSerializer):
    opens = LocalTimeField(read_only=True)
    closes = LocalTimeField(read_only=True)
    breaks = serializers.SerializerMethodField()

    class Meta:
        model = EventDay
        fields = ["id", "date", "opens", "closes", "breaks"]

    def get_breaks(self, day: EventDay) -> list[dict[str, str]]:
        return [
            {"starts": b.starts.isoformat(), "ends": b.ends.isoformat(), "label": b.label} for b in day.breaks.all()
        ]


class EventSerializer(serializers.ModelSerializer):
    days = EventDaySerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "venue",
            "city",
            "time_zone",
            "start_date",
            "end_date",
            "languages",
            "phase",
            "slot_minutes",
            "buffer_minutes",
            "request_expiry_hours",
            "pending_request_cap",
            "meetings_per_day_cap",
            "meetings_total_cap",
            "requests_open_at",
            "requests_close_at",
            "slot_confirmation",
            "days",
        ]


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = Category
        fields = ["code", "parent", "name_en", "name_ru", "name_uz"]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodesField(serializers.Field):
    """Category codes of a profile (reads the prefetched relation)."""

    def to_representation(self, value: Any) -> list[str]:
        return [c.code for c in value.all()]


PROFILE_COMMON = [
    "id",
    "company",
    "organisation_type",
    "country",
    "city",
    "website",
    "description",
    "languages",
    "keywords",
    "categories",
]


class ExhibitorSerializer(serializers.ModelSerializer):
    categories = CodesField(read_only=True)

    class Meta:
        model = Exhibitor
        fields = [*PROFILE_COMMON, "offering", "hall", "booth", "parallel_meetings", "sponsor_tier", "target_countries"]


class BuyerSerializer(serializers.ModelSerializer):
    categories = CodesField(read_only=True)
    days_attending = serializers.SerializerMethodField()

    class Meta:
        model = Buyer
        fields = [
            *PROFILE_COMMON,
            "looking_for",
            "days_attending",
            "purchase_timeframe",
            "budget_band",
            "purchasing_role",
        ]

    def get_days_attending(self, buyer: Buyer) -> list[str]:
        return [d.date.isoformat() for d in buyer.days_attending.all()]


class ProfileUpdateSerializer(serializers.Serializer):
    """Fields a participant may change on their own profile (validated again, whole, by the service)."""

    company = serializers.CharField(max_length=200, required=False)
    country = serializers.CharField(max_length=2, required=False)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=3), required=False, max_length=10)
    keywords = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=30)
    categories = serializers.ListField(child=serializers.CharField(max_length=10), required=False, max_length=50)
    offering = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    looking_for = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class RecommendationSerializer(serializers.ModelSerializer):
    exhibitor = ExhibitorSerializer(read_only=True)
    buyer = BuyerSerializer(read_only=True)
    rank = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["rank", "score", "reasons", "evidence", "buyer", "exhibitor", "rules_version", "computed_at"]

    def get_rank(self, rec: Recommendation) -> int | None:
        return rec.buyer_rank if self.context.get("viewer") == "buyer" else rec.exhibitor_rank


class SlotSerializer(serializers.ModelSerializer):
    day = serializers.DateField(source="day.date")

    class Meta:
        model = Slot
        fields = ["id", "day", "index", "session", "starts_at", "ends_at"]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "kind", "exhibitor", "number", "name", "seats", "is_active"]


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    company = serializers.CharField()


class MeetingRequestSerializer(serializers.ModelSerializer):
    buyer = PartySerializer(read_only=True)
    exhibitor = PartySerializer(read_only=True)

    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "buyer",
            "exhibitor",
            "direction",
            "message",
            "priority",
            "status",
            "decline_reason",
            "expires_at",
            "created_at",
            "responded_at",
        ]


class MeetingRequestCreateSerializer(serializers.Serializer):
    """Send a request (as a buyer: `exhibitor`) or an invitation (as an exhibitor: `buyer`)."""

    exhibitor = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    buyer = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    priority = serializers.ChoiceField(choices=RequestPriority.choices, default=RequestPriority.NORMAL)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MeetingSerializer(serializers.ModelSerializer):
    buyer = PartySerializer(read_only=True)
    exhibitor = PartySerializer(read_only=True)
    slot = SlotSerializer(read_only=True)
    location = serializers.CharField(source="location.name", allow_null=True, default=None)
    team_member = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "request",
            "buyer",
            "exhibitor",
            "slot",
            "location",
            "team_member",
            "status",
            "locked",
            "version",
            "buyer_confirmed_at",
            "exhibitor_confirmed_at",
            "buyer_checked_in_at",
            "exhibitor_checked_in_at",
            "cancel_reason",
            "updated_at",
        ]

    def get_team_member(self, meeting: Meeting) -> str | None:
        member = meeting.exhibitor_member
        return member.user.get_full_name() or member.user.email if member else None


class RescheduleSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class AssignMemberSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, allow_null=True)


class FeedbackSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AvailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = AvailabilityBlock
        fields = ["id", "slot", "note", "created_at"]


class AvailabilityChangeSerializer(serializers.Serializer):
    slots = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=200
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RuleSetSerializer(serializers.ModelSerializer):
    created_by = serializers.EmailField(source="created_by.email", allow_null=True, default=None)

    class Meta:
        model = MatchRuleSet
        fields = ["version", "status", "data", "note", "created_by", "created_at", "published_at"]


class RuleDraftSerializer(serializers.Serializer):
    data = serializers.JSONField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_data(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("The rules must be a JSON object.")
        return value


class RulePreviewSerializer(serializers.Serializer):
    data = serializers.JSONField()
    k = serializers.IntegerField(min_value=1, max_value=100, required=False)

    def validate_data(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("The rules must be a JSON object.")
        return value


class ScheduleRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduleRun
        fields = [
            "id",
            "status",
            "parameters",
            "progress",
            "stage",
            "report",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]


class ScheduleRunStartSerializer(serializers.Serializer):
    time_limit = serializers.FloatField(min_value=1, max_value=600, default=10.0)
    workers = serializers.IntegerField(min_value=1, max_value=16, default=2)
