"""Schemathesis against our own OpenAPI schema, in process: generated requests to every operation, as the
event's organiser, must never get a 5xx, and documented responses must match the schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def keep_connection():
    """Like Django's test client: requests must not close the test's database connection (and transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world, keep_connection):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=world.organiser_user).key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_5xx_and_matches_its_schema(case, token):
    if "event" in (case.path_parameters or {}):
        case.path_parameters["event"] = "securex"  # exercise the real event, not only 404s
    case.call_and_validate(
        headers={"Authorization": f"Token {token}", "Host": "localhost"},
        checks=[not_a_server_error, response_schema_conformance],
    )
