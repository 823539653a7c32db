"""Events, product taxonomy, people and participant profiles.

Every time is stored in UTC; an Event's `time_zone` is used for display and to turn its local day plans into
slots (see meetings.services.slots_generate).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matchmaking import validators
from matchmaking.enums import (
    BudgetBand,
    BuyerOrganisationType,
    EventPhase,
    ExhibitorOrganisationType,
    Language,
    OrganiserRole,
    PurchaseTimeframe,
    PurchasingRole,
    RulesStatus,
    SlotConfirmation,
    SponsorTier,
    TeamRole,
)


class UserManager(BaseUserManager["User"]):
    """Users log in with their e-mail address; there is no separate user name."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person: buyer delegate, exhibitor staff or organiser; roles come from TeamMember and Organiser."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        name = self.get_full_name()
        return f"{name} <{self.email}>" if name else self.email


class Event(models.Model):
    """One show. Any other show is a new Event row, not a code change."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validators.validate_time_zone]
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validators.validate_language_codes],
        help_text=_('Languages used at the event, e.g. ["ru", "uz", "en"].'),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=EventPhase.choices, default=EventPhase.DRAFT)
    # Meeting settings.
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between meetings (minutes)"), default=5, validators=[MaxValueValidator(120)]
    )
    request_expiry_hours = models.PositiveIntegerField(_("unanswered requests expire after (hours)"), default=72)
    pending_request_cap = models.PositiveSmallIntegerField(_("pending requests per participant"), default=20)
    meetings_per_day_cap = models.PositiveSmallIntegerField(_("meetings per buyer and day"), default=8)
    meetings_total_cap = models.PositiveSmallIntegerField(
        _("meetings per buyer in total"), default=0, help_text=_("0 means no limit beyond the daily cap.")
    )
    requests_open_at = models.DateTimeField(
        _("requests open"), null=True, blank=True, help_text=_("Empty: open as soon as the phase allows.")
    )
    requests_close_at = models.DateTimeField(
        _("requests close"), null=True, blank=True, help_text=_("Empty: open until the event closes.")
    )
    slot_confirmation = models.CharField(
        _("proposed slots are confirmed by"),
        max_length=10,
        choices=SlotConfirmation.choices,
        default=SlotConfirmation.EXHIBITOR,
    )
    # Notification settings (meetings.notifications).
    reminder_minutes = models.PositiveSmallIntegerField(
        _("remind people this many minutes before a meeting"),
        default=15,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("0 turns meeting reminders off."),
    )
    digest_time = models.TimeField(
        _("morning agenda sent at (local time)"),
        default=datetime.time(8, 0),
        help_text=_("On each show day, everyone with meetings that day gets their agenda at this time."),
    )
    nudge_after_hours = models.PositiveSmallIntegerField(
        _("remind exhibitors of requests unanswered for (hours)"),
        default=24,
        help_text=_("0 turns these reminders off."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="event_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def schedule_preliminary(self) -> bool:
        """Requests are open or the organiser is scheduling: meetings may still move, and the schedule can be
        published (meetings.services.event_schedule_publish)."""
        return self.phase in (EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING)

    @property
    def schedule_published(self) -> bool:
        return self.phase == EventPhase.PUBLISHED

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})


class EventDay(models.Model):
    """A show day's plan in the event's local time: opening hours; breaks are EventBreak rows."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    opens = models.TimeField(_("meetings start"))
    closes = models.TimeField(_("meetings end"))

    class Meta:
        ordering = ["event", "date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="event_day_unique_date"),
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="event_day_opens_before_close"),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug} {self.date:%Y-%m-%d} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes:
            validators.validate_opening_hours(self.opens, self.closes)

    @property
    def number(self) -> int:
        """1-based day number within the event."""
        return (self.date - self.event.start_date).days + 1


class EventBreak(models.Model):
    """A break inside a show day (lunch, ceremony) during which no meeting is scheduled."""

    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="breaks")
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    label = models.CharField(_("label"), max_length=80, blank=True, default="Lunch")

    class Meta:
        ordering = ["day", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="event_break_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self) -> None:
        if self.starts and self.ends and self.day_id:
            validators.validate_break_within_day(self.starts, self.ends, self.day.opens, self.day.closes)


class Organiser(models.Model):
    """A user who runs an event: tunes rules, imports participants, runs the scheduler."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    user = models.ForeignKey("matchmaking.User", on_delete=models.CASCADE, related_name="organiser_roles")
    role = models.CharField(_("role"), max_length=10, choices=OrganiserRole.choices, default=OrganiserRole.STAFF)

    class Meta:
        ordering = ["event", "user"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="organiser_unique_per_event")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.event.slug})"


class Category(models.Model):
    """Two-level product taxonomy ("1" Video surveillance, "1.2" NVR & VMS), shared by all events."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=160)
    name_uz = models.CharField(_("name (Uzbek)"), max_length=160)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    def name(self, language: str) -> str:
        """The category's name in `language` (en, ru, uz), English when unknown."""
        return getattr(self, f"name_{language}", None) or self.name_en


class Profile(models.Model):
    """Fields common to buyer and exhibitor profiles (one per company and event)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="%(class)ss")
    external_key = models.CharField(
        _("import key"),
        max_length=64,
        blank=True,
        help_text=_("Stable identifier from the registration system; re-imports update the same row."),
    )
    company = models.CharField(_("company"), max_length=200)
    country = models.CharField(_("country"), max_length=2, validators=[validators.validate_country_code])
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    categories = models.ManyToManyField(Category, blank=True, related_name="%(class)ss")
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validators.validate_language_codes]
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True, validators=[validators.validate_keywords])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["company"]

    def __str__(self) -> str:
        return self.company


class Exhibitor(Profile):
    organisation_type = models.CharField(
        _("organisation type"), max_length=30, choices=ExhibitorOrganisationType.choices
    )
    offering = models.TextField(_("what we offer"), blank=True, max_length=5000)
    hall = models.CharField(_("hall"), max_length=40, blank=True)
    booth = models.CharField(_("booth"), max_length=40, blank=True)
    parallel_meetings = models.PositiveSmallIntegerField(
        _("meetings in parallel"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many meetings the stand can hold at the same time (staff or tables)."),
    )
    sponsor_tier = models.CharField(
        _("sponsor tier"), max_length=10, choices=SponsorTier.choices, blank=True, default=SponsorTier.NONE
    )
    target_countries = models.JSONField(_("target countries"), default=list, blank=True)

    class Meta(Profile.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["event", "external_key"], condition=~Q(external_key=""), name="exhibitor_unique_key"
            ),
            models.CheckConstraint(condition=Q(parallel_meetings__gte=1), name="exhibitor_parallel_positive"),
        ]


class Buyer(Profile):
    organisation_type = models.CharField(_("organisation type"), max_length=30, choices=BuyerOrganisationType.choices)
    looking_for = models.TextField(_("what we are looking for"), blank=True, max_length=5000)
    days_attending = models.ManyToManyField(EventDay, blank=True, related_name="buyers")
    purchase_timeframe = models.CharField(
        _("purchase time frame"), max_length=10, choices=PurchaseTimeframe.choices, blank=True
    )
    budget_band = models.CharField(_("budget"), max_length=10, choices=BudgetBand.choices, blank=True)
    purchasing_role = models.CharField(
        _("role in purchasing"), max_length=20, choices=PurchasingRole.choices, blank=True
    )

    class Meta(Profile.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["event", "external_key"], condition=~Q(external_key=""), name="buyer_unique_key"
            ),
        ]


class TeamMember(models.Model):
    """A user acting for exactly one buyer or exhibitor profile."""

    user = models.ForeignKey("matchmaking.User", on_delete=models.CASCADE, related_name="memberships")
    exhibitor = models.ForeignKey(Exhibitor, null=True, blank=True, on_delete=models.CASCADE, related_name="team")
    buyer = models.ForeignKey(Buyer, null=True, blank=True, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(exhibitor__isnull=False, buyer__isnull=True) | Q(exhibitor__isnull=True, buyer__isnull=False)
                ),
                name="team_member_one_profile",
            ),
            models.UniqueConstraint(
                fields=["user", "exhibitor"],
                condition=Q(exhibitor__isnull=False),
                name="team_member_unique_exhibitor",
            ),
            models.UniqueConstraint(
                fields=["user", "buyer"], condition=Q(buyer__isnull=False), name="team_member_unique_buyer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.profile}"

    @property
    def profile(self) -> Exhibitor | Buyer:
        profile = self.exhibitor or self.buyer
        assert profile is not None  # guaranteed by team_member_one_profile
        return profile


class MatchRuleSet(models.Model):
    """One version of an event's match rules, as plain data (the engine's `Rules.to_dict()` form).

    Every save of the rules is a new row: who changed what and when stays visible. At most one row per event
    is PUBLISHED — the rules recommendations are computed with; drafts are previewed without publishing.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rule_sets")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=RulesStatus.choices, default=RulesStatus.DRAFT)
    data = models.JSONField(_("rules"), default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "matchmaking.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="rules_unique_version"),
            models.UniqueConstraint(
                fields=["event"], condition=Q(status=RulesStatus.PUBLISHED), name="rules_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug} rules v{self.version} ({self.get_status_display()})"


class Recommendation(models.Model):
    """A stored match between a buyer and an exhibitor with its score and reasons.

    One row per pair that is in the top list of either side: `buyer_rank` is the exhibitor's rank in the
    buyer's list (null if not in it), `exhibitor_rank` the buyer's rank in the exhibitor's list.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recommendations")
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="recommendations")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="recommendations")
    score = models.FloatField(_("score"))
    relevance = models.FloatField(_("relevance before boosts"))
    buyer_rank = models.PositiveSmallIntegerField(_("rank for the buyer"), null=True, blank=True)
    exhibitor_rank = models.PositiveSmallIntegerField(_("rank for the exhibitor"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    evidence = models.JSONField(_("evidence"), default=list)
    rules_version = models.PositiveIntegerField(_("rules version"), null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["buyer", "buyer_rank"]
        indexes = [
            models.Index(fields=["buyer", "buyer_rank"]),
            models.Index(fields=["exhibitor", "exhibitor_rank"]),
        ]
        constraints = [models.UniqueConstraint(fields=["buyer", "exhibitor"], name="recommendation_unique_pair")]

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.exhibitor} ({self.score:.2f})"
