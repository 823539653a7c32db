"""The match rules editor: edit, preview live (htmx posts the form as it changes), save a draft, publish,
and the version history. Every write goes through matchmaking.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.reasons import category_names, explain_evidence
from frontend.views import organiser_charts as charts
from frontend.views.common import organised_or_404
from frontend.views.organiser import page_context
from frontend.views.organiser_forms import RulesForm
from matchmaking import services as match_services
from matchmaking.enums import RulesStatus
from matchmaking.models import Event, MatchRuleSet

HISTORY_LENGTH = 20


def _base_version(event: Event, version: str | None = None) -> tuple[MatchRuleSet | None, dict[str, Any]]:
    """The version the editor starts from: `version` if given and known, else the newest one (draft or
    published), else the engine's defaults."""
    versions = MatchRuleSet.objects.filter(event=event)
    chosen = versions.filter(version=int(version)).first() if version and version.isdigit() else None
    base = chosen or versions.order_by("-version").first()
    if base is not None:
        return base, base.data
    from matchmaking.matching import rules_for

    return None, rules_for(event)[0].to_dict()


def _bound_form(request: HttpRequest, event: Event) -> RulesForm:
    """The posted form; rules it does not show (blocked pairs, extra weights) come from the version edited."""
    form = RulesForm(request.POST)
    form.keep_hidden(_base_version(event, request.POST.get("base_version"))[1])
    return form


def _validated(form: RulesForm) -> dict[str, Any] | None:
    """The rules data if the form and the engine both accept it; otherwise errors are on the form."""
    if not form.is_valid():
        return None
    data = form.rules_data()
    try:
        match_services.match_rules_validate(data)
    except ValidationError as exc:
        form.add_rules_error(exc)
        return None
    return data


@login_required
def organiser_rules(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the editor with the newest version. POST: save the form as a new draft version (nothing is saved
    when any field is invalid; the page shows the errors beside the fields and keeps what was typed)."""
    event = organised_or_404(request, slug)
    timezone.activate(event.tz)
    base, data = _base_version(event, request.POST.get("base_version") or request.GET.get("version"))
    if request.method == "POST":
        form = _bound_form(request, event)
        rules = _validated(form)
        if rules is not None:
            rule_set = match_services.match_rules_save_draft(
                event=event, data=rules, by_user=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Saved as draft version %(v)d.") % {"v": rule_set.version})
            return redirect("organiser-rules", slug=event.slug)
        status = 422
    else:
        form = RulesForm.for_rules(data)
        status = 200
    history = list(
        MatchRuleSet.objects.filter(event=event).select_related("created_by").order_by("-version")[:HISTORY_LENGTH]
    )
    published = next((r for r in history if r.status == RulesStatus.PUBLISHED), None)
    if published is None:
        published = MatchRuleSet.objects.filter(event=event, status=RulesStatus.PUBLISHED).first()
    context = page_context(event, "rules", form=form, base=base, history=history, published=published)
    return render(request, "frontend/organiser/rules.html", context, status=status)


@login_required
@require_POST
def organiser_rules_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The preview fragment for the posted (unsaved) form: the draft's figures beside the published rules'."""
    event = organised_or_404(request, slug)
    form = _bound_form(request, event)
    data = _validated(form)
    context: dict[str, Any] = {"event": event, "form": form}
    if data is not None:
        from matchmaking.matching import rules_for

        draft = match_services.match_rules_preview(event=event, data=data)
        current = match_services.match_rules_preview(event=event, data=rules_for(event)[0].to_dict(), k=draft.k)
        context.update(_preview_context(draft, current))
        context["shift"] = _shift_context(match_services.match_rules_ranking_shift(event=event, data=data))
    return render(request, "frontend/organiser/_rules_preview.html", context)


def _preview_context(draft: Any, current: Any) -> dict[str, Any]:
    def row(label: str, now: float, then: float, fmt: str = "{:.0f}") -> dict[str, Any]:
        delta = now - then
        return {
            "label": label,
            "draft": fmt.format(now),
            "current": fmt.format(then),
            "delta": ("+" if delta > 0 else "") + fmt.format(delta) if abs(delta) > 1e-9 else "±0",
            "changed": abs(delta) > 1e-9,
        }

    rows = [
        row(
            _("Buyers with at least %(k)d matches (%%)") % {"k": draft.k},
            draft.share_buyers_with_k * 100,
            current.share_buyers_with_k * 100,
        ),
        row(_("Buyers without any match"), draft.buyers_without_matches, current.buyers_without_matches),
        row(_("Matches per buyer (mean)"), draft.mean_matches_per_buyer, current.mean_matches_per_buyer, "{:.1f}"),
        row(
            _("Exhibitors recommended to nobody"),
            draft.exposure.exhibitors_without_recommendations,
            current.exposure.exhibitors_without_recommendations,
        ),
        row(
            _("Most buyers one exhibitor is recommended to"),
            draft.exposure.max_recommendations_per_exhibitor,
            current.exposure.max_recommendations_per_exhibitor,
        ),
    ]
    histogram = [(f"{low:.1f}–{high:.1f}", n) for low, high, n in draft.score_histogram]
    exposure = [(str(k), n) for k, n in draft.exposure.per_exhibitor.items()]
    return {
        "preview": draft,
        "current": current,
        "rows": rows,
        "coverage": charts.percent(draft.share_buyers_with_k),
        "histogram": histogram,
        "histogram_chart": charts.bars(histogram, height=150, unit=_("matches"), label_every=2),
        "exposure_chart": charts.bars(exposure, height=150, fill="#5a6472", unit=_("exhibitors"), label_every=2),
        "exposure": exposure,
        "samples": _samples(draft.samples),
    }


def _shift_context(shift: Any) -> dict[str, Any]:
    """The ranking shift with company names instead of ids (two queries), lists cut to their first five."""
    from matchmaking.models import Buyer, Exhibitor

    buyer_ids = [int(x["buyer"]) for x in shift.examples]
    exhibitor_ids = {int(e) for x in shift.examples for e in x["before"][:5] + x["after"][:5]}
    buyers = dict(Buyer.objects.filter(pk__in=buyer_ids).values_list("pk", "company"))
    exhibitors = dict(Exhibitor.objects.filter(pk__in=exhibitor_ids).values_list("pk", "company"))
    examples = []
    for x in shift.examples:
        before, after = x["before"][:5], x["after"][:5]
        examples.append(
            {
                "buyer": buyers.get(int(x["buyer"]), x["buyer"]),
                "rows": [
                    {
                        "rank": i + 1,
                        "before": exhibitors.get(int(before[i]), before[i]) if i < len(before) else "—",
                        "after": exhibitors.get(int(after[i]), after[i]) if i < len(after) else "—",
                        "new": i < len(after) and after[i] not in x["before"],
                    }
                    for i in range(max(len(before), len(after)))
                ],
            }
        )
    return {"figures": shift, "kept": charts.percent(shift.kept_share), "examples": examples}


def _samples(matches: Any) -> list[dict[str, Any]]:
    from matchmaking.matching import match_payload  # the engine is loaded anyway: it made `matches`
    from matchmaking.models import Buyer, Exhibitor

    names = category_names(get_language() or "en")

    buyer_ids = [int(m.buyer) for m in matches]
    exhibitor_ids = [int(m.exhibitor) for m in matches]
    buyers = dict(Buyer.objects.filter(pk__in=buyer_ids).values_list("pk", "company"))
    exhibitors = dict(Exhibitor.objects.filter(pk__in=exhibitor_ids).values_list("pk", "company"))
    return [
        {
            "buyer": buyers.get(int(m.buyer), m.buyer),
            "exhibitor": exhibitors.get(int(m.exhibitor), m.exhibitor),
            "score": m.score,
            "reasons": explain_evidence(match_payload(m)["evidence"], names, "organiser")[:3],
        }
        for m in matches
    ]


@login_required
@require_POST
def organiser_rules_publish(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """Publish a saved version; recommendations are recomputed in the background."""
    event = organised_or_404(request, slug)
    rule_set = get_object_or_404(MatchRuleSet, event=event, version=version)
    match_services.match_rules_publish(rule_set=rule_set, by_user=request.user)
    messages.success(
        request,
        _("Version %(v)d is published; recommendations are being recomputed in the background.")
        % {"v": rule_set.version},
    )
    return redirect("organiser-rules", slug=event.slug)
