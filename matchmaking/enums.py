"""Choices of the matchmaking app. Status and type strings live here only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    UZBEK = "uz", _("Uzbek")


class EventPhase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REQUESTS_OPEN = "requests_open", _("Requests open")
    SCHEDULING = "scheduling", _("Scheduling")
    PUBLISHED = "published", _("Schedule published")
    CLOSED = "closed", _("Closed")


class OrganiserRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead contact")
    MEMBER = "member", _("Team member")


class ExhibitorOrganisationType(models.TextChoices):
    MANUFACTURER = "manufacturer", _("Manufacturer")
    DISTRIBUTOR = "distributor", _("Distributor")
    INTEGRATOR = "integrator", _("System integrator")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    SOFTWARE_VENDOR = "software_vendor", _("Software vendor")


class BuyerOrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government / ministry procurement")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement, national guard, customs")
    TRANSPORT = "transport", _("Transport: metro, airports, railways")
    ENERGY = "energy", _("Energy, oil and gas")
    INDUSTRY = "industry", _("Mining, metallurgy, industry")
    FINANCE = "finance", _("Banking and finance")
    TELECOM = "telecom", _("Telecoms")
    INTEGRATOR = "integrator", _("System integrator")
    HOSPITALITY = "hospitality", _("Hotels and hospitality")
    RETAIL = "retail", _("Retail")
    REAL_ESTATE = "real_estate", _("Business centres and real estate")
    HEALTHCARE = "healthcare", _("Healthcare")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class SponsorTier(models.TextChoices):
    NONE = "", _("None")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


class PurchaseTimeframe(models.TextChoices):
    NOW = "0-3m", _("Within 3 months")
    SOON = "3-6m", _("3 to 6 months")
    YEAR = "6-12m", _("6 to 12 months")
    LATER = "12m+", _("More than a year")


class BudgetBand(models.TextChoices):
    SMALL = "<50k", _("Under $50k")
    MEDIUM = "50-250k", _("$50k to $250k")
    LARGE = "250k-1m", _("$250k to $1m")
    XLARGE = ">1m", _("Over $1m")


class PurchasingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influences the decision")
    SPECIFIER = "specifier", _("Writes the specification")
    USER = "user", _("End user")


class RulesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class RecommendationDirection(models.TextChoices):
    FOR_BUYER = "for_buyer", _("Exhibitor recommended to a buyer")
    FOR_EXHIBITOR = "for_exhibitor", _("Buyer recommended to an exhibitor")


class SlotConfirmation(models.TextChoices):
    """Who must accept a proposed slot before the meeting is confirmed."""

    EXHIBITOR = "exhibitor", _("The exhibitor")
    BOTH = "both", _("Both sides")
