"""factory_boy factories for every model. Defaults build a small valid event around each object."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import factory
from factory.django import DjangoModelFactory

from matchmaking.enums import BuyerOrganisationType, ExhibitorOrganisationType, OrganiserRole, TeamRole
from matchmaking.models import Buyer, Category, Event, EventBreak, EventDay, Exhibitor, Organiser, TeamMember, User
from meetings.enums import LocationKind, MeetingStatus, RequestStatus
from meetings.models import AvailabilityBlock, Location, Meeting, MeetingRequest, Slot

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"show-{n}")
    name = factory.Sequence(lambda n: f"Security Show {n}")
    venue = "Uzexpocentre"
    city = "Tashkent"
    time_zone = "Asia/Tashkent"
    start_date = date(2026, 11, 10)
    end_date = date(2026, 11, 12)
    languages = ["ru", "uz", "en"]
    slot_minutes = 20
    buffer_minutes = 5


class EventDayFactory(DjangoModelFactory):
    class Meta:
        model = EventDay
        django_get_or_create = ["event", "date"]

    event = factory.SubFactory(EventFactory)
    date = factory.LazyAttribute(lambda o: o.event.start_date)
    opens = time(10)
    closes = time(17)


class EventBreakFactory(DjangoModelFactory):
    class Meta:
        model = EventBreak

    day = factory.SubFactory(EventDayFactory)
    starts = time(13)
    ends = time(14)
    label = "Lunch"


class OrganiserFactory(DjangoModelFactory):
    class Meta:
        model = Organiser

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganiserRole.OWNER


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n + 1}")
    name_en = factory.LazyAttribute(lambda o: f"Category {o.code}")
    name_ru = factory.LazyAttribute(lambda o: f"Категория {o.code}")
    name_uz = factory.LazyAttribute(lambda o: f"Toifa {o.code}")


class ExhibitorFactory(DjangoModelFactory):
    class Meta:
        model = Exhibitor

    event = factory.SubFactory(EventFactory)
    company = factory.Sequence(lambda n: f"Exhibitor {n} LLC")
    organisation_type = ExhibitorOrganisationType.MANUFACTURER
    country = "UZ"
    city = "Toshkent"
    offering = "IP cameras and video management software"
    languages = ["ru", "en"]
    keywords = ["cctv"]
    hall = "Pavilion 1"
    booth = factory.Sequence(lambda n: f"A{n}")
    parallel_meetings = 1


class BuyerFactory(DjangoModelFactory):
    class Meta:
        model = Buyer

    event = factory.SubFactory(EventFactory)
    company = factory.Sequence(lambda n: f"Buyer {n} MChJ")
    organisation_type = BuyerOrganisationType.TRANSPORT
    country = "UZ"
    city = "Toshkent"
    looking_for = "Video surveillance for metro stations"
    languages = ["uz", "ru"]


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    user = factory.SubFactory(UserFactory)
    exhibitor = factory.SubFactory(ExhibitorFactory)
    buyer = None
    role = TeamRole.LEAD


class SlotFactory(DjangoModelFactory):
    class Meta:
        model = Slot

    event = factory.SubFactory(EventFactory)
    day = factory.SubFactory(EventDayFactory, event=factory.SelfAttribute("..event"))
    index = factory.Sequence(lambda n: n)
    session = 1
    starts_at = factory.Sequence(lambda n: datetime(2026, 11, 10, 5, 0, tzinfo=UTC) + timedelta(minutes=25 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=20))


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    event = factory.SubFactory(EventFactory)
    kind = LocationKind.LOUNGE_TABLE
    exhibitor = None
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Lounge table {o.number}")
    seats = 4


class AvailabilityBlockFactory(DjangoModelFactory):
    class Meta:
        model = AvailabilityBlock

    slot = factory.SubFactory(SlotFactory)
    buyer = factory.SubFactory(BuyerFactory, event=factory.SelfAttribute("..slot.event"))
    exhibitor = None


class MeetingRequestFactory(DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    event = factory.SubFactory(EventFactory)
    buyer = factory.SubFactory(BuyerFactory, event=factory.SelfAttribute("..event"))
    exhibitor = factory.SubFactory(ExhibitorFactory, event=factory.SelfAttribute("..event"))
    message = "Let us meet"
    status = RequestStatus.PENDING


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    request = factory.SubFactory(MeetingRequestFactory, status=RequestStatus.ACCEPTED)
    event = factory.SelfAttribute("request.event")
    buyer = factory.SelfAttribute("request.buyer")
    exhibitor = factory.SelfAttribute("request.exhibitor")
    slot = factory.SubFactory(SlotFactory, event=factory.SelfAttribute("..event"))
    exhibitor_seat = 1
    status = MeetingStatus.CONFIRMED


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = "matchmaking.Recommendation"

    event = factory.SubFactory(EventFactory)
    buyer = factory.SubFactory(BuyerFactory, event=factory.SelfAttribute("..event"))
    exhibitor = factory.SubFactory(ExhibitorFactory, event=factory.SelfAttribute("..event"))
    score = 0.72
    relevance = 0.65
    buyer_rank = None
    exhibitor_rank = 1
    reasons = factory.LazyFunction(lambda: ['Both mention IP cameras: "IP cameras"', "Same product category: CCTV"])
    evidence = factory.LazyFunction(list)


class ScheduleRunFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.ScheduleRun"

    event = factory.SubFactory(EventFactory)
    parameters = factory.LazyFunction(lambda: {"time_limit": 5, "workers": 1})
