"""WebSocket URL patterns: one live-update endpoint per event (meetings.consumers)."""

from django.urls import URLPattern, path

from meetings.consumers import EventLiveConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/events/<slug:slug>/", EventLiveConsumer.as_asgi()),
]
