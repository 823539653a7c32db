import pytest
from django.urls import reverse
from icalendar import Calendar

from frontend.views.common import calendar_token
from tests.factories import MeetingFactory, OrganiserFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(request__buyer__company="Metro Toshkent", request__exhibitor__company="CamCo LLC")


def test_participant_downloads_own_calendar_and_strangers_get_404(client, login, meeting):
    member = TeamMemberFactory(exhibitor=None, buyer=meeting.buyer)
    url = reverse("agenda-ics", kwargs={"slug": meeting.event.slug})
    login(member.user)
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == ["Meeting: CamCo LLC"]
    client.logout()
    login(UserFactory())
    assert client.get(url).status_code == 404


def test_subscription_feed_works_without_login_and_rejects_forged_tokens(client, meeting):
    member = TeamMemberFactory(exhibitor=meeting.exhibitor)
    url = reverse("calendar-feed", kwargs={"token": calendar_token(member)})
    response = client.get(url)
    assert response.status_code == 200
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Meeting: Metro Toshkent"]
    assert client.get(reverse("calendar-feed", kwargs={"token": "forged-token"})).status_code == 404
    member.user.is_active = False
    member.user.save()
    assert client.get(url).status_code == 404


def test_printable_agenda_in_local_time(client, login, meeting):
    login(TeamMemberFactory(exhibitor=None, buyer=meeting.buyer).user)
    page = client.get(reverse("agenda-print", kwargs={"slug": meeting.event.slug}))
    local = meeting.slot.starts_at.astimezone(meeting.event.tz)
    assert page.status_code == 200
    assert f"{local:%H:%M}" in page.content.decode() and "CamCo LLC" in page.content.decode()


def test_meetings_csv_for_the_events_organisers_only(client, login, meeting):
    url = reverse("meetings-csv", kwargs={"slug": meeting.event.slug})
    login(TeamMemberFactory(exhibitor=None, buyer=meeting.buyer).user)
    assert client.get(url).status_code == 404
    client.logout()
    login(OrganiserFactory(event=meeting.event).user)
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{meeting.event.slug}-meetings.csv"'
    lines = response.content.decode().splitlines()
    assert len(lines) == 2 and "Metro Toshkent" in lines[1]


def test_organiser_imports_exhibitors_and_sees_the_row_report(client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from matchmaking.models import Exhibitor
    from matchmaking.services import taxonomy_load

    taxonomy_load()
    organiser = OrganiserFactory()
    url = reverse("organiser-import", kwargs={"slug": organiser.event.slug})
    login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    login(organiser.user)
    header = "key,company,organisation_type,country,contact_email,categories\n"
    bad = header + "x1,CamCo LLC,manufacturer,Uzbekistan,cam@co.example,1.1\n"
    response = client.post(
        url, {"kind": "exhibitors", "file": SimpleUploadedFile("e.csv", bad.encode()), "dry_run": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-report="refused"' in page and "country" in page and "<td>2</td>" in page
    assert not Exhibitor.objects.exists()
    good = header + "x1,CamCo LLC,manufacturer,UZ,cam@co.example,1.1\n"
    response = client.post(url, {"kind": "exhibitors", "file": SimpleUploadedFile("e.csv", good.encode())})
    assert 'data-report="ok"' in response.content.decode()
    assert list(Exhibitor.objects.values_list("company", flat=True)) == ["CamCo LLC"]
