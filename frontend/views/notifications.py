"""The notification centre, the bell, preferences, and the organisers' announcements and e-mail report.

Views fetch, call one service and render. The centre and the bell belong to an event the user has a role at
(anyone else: 404); preferences are the person's own; the organiser page checks organised_or_404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.views.common import organised_or_404
from matchmaking import queries as mq
from matchmaking.models import Event
from meetings import queries as q
from meetings.models import Delivery, Notification
from meetings.notifications import queries as nq
from meetings.notifications import services
from meetings.notifications.enums import EMAIL_CHOOSABLE_KINDS, Audience


def _event_or_404(request: HttpRequest, slug: str) -> Event:
    audience = q.live_audience(user=request.user, slug=slug)
    if audience is None:
        raise Http404("No role of yours at this event.")
    return audience.event


def _centre_context(request: HttpRequest, event: Event) -> dict:
    return {
        "event": event,
        "notifications": nq.notifications_for(user=request.user, event=event),
        "unread": nq.unread_count(user_id=request.user.pk, event_id=event.pk),
    }


@login_required
def notifications_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    timezone.activate(event.tz)
    context = {
        **_centre_context(request, event),
        "live_version": q.latest_version(),
        "is_organiser": mq.event_for_organiser(user=request.user, slug=slug) is not None,
    }
    return render(request, "frontend/notifications/centre.html", context)


@login_required
def notifications_list_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    timezone.activate(event.tz)
    return render(request, "frontend/notifications/_list.html", _centre_context(request, event))


@login_required
def notifications_bell_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    unread = nq.unread_count(user_id=request.user.pk, event_id=event.pk)
    return render(request, "frontend/notifications/_bell.html", {"unread": unread})


@login_required
def notification_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Follow a notification's link (from the centre or an e-mail): mark it read, go to what it is about."""
    event = _event_or_404(request, slug)
    notification = get_object_or_404(Notification, pk=pk, user=request.user, event=event)
    services.notification_mark_read(notification=notification, by_user=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications", slug=slug)


@require_POST
@login_required
def notification_read(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event_or_404(request, slug)
    notification = get_object_or_404(Notification, pk=pk, user=request.user, event=event)
    services.notification_mark_read(notification=notification, by_user=request.user)
    if request.headers.get("HX-Request"):
        timezone.activate(event.tz)
        return render(request, "frontend/notifications/_list.html", _centre_context(request, event))
    return redirect("notifications", slug=slug)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    count = services.notifications_mark_all_read(user=request.user, event=event)
    messages.success(request, _("%(n)d notification(s) marked as read.") % {"n": count})
    return redirect("notifications", slug=slug)


# --- Preferences ------------------------------------------------------------------------------------------------


class PreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Send me an e-mail for"),
        choices=[(k.value, k.label) for k in EMAIL_CHOOSABLE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digest = forms.BooleanField(
        label=gettext_lazy("My agenda every morning of the show (e-mail and portal)"), required=False
    )


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    pref = nq.preferences_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.notification_preferences_save(
                    user=request.user, email_kinds=form.cleaned_data["email_kinds"], digest=form.cleaned_data["digest"]
                )
            except services.NotificationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notification-preferences")
    else:
        on = [k.value for k in EMAIL_CHOOSABLE_KINDS if k.value not in pref.email_off]
        form = PreferencesForm(initial={"email_kinds": on, "digest": pref.digest})
    return render(request, "frontend/notifications/preferences.html", {"form": form})


# --- Organisers: announcements and failed e-mails ------------------------------------------------------------


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=gettext_lazy("To"), choices=Audience.choices, initial=Audience.EVERYONE)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=services.SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Message"), max_length=services.BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )


def _organiser_context(event: Event, form: AnnouncementForm, **extra: object) -> dict:
    return {
        "event": event,
        "tab": "notifications",
        "form": form,
        "deliveries": nq.deliveries_for_event(event=event),
        "announcements": event.announcements.all()[:20],
        "counts": {a.value: nq.audience_count(event=event, audience=a.value) for a in Audience},
        **extra,
    }


@login_required
def organiser_notifications(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the form, recipient counts, the announcements sent and the failed e-mails. POST action=preview
    shows the announcement as people will see it with its recipient count; action=send sends it."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    preview = None
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "send":
                    sent = services.announcement_send(
                        event=event,
                        audience=data["audience"],
                        subject=data["subject"],
                        body=data["body"],
                        by_user=request.user,
                    )
                    messages.success(request, _("Announcement sent to %(n)d people.") % {"n": sent.recipients})
                    return redirect("organiser-notifications", slug=slug)
                preview = services.announcement_preview(
                    event=event, audience=data["audience"], subject=data["subject"], body=data["body"]
                )
            except services.NotificationError as exc:
                form.add_error(exc.field, exc.message)
    else:
        form = AnnouncementForm()
    return render(request, "frontend/notifications/organiser.html", _organiser_context(event, form, preview=preview))


@require_POST
@login_required
def organiser_delivery_retry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    delivery = get_object_or_404(Delivery, pk=pk, event=event)
    try:
        services.delivery_retry(delivery=delivery, by_user=request.user)
    except services.NotificationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The e-mail to %(to)s will be sent again.") % {"to": delivery.to})
    return redirect("organiser-notifications", slug=slug)
