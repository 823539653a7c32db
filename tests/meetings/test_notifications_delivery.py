"""Exactly once and never stale: reminders re-timed or dropped, the sweep and restarted tasks send nothing twice,
preferences honoured, a failing mail server retried with back-off and reported, announcements counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from meetings.enums import MeetingStatus, RequestStatus
from meetings.models import Announcement, Delivery, Notification
from meetings.notifications import services
from meetings.notifications.delivery import BACKOFF_SECONDS, MAX_ATTEMPTS, delivery_send
from meetings.notifications.enums import Audience, DeliveryStatus, NotificationKind
from meetings.notifications.senders import due_notifications_send, notify_run
from meetings.services import meeting_cancel, meeting_confirm, meeting_request_create, meeting_reschedule
from meetings.tasks import send_delivery
from tests.factories import (
    BuyerFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.meetings import test_notifications as base
from tests.meetings.test_notifications import by_address, queued, run_tasks

pytestmark = pytest.mark.django_db

# The same show and translations as test_notifications.py.
show = base.show
_translations = base._translations


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message (configured with settings.EMAIL_BACKEND in the tests below)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


FAILING = "tests.meetings.test_notifications_delivery.FailingBackend"


def _proposed(show, slot_index=0):
    return MeetingFactory(
        request__event=show.event,
        request__buyer=show.buyer,
        request__exhibitor=show.exhibitor,
        slot=show.slots[slot_index],
        status=MeetingStatus.PROPOSED,
    )


# --- Reminders ------------------------------------------------------------------------------------------------


def test_reminder_is_queued_for_the_lead_time_before_the_meeting(show, django_capture_on_commit_callbacks):
    meeting = _proposed(show, 1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_confirm(meeting=meeting, by_user=show.exhibitor_user)
    (task,) = queued("send_reminder")
    assert task.run_after == show.slots[1].starts_at - timedelta(minutes=15)
    assert task.args_kwargs["args"] == [meeting.pk, show.slots[1].pk]


def test_reminder_goes_to_both_sides_once_at_its_time(show, django_capture_on_commit_callbacks):
    meeting = _proposed(show, 1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_confirm(meeting=meeting, by_user=show.exhibitor_user)
    start = show.slots[1].starts_at
    run_tasks(start - timedelta(minutes=16))  # the confirmation, not yet the reminder
    mail.outbox.clear()
    run_tasks(start - timedelta(minutes=15))
    got = by_address()
    assert [m.subject for m in got["buyer@t.example"]] == ["Через 15 мин: встреча с CamCo LLC"]
    assert [m.subject for m in got["exhibitor@t.example"]] == ["15 daqiqadan soʻng: Metro Toshkent bilan uchrashuv"]


def test_reminder_is_retimed_when_the_meeting_moves(show, django_capture_on_commit_callbacks):
    meeting = _proposed(show, 0)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_confirm(meeting=meeting, by_user=show.exhibitor_user)
    organiser = OrganiserFactory(event=show.event).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(meeting=meeting, slot=show.slots[3], by_user=organiser)
    assert sorted(t.run_after for t in queued("send_reminder")) == [
        show.slots[0].starts_at - timedelta(minutes=15),
        show.slots[3].starts_at - timedelta(minutes=15),
    ]
    run_tasks(show.slots[0].starts_at - timedelta(minutes=1))  # the old reminder's time has come and gone
    assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()
    run_tasks(show.slots[3].starts_at - timedelta(minutes=15))
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert reminders.count() == 2
    assert all("11:15" in n.body for n in reminders)  # the new slot, 11:15 Tashkent


def test_reminder_is_never_sent_for_a_cancelled_meeting(show, django_capture_on_commit_callbacks):
    meeting = _proposed(show, 2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_confirm(meeting=meeting, by_user=show.exhibitor_user)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by_user=show.buyer_user)
    run_tasks(show.slots[2].starts_at - timedelta(minutes=15))
    assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()
    assert due_notifications_send(now=show.slots[2].starts_at - timedelta(minutes=10))["reminders"] == 0


def test_sweep_sends_a_due_reminder_once_however_often_it_runs(show, django_capture_on_commit_callbacks):
    meeting = _proposed(show, 1)
    meeting.status = MeetingStatus.CONFIRMED
    meeting.save()
    now = show.slots[1].starts_at - timedelta(minutes=7)
    with django_capture_on_commit_callbacks(execute=True):
        first = due_notifications_send(now=now)
        second = due_notifications_send(now=now + timedelta(minutes=1))
    assert (first["reminders"], second["reminders"]) == (2, 0)
    run_tasks(now)
    run_tasks(now)
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert sorted(m.subject for m in mail.outbox if m.subject in {n.title for n in reminders}) == [
        "7 daqiqadan soʻng: Metro Toshkent bilan uchrashuv",
        "Через 7 мин: встреча с CamCo LLC",
    ]


def test_a_task_run_again_after_a_worker_restart_sends_nothing_twice(show, django_capture_on_commit_callbacks):
    meeting = _proposed(show)
    meeting.status = MeetingStatus.CONFIRMED
    meeting.save()
    organiser = OrganiserFactory(event=show.event).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(meeting=meeting, slot=show.slots[4], by_user=organiser)
    (task,) = queued("notify")
    args = task.args_kwargs["args"]
    assert notify_run(kind=args[0], object_id=args[1], actor_id=args[2], slot_id=args[3], version=args[4]) == 2
    # The worker died before recording the task as done: it runs again from the start.
    assert notify_run(kind=args[0], object_id=args[1], actor_id=args[2], slot_id=args[3], version=args[4]) == 0
    deliveries = list(Delivery.objects.values_list("pk", flat=True))
    for pk in deliveries * 2:  # each e-mail task runs twice too
        send_delivery.call(pk)
    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_two_sweeps_in_a_row_send_nothing_new(show):
    MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor)
    now = datetime.now(UTC) + timedelta(hours=30)
    first = due_notifications_send(now=now)
    second = due_notifications_send(now=now)
    assert (first["nudges"], second["nudges"]) == (1, 0)


# --- Digest and nudge -----------------------------------------------------------------------------------------


def test_morning_digest_lists_the_days_meetings_in_local_time(show, django_capture_on_commit_callbacks):
    first = _proposed(show, 0)
    first.status = MeetingStatus.CONFIRMED
    first.save()
    MeetingFactory(
        request__event=show.event,
        request__buyer=show.buyer,
        request__exhibitor=ExhibitorFactory(event=show.event, company="LockTech", hall="Pavilion 3", booth="C1"),
        slot=show.slots[3],
        status=MeetingStatus.PROPOSED,
    )
    other_buyer = BuyerFactory(event=show.event, company="Airport Samarqand")
    TeamMemberFactory(exhibitor=None, buyer=other_buyer, user=UserFactory(email="nomeet@t.example"))
    before = datetime(2036, 11, 10, 2, 59, tzinfo=UTC)  # 07:59 in Tashkent
    assert due_notifications_send(now=before)["digests"] == 0
    at_eight = datetime(2036, 11, 10, 3, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert due_notifications_send(now=at_eight)["digests"] == 2
        assert due_notifications_send(now=at_eight + timedelta(hours=1))["digests"] == 0
    run_tasks(at_eight)
    got = by_address()
    assert set(got) == {"buyer@t.example", "exhibitor@t.example"}
    (buyer_mail,) = got["buyer@t.example"]
    assert buyer_mail.subject.startswith("Ваши встречи на ")
    assert "10 ноября" in buyer_mail.subject
    assert "10:00 — CamCo LLC, Pavilion 2, B12" in buyer_mail.body
    assert "11:15 — LockTech, Pavilion 3, C1" in buyer_mail.body
    (exhibitor_mail,) = got["exhibitor@t.example"]
    assert "10:00 — Metro Toshkent" in exhibitor_mail.body
    assert "LockTech" not in exhibitor_mail.body


def test_digest_switched_off_sends_nothing(show):
    _proposed(show, 0)
    services.notification_preferences_save(user=show.buyer_user, email_kinds=[], digest=False)
    due_notifications_send(now=datetime(2036, 11, 10, 4, 0, tzinfo=UTC))
    assert list(Notification.objects.values_list("user__email", flat=True)) == ["exhibitor@t.example"]


def test_nudge_reaches_the_exhibitor_once_a_day_for_requests_left_waiting(show, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    (task,) = queued("send_nudge")
    assert task.run_after == request.created_at + timedelta(hours=24)
    run_tasks(request.created_at + timedelta(hours=1))
    assert not Notification.objects.filter(kind=NotificationKind.NUDGE).exists()
    from meetings.notifications.senders import nudge_send

    later = request.created_at + timedelta(hours=25)
    assert nudge_send(exhibitor_id=show.exhibitor.pk, now=later) == 1
    assert nudge_send(exhibitor_id=show.exhibitor.pk, now=later) == 0  # the same day: not again
    assert nudge_send(exhibitor_id=show.exhibitor.pk, now=later + timedelta(days=1)) == 1  # next day, still waiting
    nudge = Notification.objects.filter(kind=NotificationKind.NUDGE).order_by("pk").first()
    assert nudge.title == "Uchrashuv soʻrovlari javobingizni kutmoqda"
    assert "Javob kutayotgan soʻrovlar: 1 (eng eskisi — 25 soat)." in nudge.body


def test_no_nudge_once_the_request_is_answered(show):
    request = MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor)
    request.status = RequestStatus.ACCEPTED
    request.save()
    from meetings.notifications.senders import nudge_send

    assert nudge_send(exhibitor_id=show.exhibitor.pk, now=request.created_at + timedelta(hours=30)) == 0


# --- Preferences ----------------------------------------------------------------------------------------------


def test_a_kind_switched_off_for_email_still_appears_in_the_portal(show, django_capture_on_commit_callbacks):
    services.notification_preferences_save(
        user=show.exhibitor_user, email_kinds=[NotificationKind.MEETING_CANCELLED], digest=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    run_tasks()
    assert mail.outbox == []
    notification = Notification.objects.get(user=show.exhibitor_user)
    assert notification.kind == NotificationKind.REQUEST_RECEIVED
    assert not Delivery.objects.exists()


def test_preferences_refuse_an_unknown_kind_naming_the_field(show):
    with pytest.raises(services.NotificationError) as caught:
        services.notification_preferences_save(user=show.buyer_user, email_kinds=["spam"], digest=True)
    assert (caught.value.code, caught.value.field) == ("invalid", "email_kinds")


# --- A failing mail server ------------------------------------------------------------------------------------


def test_failing_mail_server_is_retried_with_back_off_then_reported(show, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    organiser = OrganiserFactory(event=show.event, user=UserFactory(language="ru")).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    start = datetime.now(UTC)
    run_tasks(start)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
    assert "mail server down" in delivery.last_error
    now = start
    for attempt in range(1, MAX_ATTEMPTS):
        (retry,) = queued("send_delivery")
        delay = retry.run_after - delivery.next_attempt_at
        assert abs(delay.total_seconds()) < 1
        assert timedelta(seconds=BACKOFF_SECONDS[attempt - 1]) - timedelta(seconds=5) <= (
            delivery.next_attempt_at - now
        )
        now = delivery.next_attempt_at
        assert delivery_send(delivery_id=delivery.pk, now=now - timedelta(seconds=1)) == DeliveryStatus.RETRYING
        retry.delete()
        delivery_send(delivery_id=delivery.pk, now=now)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt + 1
    assert delivery.status == DeliveryStatus.FAILED
    (report,) = Notification.objects.filter(kind=NotificationKind.DELIVERY_FAILED)
    assert report.user == organiser
    assert report.title == "Не удалось доставить письмо на exhibitor@t.example"
    assert not queued("send_delivery")


def test_a_failing_delivery_does_not_hold_up_the_others(show, settings, django_capture_on_commit_callbacks):
    TeamMemberFactory(exhibitor=show.exhibitor, user=UserFactory(email="second@t.example"))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    run_tasks_with_first_failing(settings)
    statuses = dict(Delivery.objects.values_list("to", "status"))
    assert sorted(statuses.values()) == [DeliveryStatus.RETRYING, DeliveryStatus.SENT]
    assert len(mail.outbox) == 1


def run_tasks_with_first_failing(settings):
    """Run the notify task, then the first e-mail against a failing server and the second against a working one."""
    from django_tasks_db.models import DBTaskResult

    run_tasks_only("notify")
    first, second = DBTaskResult.objects.filter(task_path__endswith=".send_delivery").order_by("pk")
    settings.EMAIL_BACKEND = FAILING
    send_delivery.call(*first.args_kwargs["args"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_delivery.call(*second.args_kwargs["args"])


def run_tasks_only(name: str) -> None:
    from django.test import TestCase

    for row in queued(name):
        row.delete()
        with TestCase.captureOnCommitCallbacks(execute=True):
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


def test_a_delivery_left_half_sent_by_a_dead_worker_is_reported_not_resent(show, django_capture_on_commit_callbacks):
    OrganiserFactory(event=show.event)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    run_tasks_only("notify")
    delivery = Delivery.objects.get()
    claimed = datetime.now(UTC) - timedelta(minutes=30)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, claimed_at=claimed, attempts=1)
    assert due_notifications_send()["stale"] == 1
    assert send_delivery.call(delivery.pk) == DeliveryStatus.FAILED
    assert mail.outbox == []
    assert Notification.objects.filter(kind=NotificationKind.DELIVERY_FAILED).count() == 1


def test_an_organiser_can_send_a_failed_email_again(show, settings, django_capture_on_commit_callbacks):
    organiser = OrganiserFactory(event=show.event).user
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    run_tasks_only("notify")
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS)
    delivery.refresh_from_db()
    with pytest.raises(services.NotificationError):
        services.delivery_retry(delivery=delivery, by_user=show.buyer_user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for row in queued("send_delivery"):
        row.delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=delivery, by_user=organiser)
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [["exhibitor@t.example"]]


# --- Announcements --------------------------------------------------------------------------------------------


def test_announcement_preview_counts_recipients_and_writes_nothing(show):
    TeamMemberFactory(exhibitor=None, buyer=BuyerFactory(event=show.event), user=UserFactory())
    TeamMemberFactory(exhibitor=show.exhibitor, user=show.buyer_user)  # one person on both sides counts once
    preview = services.announcement_preview(
        event=show.event, audience=Audience.EVERYONE, subject="Lounge moved", body="Hall 3 now.\nSee you there."
    )
    assert preview == {
        "title": "Securex Uzbekistan 2026: Lounge moved",
        "lines": ["Hall 3 now.", "See you there."],
        "recipients": 3,
    }
    counts = {
        a: services.announcement_preview(event=show.event, audience=a, subject="s", body="b")["recipients"]
        for a in Audience.values
    }
    assert counts == {"buyers": 2, "exhibitors": 2, "everyone": 3}
    assert not Announcement.objects.exists()


def test_announcement_reaches_each_buyer_once(show, django_capture_on_commit_callbacks):
    organiser = OrganiserFactory(event=show.event).user
    TeamMemberFactory(exhibitor=None, buyer=BuyerFactory(event=show.event), user=UserFactory(email="b2@t.example"))
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_send(
            event=show.event, audience=Audience.BUYERS, subject="Shuttle", body="Buses at 9:00.", by_user=organiser
        )
    assert announcement.recipients == 2
    run_tasks()
    run_tasks_only("deliver_announcement")
    assert sorted(m.to[0] for m in mail.outbox) == ["b2@t.example", "buyer@t.example"]
    assert mail.outbox[0].subject == "Securex Uzbekistan 2026: Shuttle"
    from meetings.notifications.senders import announcement_deliver

    assert announcement_deliver(announcement_id=announcement.pk) == 0  # a second run: nobody twice


def test_announcement_refuses_bad_input_naming_the_field_and_strangers(show):
    organiser = OrganiserFactory(event=show.event).user
    cases = [("everyone", "", "body", "subject"), ("everyone", "S", " ", "body"), ("nobody", "S", "B", "audience")]
    for audience, subject, body, field in cases:
        with pytest.raises(services.NotificationError) as caught:
            services.announcement_send(
                event=show.event, audience=audience, subject=subject, body=body, by_user=organiser
            )
        assert caught.value.field == field
    with pytest.raises(services.NotificationError) as caught:
        services.announcement_send(
            event=show.event, audience="everyone", subject="S", body="B", by_user=show.buyer_user
        )
    assert caught.value.code == "forbidden"
    assert not Announcement.objects.exists()


# --- Read marks and the sweep command -------------------------------------------------------------------------


def test_mark_read_is_for_the_owner_only(show, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    run_tasks_only("notify")
    notification = Notification.objects.get()
    with pytest.raises(services.NotificationError):
        services.notification_mark_read(notification=notification, by_user=show.buyer_user)
    services.notification_mark_read(notification=notification, by_user=show.exhibitor_user)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert services.notifications_mark_all_read(user=show.exhibitor_user, event=show.event) == 0


def test_send_due_notifications_command_reports_what_it_sent(show, capsys):
    MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor)
    call_command("send_due_notifications")
    assert "0 reminders, 0 digests, 0 nudges, 0 retried, 0 stale" in capsys.readouterr().out
