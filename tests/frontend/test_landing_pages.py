import pytest
from django.urls import reverse

from tests.factories import (
    BuyerFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_home_redirects_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("kind", ["buyer", "exhibitor", "organiser"])
def test_home_sends_a_single_role_to_its_landing_page(client, login, kind):
    user = UserFactory()
    event = EventFactory()
    if kind == "organiser":
        OrganiserFactory(event=event, user=user)
    elif kind == "buyer":
        TeamMemberFactory(user=user, exhibitor=None, buyer=BuyerFactory(event=event))
    else:
        TeamMemberFactory(user=user, exhibitor=ExhibitorFactory(event=event))
    login(user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse(f"{kind}-home", kwargs={"slug": event.slug})
    page = client.get(response.url)
    assert page.status_code == 200
    assert f'data-page="{kind}-home"'.encode() in page.content


def test_home_lets_a_user_with_several_roles_choose(client, login):
    user = UserFactory()
    event = EventFactory()
    OrganiserFactory(event=event, user=user)
    TeamMemberFactory(user=user, exhibitor=None, buyer=BuyerFactory(event=event, company="Metro Toshkent"))
    login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("organiser-home", kwargs={"slug": event.slug}).encode() in response.content
    assert b"Metro Toshkent" in response.content


def test_buyer_page_shows_own_agenda_in_event_time(client, login):
    meeting = MeetingFactory(request__buyer__company="Metro Toshkent", request__exhibitor__company="CamCo LLC")
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=None, buyer=meeting.buyer)
    login(user)
    page = client.get(reverse("buyer-home", kwargs={"slug": meeting.event.slug}))
    assert page.status_code == 200
    local = meeting.slot.starts_at.astimezone(meeting.event.tz)
    assert f"{local:%H:%M}".encode() in page.content  # shown in Asia/Tashkent, not UTC
    assert b"CamCo LLC" in page.content


@pytest.mark.parametrize("kind", ["buyer", "exhibitor", "organiser"])
def test_landing_pages_refuse_users_without_that_role_at_that_event(client, login, kind):
    mine = EventFactory()
    other = EventFactory()
    user = UserFactory()
    OrganiserFactory(event=mine, user=user)
    TeamMemberFactory(user=user, exhibitor=None, buyer=BuyerFactory(event=mine))
    TeamMemberFactory(user=user, exhibitor=ExhibitorFactory(event=mine))
    login(user)
    assert client.get(reverse(f"{kind}-home", kwargs={"slug": other.slug})).status_code == 404
    assert client.get(reverse(f"{kind}-home", kwargs={"slug": mine.slug})).status_code == 200


@pytest.mark.parametrize("kind", ["buyer", "exhibitor", "organiser"])
def test_landing_pages_need_login(client, kind):
    event = EventFactory()
    response = client.get(reverse(f"{kind}-home", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_names_the_problem_on_bad_credentials(client):
    UserFactory(email="someone@test.example")
    response = client.post(reverse("login"), {"username": "someone@test.example", "password": "wrong"})
    assert response.status_code == 200
    assert b"correct" in response.content  # Django's "Please enter a correct email and password."
    assert b'value="someone@test.example"' in response.content  # what the user typed is kept


def test_logout_is_post_only_and_ends_the_session(client, login):
    login()
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_login_is_locked_after_five_failures_for_that_address(client):
    from tests.factories import PASSWORD

    user = UserFactory(email="target@test.example")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": user.email, "password": "guess"})
        assert b"correct" in response.content
    locked = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert locked.status_code == 200 and b"Too many failed attempts" in locked.content
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    other = UserFactory(email="someone.else@test.example")
    assert client.post(reverse("login"), {"username": other.email, "password": PASSWORD}).status_code == 302
