"""WebSocket URL patterns. The live-update consumer arrives with the live-updates issue; until then none."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
