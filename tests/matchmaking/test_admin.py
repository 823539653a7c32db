"""The admin is usable by organisers: every page renders, rows are scoped to their events, and a day-plan change
that would drop a meeting is refused with the meetings named."""

from datetime import time

import pytest
from django.contrib import admin
from django.urls import reverse

from matchmaking.models import EventBreak, EventDay
from meetings import demo
from meetings.models import Meeting, Slot
from meetings.services import slots_generate
from tests.factories import (
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    OrganiserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return demo.seed_demo(exhibitors=4, buyers=8)


def _admin_urls():
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        if app not in {"matchmaking", "meetings"}:
            continue
        yield reverse(f"admin:{app}_{name}_changelist")
        obj = model._default_manager.first()
        if obj is not None:
            yield reverse(f"admin:{app}_{name}_change", args=[obj.pk])


def test_every_admin_page_renders_for_a_superuser(client, seeded):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    urls = list(_admin_urls())
    assert len(urls) >= 24
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_every_admin_page_renders_for_the_demo_organiser(client, seeded):
    client.login(email=demo.DEMO_ORGANISER, password=demo.DEMO_PASSWORD)
    for url in _admin_urls():
        if "/user/" in url:
            assert client.get(url).status_code == 403, url  # organisers do not manage user accounts
        else:
            assert client.get(url).status_code == 200, url


def test_admin_shows_an_organiser_only_their_events_rows(client, seeded):
    other = ExhibitorFactory(company="Someone Else's Exhibitor")
    client.login(email=demo.DEMO_ORGANISER, password=demo.DEMO_PASSWORD)
    listing = client.get(reverse("admin:matchmaking_exhibitor_changelist"))
    assert b"Someone Else" not in listing.content
    assert client.get(reverse("admin:matchmaking_exhibitor_change", args=[other.pk])).status_code == 302
    assert client.get(reverse("admin:matchmaking_event_change", args=[other.event.pk])).status_code == 302


def _day_form(day, closes, breaks=()):
    data = {
        "event": day.event.pk,
        "date": day.date.isoformat(),
        "opens": day.opens.strftime("%H:%M"),
        "closes": closes,
        "breaks-TOTAL_FORMS": str(len(breaks)),
        "breaks-INITIAL_FORMS": "0",
        "breaks-MIN_NUM_FORMS": "0",
        "breaks-MAX_NUM_FORMS": "1000",
    }
    for i, (s, e) in enumerate(breaks):
        data.update({f"breaks-{i}-starts": s, f"breaks-{i}-ends": e, f"breaks-{i}-label": "Lunch"})
    return data


def test_admin_refuses_a_day_plan_change_that_would_drop_a_meeting(client):
    organiser = OrganiserFactory(user=UserFactory(is_staff=True, is_superuser=True))
    day = EventDayFactory(event=organiser.event, opens=time(10), closes=time(12))
    slots_generate(event=day.event)
    last = Slot.objects.filter(event=day.event).last()
    meeting = MeetingFactory(request__event=day.event, request__buyer__company="Metro Toshkent", slot=last)
    client.force_login(organiser.user)
    url = reverse("admin:matchmaking_eventday_change", args=[day.pk])
    response = client.post(url, _day_form(day, "11:00"))
    assert response.status_code == 200
    assert "would remove the slots of 1 active meetings" in response.content.decode()
    assert "Metro Toshkent" in response.content.decode()
    day.refresh_from_db()
    assert day.closes == time(12)
    assert Meeting.objects.get(pk=meeting.pk).slot_id == last.pk


def test_admin_day_plan_change_regenerates_slots(client):
    organiser = OrganiserFactory(user=UserFactory(is_staff=True, is_superuser=True))
    day = EventDayFactory(event=organiser.event, opens=time(10), closes=time(12))
    slots_generate(event=day.event)
    client.force_login(organiser.user)
    url = reverse("admin:matchmaking_eventday_change", args=[day.pk])
    response = client.post(url, _day_form(day, "17:00", breaks=[("13:00", "14:00")]))
    assert response.status_code == 302
    assert EventBreak.objects.filter(day=day).count() == 1
    assert Slot.objects.filter(event=day.event).count() == 14


def test_admin_refuses_a_break_outside_opening_hours(client):
    organiser = OrganiserFactory(user=UserFactory(is_staff=True, is_superuser=True))
    day = EventDayFactory(event=organiser.event, opens=time(10), closes=time(12))
    client.force_login(organiser.user)
    url = reverse("admin:matchmaking_eventday_change", args=[day.pk])
    response = client.post(url, _day_form(day, "12:00", breaks=[("12:30", "13:00")]))
    assert response.status_code == 200
    assert "within the day" in response.content.decode()
    assert not EventBreak.objects.exists()


def test_admin_cannot_delete_a_day_holding_meetings(client):
    organiser = OrganiserFactory(user=UserFactory(is_staff=True, is_superuser=True))
    day = EventDayFactory(event=organiser.event)
    slots_generate(event=day.event)
    MeetingFactory(request__event=day.event, slot=Slot.objects.filter(event=day.event).first())
    client.force_login(organiser.user)
    response = client.post(reverse("admin:matchmaking_eventday_delete", args=[day.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert EventDay.objects.filter(pk=day.pk).exists()


def test_admin_refuses_a_slot_length_change_that_would_drop_a_meeting(client):
    event = EventFactory()
    organiser = OrganiserFactory(event=event, user=UserFactory(is_staff=True, is_superuser=True))
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    MeetingFactory(request__event=event, slot=Slot.objects.filter(event=event)[1])
    client.force_login(organiser.user)
    url = reverse("admin:matchmaking_event_change", args=[event.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "languages"}
    data.update(
        {
            "languages": '["ru", "uz", "en"]',
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "slot_minutes": 30,
            "buffer_minutes": 0,
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "1",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-id": str(event.days.get().pk),
            "days-0-event": str(event.pk),
            "organisers-TOTAL_FORMS": "1",
            "organisers-INITIAL_FORMS": "1",
            "organisers-MIN_NUM_FORMS": "0",
            "organisers-MAX_NUM_FORMS": "1000",
            "organisers-0-id": str(organiser.pk),
            "organisers-0-event": str(event.pk),
            "organisers-0-user": str(organiser.user.pk),
            "organisers-0-role": "owner",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "would remove the slots of 1 active meetings" in response.content.decode()
    event.refresh_from_db()
    assert (event.slot_minutes, event.buffer_minutes) == (20, 5)


def test_admin_adds_a_rules_draft_through_the_service_and_publishes_it(client, django_capture_on_commit_callbacks):
    from matchmaking.enums import RulesStatus
    from matchmaking.models import MatchRuleSet

    organiser = OrganiserFactory(user=UserFactory(is_staff=True, is_superuser=True))
    client.force_login(organiser.user)
    add = reverse("admin:matchmaking_matchruleset_add")
    bad = client.post(add, {"event": organiser.event.pk, "data": '{"min_score": 3}', "note": "too strict"})
    assert bad.status_code == 200 and "min_score" in bad.content.decode()
    assert not MatchRuleSet.objects.exists()
    good = client.post(add, {"event": organiser.event.pk, "data": '{"top_k": 5}', "note": "five each"})
    assert good.status_code == 302
    rule_set = MatchRuleSet.objects.get()
    assert (rule_set.version, rule_set.status, rule_set.created_by, rule_set.data["top_k"]) == (
        1,
        RulesStatus.DRAFT,
        organiser.user,
        5,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:matchmaking_matchruleset_changelist"),
            {"action": "publish", "_selected_action": [rule_set.pk]},
        )
    rule_set.refresh_from_db()
    assert rule_set.status == RulesStatus.PUBLISHED
