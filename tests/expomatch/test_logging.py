"""Structured logs: JSON lines, each carrying the id of its request (from the proxy's X-Request-ID or a new one),
WebSocket connection or task."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from channels.testing import WebsocketCommunicator

from expomatch.asgi import application
from expomatch.logs import JsonLogFormatter, RequestIdFilter, request_id_var


@pytest.fixture
def json_lines():
    """Every record of the root logger as parsed JSON, through the production formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.mark.django_db
def test_request_id_generated_when_the_proxy_sends_none(client):
    response = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert client.get("/healthz")["X-Request-ID"] != response["X-Request-ID"]


@pytest.mark.django_db
def test_request_id_taken_from_the_proxy_header(client):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a:17"})
    assert response["X-Request-ID"] == "nginx-4f2a:17"


@pytest.mark.django_db
@pytest.mark.parametrize("garbled", ["two words", "x" * 129, "<script>", "id\u00e9"])
def test_request_id_replaced_when_the_header_is_garbled(client, garbled):
    response = client.get("/healthz", headers={"X-Request-ID": garbled})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_every_log_line_of_a_request_carries_its_id(client, json_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404"})
    assert response.status_code == 404
    lines = [line for line in json_lines() if line["request_id"] == "req-404"]
    # Django's own "Not Found" warning, written deep inside the handler, and our access line.
    assert {line["logger"] for line in lines} == {"django.request", "expomatch.request"}
    access = next(line for line in lines if line["logger"] == "expomatch.request")
    assert access["method"] == "GET"
    assert access["path"] == "/no-such-page/"
    assert access["status"] == 404
    assert access["route"] == "unmatched"
    assert access["duration_ms"] >= 0
    assert access["level"] == "INFO"
    assert access["time"].endswith("+00:00")
    assert request_id_var.get() == "-"  # reset after the request


@pytest.mark.django_db
def test_access_line_names_the_route_pattern_and_the_user(client, json_lines):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.get("/api/v1/me/", headers={"X-Request-ID": "req-me"})
    access = next(line for line in json_lines() if line["request_id"] == "req-me")
    assert access["route"] == "/api/v1/me/"
    assert access["status"] == 200
    assert access["user_id"] == user.pk


@pytest.mark.django_db
def test_probes_get_no_access_line(client, json_lines):
    client.get("/healthz", headers={"X-Request-ID": "probe"})
    assert [line for line in json_lines() if line["request_id"] == "probe"] == []


@pytest.mark.django_db
def test_task_log_lines_carry_the_task_id(settings, json_lines):
    from meetings.tasks import expire_request

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    token = request_id_var.set("req-enqueuing")
    try:
        result = expire_request.enqueue(request_id=0)
    finally:
        request_id_var.reset(token)
    lines = json_lines()
    enqueued = next(line for line in lines if line["message"] == "task enqueued")
    finished = next(line for line in lines if line["message"] == "task finished")
    assert enqueued["request_id"] == "req-enqueuing"
    assert enqueued["task_id"] == str(result.id)
    assert finished["request_id"] == f"task:{result.id}"
    assert finished["task"] == "meetings.tasks.expire_request"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_websocket_log_lines_carry_the_connection_id(json_lines):
    communicator = WebsocketCommunicator(
        application,
        "/ws/events/any/",
        headers=[(b"origin", b"https://evil.example"), (b"x-request-id", b"ws-conn-1")],
    )
    connected, _ = await communicator.connect()
    assert connected is False
    await communicator.disconnect()
    rejected = [line for line in json_lines() if line["message"] == "websocket rejected"]
    assert [(line["request_id"], line["path"]) for line in rejected] == [("ws-conn-1", "/ws/events/any/")]
