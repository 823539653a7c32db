import pytest

from tests.factories import BuyerFactory, EventFactory, OrganiserFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_me_requires_authentication(client):
    assert client.get("/api/v1/me/").status_code == 403


def test_me_lists_the_users_roles(client, login):
    user = UserFactory(email="nodira@test.example", first_name="Nodira", last_name="Karimova")
    event = EventFactory(slug="securex")
    OrganiserFactory(event=event, user=user)
    buyer = BuyerFactory(event=event, company="Metro Toshkent")
    TeamMemberFactory(user=user, exhibitor=None, buyer=buyer)
    login(user)
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {
        "email": "nodira@test.example",
        "name": "Nodira Karimova",
        "language": "en",
        "roles": [
            {"kind": "organiser", "event": "securex", "profile_id": None, "company": None},
            {"kind": "buyer", "event": "securex", "profile_id": buyer.pk, "company": "Metro Toshkent"},
        ],
    }


def test_openapi_schema_is_served(client, login):
    login()
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/me/" in response.content
