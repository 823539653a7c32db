"""API views: translate HTTP, call queries and services, respond. No business rules here."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matchmaking.queries import user_roles


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
