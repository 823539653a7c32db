"""Notification endpoints: the person's notifications at an event (list, unread count, mark read) and their
preferences. Each view checks the user's role at the event (event_access: 404 for strangers) and calls one
query or service."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import event_access
from api.serializers import MAX_ID
from meetings.models import Notification
from meetings.notifications import queries as nq
from meetings.notifications import services
from meetings.notifications.enums import EMAIL_CHOOSABLE_KINDS


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "meeting", "request", "created_at", "read_at", "read"]

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationListSerializer(serializers.Serializer):
    unread = serializers.IntegerField()
    results = NotificationSerializer(many=True)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, allow_empty=True, max_length=500
    )
    all = serializers.BooleanField(required=False, default=False)


class PreferencesSerializer(serializers.Serializer):
    email_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=[k.value for k in EMAIL_CHOOSABLE_KINDS]), allow_empty=True
    )
    digest = serializers.BooleanField()


class NotificationListView(APIView):
    """GET: the newest 50 notifications and the unread count. POST {"ids": [...]} or {"all": true}: mark read."""

    @extend_schema(responses=NotificationListSerializer)
    def get(self, request: Request, event: str) -> Response:
        access = event_access(request, event)
        rows = nq.notifications_for(user=request.user, event=access.event)
        unread = nq.unread_count(user_id=request.user.pk, event_id=access.event.pk)
        return Response({"unread": unread, "results": NotificationSerializer(rows, many=True).data})

    @extend_schema(request=MarkReadSerializer, responses=NotificationListSerializer)
    def post(self, request: Request, event: str) -> Response:
        access = event_access(request, event)
        form = MarkReadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if form.validated_data["all"]:
            services.notifications_mark_all_read(user=request.user, event=access.event)
        else:
            ids = form.validated_data.get("ids") or []
            if not ids:
                raise serializers.ValidationError({"ids": ["Give the ids to mark as read, or all: true."]})
            for notification in Notification.objects.filter(user=request.user, event=access.event, pk__in=ids):
                services.notification_mark_read(notification=notification, by_user=request.user)
        return self.get(request, event)


class NotificationPreferencesView(APIView):
    """GET / PUT the signed-in person's e-mail preferences (kinds sent by e-mail, the morning digest)."""

    def _data(self, request: Request) -> dict:
        pref = nq.preferences_for(request.user)
        kinds = [k.value for k in EMAIL_CHOOSABLE_KINDS if k.value not in pref.email_off]
        return {"email_kinds": kinds, "digest": pref.digest}

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request: Request) -> Response:
        return Response(self._data(request))

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def put(self, request: Request) -> Response:
        form = PreferencesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            services.notification_preferences_save(
                user=request.user, email_kinds=form.validated_data["email_kinds"], digest=form.validated_data["digest"]
            )
        except services.NotificationError as exc:
            return Response({exc.field or "detail": [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self._data(request))
