"""Admin for events, taxonomy and participants, usable by organisers.

Staff users who are not superusers see only the events they organise (EventScopedAdmin).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from matchmaking.models import (
    Buyer,
    Category,
    Event,
    EventBreak,
    EventDay,
    Exhibitor,
    MatchRuleSet,
    Organiser,
    Recommendation,
    TeamMember,
    User,
)


def organised_events(request: HttpRequest) -> QuerySet[Event]:
    """Events the requesting user may administer: all for superusers, their own for organisers."""
    if request.user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(organisers__user=request.user)


class EventScopedAdmin(admin.ModelAdmin):
    """Limits rows and foreign-key choices to the events the user organises. `event_path` reaches the event."""

    event_path = "event"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.event_path}__in": organised_events(request)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "event":
            kwargs["queryset"] = organised_events(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "job_title", "phone", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class EventDayInline(admin.TabularInline):
    """Read-only here: a day plan is edited on its own page, where changes that would drop a meeting are refused."""

    model = EventDay
    extra = 0
    show_change_link = True
    fields = ["date", "opens", "closes"]
    readonly_fields = ["date", "opens", "closes"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganiserInline(admin.TabularInline):
    model = Organiser
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city", "start_date", "end_date", "phase"]
    list_filter = ["phase", "city"]
    search_fields = ["name", "slug", "venue", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EventDayInline, OrganiserInline]
    actions = ["regenerate_slots"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "venue", "city", "time_zone", "start_date", "end_date", "languages")}),
        (_("Programme"), {"fields": ("phase",)}),
        (
            _("Meetings"),
            {
                "fields": (
                    "slot_minutes",
                    "buffer_minutes",
                    "request_expiry_hours",
                    "pending_request_cap",
                    "meetings_per_day_cap",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return organised_events(request)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from meetings.services import slots_generate

        super().save_related(request, form, formsets, change)
        # The form's clean() has already refused a slot-length change that would drop a meeting.
        slots_generate(event=form.instance)

    def get_form(self, request: HttpRequest, obj: Event | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class EventForm(form):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                from meetings.services import slots_plan_conflicts

                data = super().clean()
                if self.instance.pk and {"slot_minutes", "buffer_minutes"} & set(self.changed_data):
                    affected = slots_plan_conflicts(
                        event=Event.objects.get(pk=self.instance.pk),
                        slot_minutes=data.get("slot_minutes"),
                        buffer_minutes=data.get("buffer_minutes"),
                    )
                    if affected:
                        raise ValidationError(
                            _(
                                "This change would remove the slots of %(n)d active meetings (%(list)s). "
                                "Move or cancel them first."
                            ),
                            params={"n": len(affected), "list": "; ".join(str(m) for m in affected[:5])},
                        )
                return data

        return form if obj is None else EventForm

    @admin.action(description=_("Regenerate slots from the day plans"))
    def regenerate_slots(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        from meetings.services import SlotPlanConflict, slots_generate

        for event in queryset:
            try:
                result = slots_generate(event=event)
            except SlotPlanConflict as exc:
                self.message_user(request, f"{event}: refused — {exc}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{event}: {result.created} slots created, {result.updated} updated, "
                    f"{result.removed} removed, {result.unchanged} unchanged.",
                    messages.SUCCESS,
                )


class BreakFormSet(BaseInlineFormSet):
    """Refuses a day-plan change that would remove slots holding active meetings, naming those meetings."""

    def clean(self) -> None:
        super().clean()
        from meetings.services import event_day_plans, slots_plan_conflicts
        from meetings.slot_plan import DayPlan

        day: EventDay = self.instance
        if not day.pk or any(form.errors for form in self.forms):
            return
        breaks = tuple(
            (form.cleaned_data["starts"], form.cleaned_data["ends"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        for starts, ends in breaks:
            if starts < day.opens or ends > day.closes:
                raise ValidationError(_("Every break must lie within the day's opening hours."))
        plan = DayPlan(date=day.date, opens=day.opens, closes=day.closes, breaks=breaks)
        plans = event_day_plans(event=day.event, overrides={day.pk: plan})
        affected = slots_plan_conflicts(event=day.event, plans=plans)
        if affected:
            raise ValidationError(
                _(
                    "This change would remove the slots of %(n)d active meetings (%(list)s). "
                    "Move or cancel them first, or keep their times inside the plan."
                ),
                params={"n": len(affected), "list": "; ".join(str(m) for m in affected[:5])},
            )


class EventBreakInline(admin.TabularInline):
    model = EventBreak
    formset = BreakFormSet
    extra = 0


@admin.register(EventDay)
class EventDayAdmin(EventScopedAdmin):
    list_display = ["event", "date", "opens", "closes"]
    list_filter = ["event"]
    inlines = [EventBreakInline]

    def has_delete_permission(self, request: HttpRequest, obj: EventDay | None = None) -> bool:
        from meetings.models import ACTIVE_MEETING, Meeting

        # A day holding active meetings cannot be deleted: that would drop them silently.
        if obj is not None and Meeting.objects.filter(ACTIVE_MEETING, slot__day=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from meetings.services import slots_generate

        super().save_related(request, form, formsets, change)
        # The break formset has already refused changes that would drop a meeting.
        result = slots_generate(event=form.instance.event)
        self.message_user(
            request,
            f"Slots: {result.created} created, {result.updated} updated, {result.removed} removed.",
            messages.INFO,
        )


@admin.register(Organiser)
class OrganiserAdmin(EventScopedAdmin):
    list_display = ["user", "event", "role"]
    list_filter = ["event", "role"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "name_uz", "parent"]
    list_filter = ["parent"]
    search_fields = ["code", "name_en", "name_ru", "name_uz"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role"]


class ProfileAdmin(EventScopedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from matchmaking.tasks import refresh_profile_recommendations

        super().save_related(request, form, formsets, change)
        kind, pk = form.instance._meta.model_name, form.instance.pk
        # An edited profile gets fresh recommendations in the background (the admin's transaction commits first).
        transaction.on_commit(lambda: refresh_profile_recommendations.enqueue(kind, pk))

    list_filter = ["event", "organisation_type", "country"]
    search_fields = ["company", "external_key", "city", "description", "team__user__email"]
    filter_horizontal = ["categories"]
    inlines = [TeamMemberInline]
    list_select_related = ["event"]


@admin.register(Exhibitor)
class ExhibitorAdmin(ProfileAdmin):
    list_display = ["company", "event", "country", "hall", "booth", "parallel_meetings", "sponsor_tier"]
    list_filter = [*ProfileAdmin.list_filter, "hall", "sponsor_tier"]


@admin.register(Buyer)
class BuyerAdmin(ProfileAdmin):
    list_display = ["company", "event", "organisation_type", "country", "city"]
    list_filter = [*ProfileAdmin.list_filter, "days_attending", "purchase_timeframe"]
    filter_horizontal = ["categories", "days_attending"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "exhibitor", "buyer", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "exhibitor__company", "buyer__company"]
    autocomplete_fields = ["user", "exhibitor", "buyer"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TeamMember]:
        qs = super().get_queryset(request).select_related("user", "exhibitor", "buyer")
        if request.user.is_superuser:
            return qs
        events = organised_events(request)
        return qs.filter(exhibitor__event__in=events) | qs.filter(buyer__event__in=events)


class MatchRuleSetForm(forms.ModelForm):
    class Meta:
        model = MatchRuleSet
        fields = ["event", "data", "note"]

    def clean(self) -> dict[str, Any]:
        from matchmaking.services import match_rules_validate

        data = super().clean()
        if "data" in data:
            try:
                match_rules_validate(data["data"] or {})
            except ValidationError as exc:
                raise ValidationError({"data": [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()]}) from exc
        return data


@admin.register(MatchRuleSet)
class MatchRuleSetAdmin(EventScopedAdmin):
    """Rule versions: adding one saves a new draft (validated by the engine); "Publish" makes it the event's
    rules and recomputes recommendations in the background. Versions are never edited, so history stays true."""

    form = MatchRuleSetForm
    list_display = ["event", "version", "status", "note", "created_by", "created_at", "published_at"]
    list_filter = ["event", "status"]
    actions = ["publish"]

    def get_readonly_fields(self, request: HttpRequest, obj: MatchRuleSet | None = None) -> list[str]:
        if obj is None:
            return []
        return ["event", "version", "status", "data", "note", "created_by", "created_at", "published_at"]

    def has_change_permission(self, request: HttpRequest, obj: MatchRuleSet | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: MatchRuleSet, form: Any, change: bool) -> None:
        from matchmaking.services import match_rules_save_draft

        saved = match_rules_save_draft(
            event=obj.event,
            data=obj.data or {},
            by_user=request.user,
            note=obj.note,  # type: ignore[arg-type]
        )
        obj.pk, obj.version, obj.status = saved.pk, saved.version, saved.status

    @admin.action(description=_("Publish the selected version (and recompute recommendations)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[MatchRuleSet]) -> None:
        from matchmaking.services import match_rules_publish

        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one version to publish."), messages.ERROR)
            return
        rule_set = match_rules_publish(rule_set=queryset.get(), by_user=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"{rule_set} published; recommendations are being recomputed.", messages.SUCCESS)


@admin.register(Recommendation)
class RecommendationAdmin(EventScopedAdmin):
    """Computed by the matching engine; read-only here."""

    list_display = ["buyer", "exhibitor", "score", "buyer_rank", "exhibitor_rank", "rules_version", "computed_at"]
    list_filter = ["event"]
    search_fields = ["buyer__company", "exhibitor__company"]
    list_select_related = ["buyer", "exhibitor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
