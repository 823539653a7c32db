"""Each kind of notification, triggered by the service that makes the change, in each person's language.

The task worker is simulated by `run_tasks`: it runs what the services queued (after commit) in order, the way
`manage.py db_worker` would, including the tasks those tasks queue (each e-mail is its own task). The Russian and
Uzbek strings are installed from `TRANSLATIONS` below for these tests; the same table goes into the .po files.
"""

from __future__ import annotations

import contextlib
import struct
from datetime import date, datetime, time, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from matchmaking.enums import EventPhase
from meetings import scheduling as core
from meetings.enums import MeetingStatus
from meetings.models import Delivery, Meeting, Notification, Slot
from meetings.notifications.enums import DeliveryStatus, NotificationKind
from meetings.scheduler import instance_build
from meetings.services import (
    meeting_cancel,
    meeting_confirm,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
    meeting_requests_expire,
    meeting_reschedule,
    schedule_apply,
    slots_generate,
)
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# msgid → (Russian, Uzbek). The wording the translator should use for the notification e-mails.
TRANSLATIONS: dict[str, tuple[str, str]] = {
    "%(other)s asks to meet you": ("%(other)s предлагает вам встречу", "%(other)s siz bilan uchrashmoqchi"),
    "Your meeting request to %(other)s was accepted": (
        "Ваш запрос на встречу с %(other)s принят",
        "%(other)s bilan uchrashuv soʻrovingiz qabul qilindi",
    ),
    "Your meeting request to %(other)s was declined": (
        "Ваш запрос на встречу с %(other)s отклонён",
        "%(other)s bilan uchrashuv soʻrovingiz rad etildi",
    ),
    "Your meeting request to %(other)s expired unanswered": (
        "Ваш запрос на встречу с %(other)s истёк без ответа",
        "%(other)s bilan uchrashuv soʻrovingiz javobsiz qoldi",
    ),
    "Proposed slot for your meeting with %(other)s: %(when)s": (
        "Предложено время встречи с %(other)s: %(when)s",
        "%(other)s bilan uchrashuv uchun taklif qilingan vaqt: %(when)s",
    ),
    "Your meeting with %(other)s is confirmed: %(when)s": (
        "Встреча с %(other)s подтверждена: %(when)s",
        "%(other)s bilan uchrashuv tasdiqlandi: %(when)s",
    ),
    "Your meeting with %(other)s has moved": (
        "Встреча с %(other)s перенесена",
        "%(other)s bilan uchrashuv koʻchirildi",
    ),
    "Your meeting with %(other)s is cancelled": (
        "Встреча с %(other)s отменена",
        "%(other)s bilan uchrashuv bekor qilindi",
    ),
    "In %(minutes)d minutes: meeting with %(other)s": (
        "Через %(minutes)d мин: встреча с %(other)s",
        "%(minutes)d daqiqadan soʻng: %(other)s bilan uchrashuv",
    ),
    "Your agenda for %(date)s": ("Ваши встречи на %(date)s", "%(date)s kungi uchrashuvlaringiz"),
    "Meeting requests are waiting for your answer": (
        "Запросы на встречу ждут вашего ответа",
        "Uchrashuv soʻrovlari javobingizni kutmoqda",
    ),
    "E-mail to %(to)s could not be delivered": (
        "Не удалось доставить письмо на %(to)s",
        "%(to)s manziliga xat yetkazilmadi",
    ),
    "When: %(when)s (%(zone)s)": ("Когда: %(when)s (%(zone)s)", "Qachon: %(when)s (%(zone)s)"),
    "Where: %(where)s": ("Где: %(where)s", "Qayerda: %(where)s"),
    "Message: %(message)s": ("Сообщение: %(message)s", "Xabar: %(message)s"),
    "Reason: %(reason)s": ("Причина: %(reason)s", "Sabab: %(reason)s"),
    "Please accept or decline it in the portal.": (
        "Примите или отклоните его на портале.",
        "Uni portalda qabul qiling yoki rad eting.",
    ),
    "Unanswered requests expire on %(when)s.": (
        "Запросы без ответа истекают %(when)s.",
        "Javobsiz soʻrovlar muddati %(when)s tugaydi.",
    ),
    "You will be told as soon as the meeting has a time slot.": (
        "Мы сообщим, как только у встречи появится время.",
        "Uchrashuvga vaqt belgilanishi bilan sizga xabar beramiz.",
    ),
    "Please confirm the slot in the portal, or ask for another one.": (
        "Подтвердите время на портале или попросите другое.",
        "Vaqtni portalda tasdiqlang yoki boshqasini soʻrang.",
    ),
    "Times in %(zone)s.": ("Время: %(zone)s.", "Vaqt: %(zone)s."),
    "Requests waiting: %(count)d (the oldest for %(hours)d hours).": (
        "Ожидают ответа: %(count)d (самый давний — %(hours)d ч).",
        "Javob kutayotgan soʻrovlar: %(count)d (eng eskisi — %(hours)d soat).",
    ),
    "Please accept or decline them in the portal.": (
        "Примите или отклоните их на портале.",
        "Ularni portalda qabul qiling yoki rad eting.",
    ),
    "Last error: %(error)s": ("Последняя ошибка: %(error)s", "Soʻnggi xato: %(error)s"),
    "Open in the portal": ("Открыть на портале", "Portalda ochish"),
    "You get this e-mail because of your notification settings:": (
        "Вы получили это письмо согласно вашим настройкам уведомлений:",
        "Siz bu xatni bildirishnoma sozlamalaringizga koʻra oldingiz:",
    ),
}


def write_mo(path: Path, catalog: dict[str, str]) -> None:
    """A GNU .mo file holding `catalog` (what msgfmt would write from a .po)."""
    catalog = {"": "Content-Type: text/plain; charset=UTF-8\n", **catalog}
    keys = sorted(catalog)
    ids = strs = b""
    entries = []
    for key in keys:
        k, v = key.encode(), catalog[key].encode()
        entries.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    table = b"".join(struct.pack("<II", length, key_start + off) for off, length, _o, _l in entries)
    table += b"".join(struct.pack("<II", length, value_start + off) for _k, _kl, off, length in entries)
    header = struct.pack("<Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + table + ids + strs)


@pytest.fixture(autouse=True)
def _translations(settings, tmp_path):
    for index, language in enumerate(("ru", "uz")):
        write_mo(tmp_path / language / "LC_MESSAGES" / "django.mo", {k: v[index] for k, v in TRANSLATIONS.items()})
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]  # resets Django's catalogue cache


def run_tasks(now: datetime | None = None) -> int:
    """Run every queued task that is due at `now` (default: all of them, whatever their time, at the real time),
    in queue order, including the tasks they queue; each runs at `now` with its on-commit callbacks executed, as
    in the worker. Returns how many ran."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    ran = 0
    while True:
        due = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at", "pk")
        rows = [r for r in due if now is None or r.run_after == get_date_max() or r.run_after <= now]
        if not rows:
            return ran
        row = rows[0]
        row.delete()
        # The worker runs the task at `now` (its run_after has come): the clock is the only thing faked.
        with worker_clock(now), TestCase.captureOnCommitCallbacks(execute=True):
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        ran += 1


@contextlib.contextmanager
def worker_clock(now: datetime | None):
    if now is None:
        yield
        return
    with mock.patch("django.utils.timezone.now", return_value=now):
        yield


def queued(task_name: str) -> list:
    from django_tasks_db.models import DBTaskResult

    return [r for r in DBTaskResult.objects.filter(status="READY") if r.task_path.endswith(f".{task_name}")]


def by_address() -> dict[str, list]:
    out: dict[str, list] = {}
    for message in mail.outbox:
        out.setdefault(message.to[0], []).append(message)
    return out


# A show day that stays in the future (reminders are never queued for meetings that already started).
SHOW_DAY = date(2036, 11, 10)


@pytest.fixture
def show():
    """Event in requests-open phase, one morning 10:00–12:00 (Tashkent) on 10 Nov 2036: six 20-minute slots.
    A buyer (Russian-speaking user) and an exhibitor (Uzbek-speaking user)."""
    event = EventFactory(
        phase=EventPhase.REQUESTS_OPEN,
        name="Securex Uzbekistan 2026",
        nudge_after_hours=24,
        start_date=SHOW_DAY,
        end_date=SHOW_DAY + timedelta(days=2),
    )
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, company="Metro Toshkent")
    buyer.days_attending.add(day)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC", hall="Pavilion 2", booth="B12")
    show = type("Show", (), {})()
    show.event, show.day, show.buyer, show.exhibitor = event, day, buyer, exhibitor
    show.slots = list(Slot.objects.filter(event=event).order_by("starts_at"))
    show.buyer_user = TeamMemberFactory(
        exhibitor=None, buyer=buyer, user=UserFactory(email="buyer@t.example", language="ru")
    ).user
    show.exhibitor_user = TeamMemberFactory(
        exhibitor=exhibitor, user=UserFactory(email="exhibitor@t.example", language="uz")
    ).user
    return show


def _confirmed(show, slot_index=0):
    return MeetingFactory(
        request__event=show.event,
        request__buyer=show.buyer,
        request__exhibitor=show.exhibitor,
        slot=show.slots[slot_index],
        status=MeetingStatus.CONFIRMED,
    )


# --- Requests -------------------------------------------------------------------------------------------------


def test_request_received_emails_the_exhibitor_in_uzbek(show, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://portal.example"
    with django_capture_on_commit_callbacks(execute=True):
        request = meeting_request_create(
            buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user, message="Metro CCTV upgrade"
        )
    run_tasks(timezone.now())
    (email,) = mail.outbox
    assert email.to == ["exhibitor@t.example"]
    assert email.subject == "Metro Toshkent siz bilan uchrashmoqchi"
    assert "Xabar: Metro CCTV upgrade" in email.body
    assert "Uni portalda qabul qiling yoki rad eting." in email.body
    html, mime = email.alternatives[0]
    assert mime == "text/html"
    assert "Metro Toshkent siz bilan uchrashmoqchi" in html
    notification = Notification.objects.get(user=show.exhibitor_user)
    assert notification.kind == NotificationKind.REQUEST_RECEIVED
    assert notification.request == request
    assert notification.url == f"/e/{show.event.slug}/exhibitor/#request-{request.pk}"
    assert f"https://portal.example/e/{show.event.slug}/notifications/{notification.pk}/" in email.body
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_request_accepted_tells_the_buyer_in_russian(show, django_capture_on_commit_callbacks):
    request = MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_accept(request=request, by_user=show.exhibitor_user)
    run_tasks()
    (email,) = mail.outbox
    assert email.to == ["buyer@t.example"]
    assert email.subject == "Ваш запрос на встречу с CamCo LLC принят"


def test_request_declined_tells_the_buyer_with_the_reason_in_english(show, django_capture_on_commit_callbacks):
    show.buyer_user.language = "en"
    show.buyer_user.save()
    request = MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_decline(request=request, by_user=show.exhibitor_user, reason="Not our market")
    run_tasks()
    (email,) = mail.outbox
    assert email.subject == "Your meeting request to CamCo LLC was declined"
    assert "Reason: Not our market" in email.body


def test_request_expired_tells_the_sender(show, django_capture_on_commit_callbacks):
    request = MeetingRequestFactory(
        event=show.event, buyer=show.buyer, exhibitor=show.exhibitor, expires_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_requests_expire() == 1
    run_tasks()
    (email,) = mail.outbox
    assert (email.to, email.subject) == (["buyer@t.example"], "Ваш запрос на встречу с CamCo LLC истёк без ответа")
    assert Notification.objects.get().request == request


def test_a_request_answered_before_the_worker_runs_is_not_announced_as_waiting(
    show, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
        meeting_request_decline(request=request, by_user=show.exhibitor_user)
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Ваш запрос на встречу с CamCo LLC отклонён"]


def test_nothing_is_queued_when_the_change_rolls_back(show):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
        raise RuntimeError("rolled back")
    assert DBTaskResult.objects.count() == 0


# --- Meetings -------------------------------------------------------------------------------------------------


def test_fast_path_accept_proposes_the_slot_to_the_buyer(show, django_capture_on_commit_callbacks):
    show.event.phase = EventPhase.PUBLISHED
    show.event.save()
    request = MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_accept(request=request, by_user=show.exhibitor_user)
    run_tasks(timezone.now())
    meeting = Meeting.objects.get(request=request)
    local = timezone.localtime(meeting.slot.starts_at, show.event.tz)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == "Ваш запрос на встречу с CamCo LLC принят"
    assert subjects[1].startswith("Предложено время встречи с CamCo LLC: ")
    assert subjects[1].endswith(f"{local:%H:%M}")
    assert "ноября" in subjects[1]  # Django's own Russian month name: the date is in the reader's language
    assert Notification.objects.get(kind=NotificationKind.SLOT_PROPOSED).meeting == meeting


def test_scheduler_run_proposals_reach_both_sides_in_one_task(show, django_capture_on_commit_callbacks):
    MeetingRequestFactory(event=show.event, buyer=show.buyer, exhibitor=show.exhibitor, status="accepted")
    airport = BuyerFactory(event=show.event, company="Airport Samarqand")
    airport.days_attending.add(show.day)
    TeamMemberFactory(exhibitor=None, buyer=airport, user=UserFactory(email="airport@t.example"))
    MeetingRequestFactory(event=show.event, buyer=airport, exhibitor=show.exhibitor, status="accepted")
    built = instance_build(show.event)
    solution = core.solve(built.instance, time_limit=2)
    organiser = OrganiserFactory(event=show.event).user
    with django_capture_on_commit_callbacks(execute=True):
        schedule_apply(event=show.event, built=built, assignment=solution.assignment, actor=organiser)
    assert [t.task_path.rsplit(".", 1)[1] for t in queued("notify_proposed_batch")] == ["notify_proposed_batch"]
    run_tasks(timezone.now())
    got = by_address()
    assert got["buyer@t.example"][0].subject.startswith("Предложено время встречи с CamCo LLC")
    assert got["airport@t.example"][0].subject.startswith("Proposed slot for your meeting with CamCo LLC")
    assert sorted(m.subject.split(":")[0] for m in got["exhibitor@t.example"]) == [
        "Airport Samarqand bilan uchrashuv uchun taklif qilingan vaqt",
        "Metro Toshkent bilan uchrashuv uchun taklif qilingan vaqt",
    ]
    assert len(queued("send_reminder")) == 2  # queued for 15 minutes before each meeting


def test_confirmation_tells_the_other_side(show, django_capture_on_commit_callbacks):
    meeting = _confirmed(show, 1)
    meeting.status = MeetingStatus.PROPOSED
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_confirm(meeting=meeting, by_user=show.exhibitor_user)
    run_tasks(timezone.now())
    (email,) = mail.outbox
    assert email.to == ["buyer@t.example"]
    assert email.subject.startswith("Встреча с CamCo LLC подтверждена: ")
    assert "10:25" in email.subject
    assert "Где: Pavilion 2, B12" in email.body


def test_move_by_an_organiser_emails_both_sides_in_their_language(show, django_capture_on_commit_callbacks):
    meeting = _confirmed(show)
    organiser = OrganiserFactory(event=show.event).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(meeting=meeting, slot=show.slots[2], by_user=organiser)
    run_tasks(timezone.now())
    got = by_address()
    assert [m.subject for m in got["buyer@t.example"]] == ["Встреча с CamCo LLC перенесена"]
    assert [m.subject for m in got["exhibitor@t.example"]] == ["Metro Toshkent bilan uchrashuv koʻchirildi"]
    assert "10:50" in got["buyer@t.example"][0].body  # 10:50 in Tashkent, not 05:50 UTC
    assert "Когда: " in got["buyer@t.example"][0].body
    buyer_note = Notification.objects.get(user=show.buyer_user)
    assert buyer_note.url == f"/e/{show.event.slug}/buyer/agenda/#meeting-{meeting.pk}"  # straight to it


def test_moving_a_proposed_meeting_proposes_the_new_slot_to_both_sides(show, django_capture_on_commit_callbacks):
    meeting = _confirmed(show)
    meeting.status = MeetingStatus.PROPOSED
    meeting.save()
    organiser = OrganiserFactory(event=show.event).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(meeting=meeting, slot=show.slots[2], by_user=organiser)
    run_tasks(timezone.now())
    kinds = set(Notification.objects.values_list("user__email", "kind"))
    assert kinds == {("buyer@t.example", "meeting.proposed"), ("exhibitor@t.example", "meeting.proposed")}
    assert "10:50" in by_address()["buyer@t.example"][0].subject


def test_cancel_by_the_buyer_emails_the_exhibitor_only(show, django_capture_on_commit_callbacks):
    meeting = _confirmed(show)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by_user=show.buyer_user, reason="Flight changed")
    run_tasks()
    (email,) = mail.outbox
    assert email.to == ["exhibitor@t.example"]
    assert email.subject == "Metro Toshkent bilan uchrashuv bekor qilindi"
    assert "Sabab: Flight changed" in email.body


def test_cancelling_a_proposed_meeting_tells_the_other_side(show, django_capture_on_commit_callbacks):
    meeting = _confirmed(show)
    meeting.status = MeetingStatus.PROPOSED
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by_user=show.buyer_user)
    run_tasks()
    (email,) = mail.outbox
    assert email.to == ["exhibitor@t.example"]
    assert email.subject == "Metro Toshkent bilan uchrashuv bekor qilindi"
    assert list(Notification.objects.values_list("user__email", "kind")) == [
        ("exhibitor@t.example", "meeting.cancelled")
    ]


def test_inactive_team_members_are_not_notified(show, django_capture_on_commit_callbacks):
    show.exhibitor_user.is_active = False
    show.exhibitor_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(buyer=show.buyer, exhibitor=show.exhibitor, by_user=show.buyer_user)
    run_tasks(timezone.now())
    assert mail.outbox == []
