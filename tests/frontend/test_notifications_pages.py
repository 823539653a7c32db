"""The notification centre, the bell, preferences and the organisers' announcement page; the API endpoints."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from meetings.models import Announcement, Delivery, Notification, NotificationPreference
from meetings.notifications.compose import Message
from meetings.notifications.delivery import notification_create
from meetings.notifications.enums import DeliveryStatus, NotificationKind
from tests.factories import (
    BuyerFactory,
    EventFactory,
    ExhibitorFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    event = EventFactory(name="Securex Uzbekistan 2026")
    buyer = BuyerFactory(event=event, company="Metro Toshkent")
    p = type("People", (), {})()
    p.event = event
    p.buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer, user=UserFactory(email="buyer@t.example")).user
    p.exhibitor_user = TeamMemberFactory(exhibitor=ExhibitorFactory(event=event)).user
    p.organiser = OrganiserFactory(event=event).user
    p.stranger = TeamMemberFactory(exhibitor=ExhibitorFactory()).user
    return p


def _note(user, event, key: str, title: str = "CamCo LLC asks to meet you", url: str = "") -> Notification:
    notification_create(
        user=user,
        event=event,
        kind=NotificationKind.REQUEST_RECEIVED,
        key=key,
        message=Message(title=title, lines=["Securex Uzbekistan 2026"], url=url),
    )
    return Notification.objects.get(key=key)


def test_centre_sends_anonymous_users_to_log_in(client, people):
    response = client.get(reverse("notifications", kwargs={"slug": people.event.slug}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_centre_is_404_for_someone_without_a_role_at_the_event(client, login, people):
    login(people.stranger)
    for name in ("notifications", "notifications-bell", "notifications-list-fragment"):
        assert client.get(reverse(name, kwargs={"slug": people.event.slug})).status_code == 404


def test_centre_lists_only_the_persons_own_notifications(client, login, people):
    _note(people.buyer_user, people.event, "mine", "CamCo LLC asks to meet you")
    _note(people.exhibitor_user, people.event, "theirs", "Someone else's news")
    login(people.buyer_user)
    page = client.get(reverse("notifications", kwargs={"slug": people.event.slug}))
    assert page.status_code == 200
    assert b"CamCo LLC asks to meet you" in page.content
    assert b"Someone else&#x27;s news" not in page.content
    assert b'data-live-src="/e/' in page.content


def test_the_bell_on_a_portal_page_shows_the_unread_count(client, login, people):
    _note(people.buyer_user, people.event, "a")
    _note(people.buyer_user, people.event, "b")
    login(people.buyer_user)
    page = client.get(reverse("buyer-home", kwargs={"slug": people.event.slug}))
    assert page.status_code == 200
    assert b'data-unread="2"' in page.content
    bell = client.get(reverse("notifications-bell", kwargs={"slug": people.event.slug}))
    assert b'data-unread="2"' in bell.content


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, login, people):
    target = reverse("buyer-home", kwargs={"slug": people.event.slug}) + "#meeting-4"
    note = _note(people.buyer_user, people.event, "a", url=target)
    login(people.buyer_user)
    response = client.get(reverse("notification-open", kwargs={"slug": people.event.slug, "pk": note.pk}))
    assert (response.status_code, response.url) == (302, target)
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_404(client, login, people):
    note = _note(people.exhibitor_user, people.event, "theirs")
    login(people.buyer_user)
    url = reverse("notification-open", kwargs={"slug": people.event.slug, "pk": note.pk})
    assert client.get(url).status_code == 404
    read = reverse("notification-read", kwargs={"slug": people.event.slug, "pk": note.pk})
    assert client.post(read).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_one_and_all_as_read(client, login, people):
    first = _note(people.buyer_user, people.event, "a")
    _note(people.buyer_user, people.event, "b")
    login(people.buyer_user)
    slug = people.event.slug
    fragment = client.post(reverse("notification-read", kwargs={"slug": slug, "pk": first.pk}), HTTP_HX_REQUEST="true")
    assert b'data-unread-total="1"' in fragment.content
    client.post(reverse("notifications-read-all", kwargs={"slug": slug}))
    assert not Notification.objects.filter(user=people.buyer_user, read_at__isnull=True).exists()


def test_preferences_page_saves_choices(client, login, people):
    login(people.buyer_user)
    url = reverse("notification-preferences")
    assert client.get(url).status_code == 200
    response = client.post(url, {"email_kinds": [NotificationKind.MEETING_CANCELLED]})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=people.buyer_user)
    assert pref.digest is False
    assert NotificationKind.MEETING_CANCELLED not in pref.email_off
    assert NotificationKind.REQUEST_RECEIVED in pref.email_off


def test_preferences_refuse_an_unknown_kind_keeping_the_form(client, login, people):
    login(people.buyer_user)
    response = client.post(reverse("notification-preferences"), {"email_kinds": ["spam"], "digest": "on"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert not NotificationPreference.objects.exists()


def test_organisers_find_the_announcement_page_from_their_centre(client, login, people):
    organiser_page = reverse("organiser-notifications", kwargs={"slug": people.event.slug}).encode()
    login(people.organiser)
    assert organiser_page in client.get(reverse("notifications", kwargs={"slug": people.event.slug})).content
    login(people.buyer_user)
    assert organiser_page not in client.get(reverse("notifications", kwargs={"slug": people.event.slug})).content


def test_organiser_page_is_404_for_participants(client, login, people):
    login(people.buyer_user)
    assert client.get(reverse("organiser-notifications", kwargs={"slug": people.event.slug})).status_code == 404


def test_organiser_previews_then_sends_an_announcement(client, login, people, django_capture_on_commit_callbacks):
    login(people.organiser)
    url = reverse("organiser-notifications", kwargs={"slug": people.event.slug})
    form = {"audience": "everyone", "subject": "Lounge moved", "body": "Hall 3 from today."}
    preview = client.post(url, {**form, "action": "preview"})
    assert preview.status_code == 200
    assert b'data-recipients="2"' in preview.content
    assert b"Securex Uzbekistan 2026: Lounge moved" in preview.content
    assert not Announcement.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**form, "action": "send"})
    assert sent.status_code == 302
    assert Announcement.objects.get().recipients == 2


def test_announcement_with_an_empty_subject_names_the_field_and_keeps_the_text(client, login, people):
    login(people.organiser)
    url = reverse("organiser-notifications", kwargs={"slug": people.event.slug})
    response = client.post(url, {"audience": "buyers", "subject": "", "body": "Buses at nine", "action": "send"})
    assert response.status_code == 200
    assert b"Buses at nine" in response.content
    assert b'id="id_subject"' in response.content
    assert b'class="field has-error"' in response.content
    assert not Announcement.objects.exists()


def test_organiser_sees_failed_deliveries(client, login, people):
    note = _note(people.buyer_user, people.event, "a")
    Delivery.objects.filter(notification=note).update(status=DeliveryStatus.FAILED, last_error="mail server down")
    login(people.organiser)
    page = client.get(reverse("organiser-notifications", kwargs={"slug": people.event.slug}))
    assert b"buyer@t.example" in page.content
    assert b"mail server down" in page.content


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_lists_and_marks_read(client, login, people):
    note = _note(people.buyer_user, people.event, "a")
    _note(people.buyer_user, people.event, "b")
    login(people.buyer_user)
    url = reverse("api:notifications", kwargs={"event": people.event.slug})
    data = client.get(url).json()
    assert data["unread"] == 2
    assert [r["id"] for r in data["results"]][-1] == note.pk
    after = client.post(url, {"ids": [note.pk]}, content_type="application/json").json()
    assert after["unread"] == 1
    assert client.post(url, {"all": True}, content_type="application/json").json()["unread"] == 0
    assert client.post(url, {}, content_type="application/json").status_code == 400


def test_api_notifications_are_404_for_strangers(client, login, people):
    login(people.stranger)
    assert client.get(reverse("api:notifications", kwargs={"event": people.event.slug})).status_code == 404


def test_api_preferences_round_trip_and_refuse_unknown_kinds(client, login, people):
    login(people.buyer_user)
    url = reverse("api:notification-prefs")
    assert client.get(url).json()["digest"] is True
    saved = client.put(url, {"email_kinds": ["meeting.cancelled"], "digest": False}, content_type="application/json")
    assert saved.json() == {"email_kinds": ["meeting.cancelled"], "digest": False}
    bad = client.put(url, {"email_kinds": ["spam"], "digest": True}, content_type="application/json")
    assert bad.status_code == 400
    assert "email_kinds" in bad.json() or "email_kinds" in str(bad.json())
    assert mail.outbox == []


@pytest.mark.parametrize("count", [1, 3])
def test_api_list_queries_do_not_grow_with_the_number_of_notifications(
    client, login, people, count, django_assert_num_queries
):
    for index in range(count):
        _note(people.buyer_user, people.event, f"n{index}")
    login(people.buyer_user)
    url = reverse("api:notifications", kwargs={"event": people.event.slug})
    client.get(url)  # warm the session and throttling caches
    with django_assert_num_queries(8):
        data = client.get(url).json()
    assert len(data["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_centre_list_queries_do_not_grow_with_the_number_of_notifications(
    client, login, people, count, django_assert_num_queries
):
    for index in range(count):
        _note(people.buyer_user, people.event, f"n{index}")
    login(people.buyer_user)
    url = reverse("notifications-list-fragment", kwargs={"slug": people.event.slug})
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.count(b"data-notification=") == count
