"""The dashboard: every registered section for a unit and a period."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core import scoping
from danvan.core.exports import xlsx_response
from danvan.core.forms import submit
from danvan.core.periods import PeriodKind, period_from_query
from danvan.core.sections import Context
from danvan.units import selectors as unit_selectors

from . import rules, services
from . import scorecards as scorecards_mod
from .charts import chart_config
from .compute import compute
from .forms import WeightsForm
from .models import ScoreWeights


def _period_choices(today):
    return {
        "kinds": PeriodKind.choices,
        "years": list(range(today.year, today.year - 6, -1)),
        "months": list(range(1, 13)),
        "quarters": [(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    }


def build_context(request):
    """The unit (inside the user's scope, else 404), the period and its errors, from the query string."""
    unit = unit_selectors.unit_for_page(request)
    today = timezone.localdate()
    period, errors = period_from_query(request.GET, today)
    return Context(unit=unit, user=request.user, period=period, today=today), errors


@login_required
def dashboard(request):
    ctx, errors = build_context(request)
    results, computed_at = compute(ctx, refresh=bool(request.GET.get("lam-moi")))
    charts = {}
    for result in results:
        for table in result.tables:
            config = chart_config(table)
            if config:
                charts[f"chart-{result.key}-{table.key}"] = config
    context = {
        "ctx": ctx,
        "unit": ctx.unit,
        "period": ctx.period,
        "results": results,
        "computed_at": computed_at,
        "charts": charts,
        "errors": errors,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, ctx.unit),
        **_period_choices(ctx.today),
    }
    return render(request, "reports/dashboard.html", context)


PART_LABELS = {
    "satisfaction": _("Sự hài lòng"),
    "on_time": _("Đúng hạn"),
    "training": _("Bồi dưỡng"),
    "field_days": _("Đi cơ sở"),
    "commitments": _("Cam kết đúng hạn"),
}


@login_required
def scorecards(request):
    ctx, errors = build_context(request)
    units, weights = scorecards_mod.unit_cards(ctx)
    cadres, _w = scorecards_mod.cadre_cards(ctx)
    _weights, source = scorecards_mod.weights_for(ctx.unit)
    if request.GET.get("format") == "xlsx":
        return _scorecards_xlsx(ctx, units, cadres)
    context = {
        "ctx": ctx,
        "unit": ctx.unit,
        "period": ctx.period,
        "errors": errors,
        "unit_cards": units,
        "cadre_cards": cadres,
        "weights": [(PART_LABELS[k], v) for k, v in weights.items()],
        "weights_source": source,
        "can_set_weights": rules.may("reports.set_weights", request.user, ctx.unit),
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, ctx.unit),
        **_period_choices(ctx.today),
    }
    return render(request, "reports/scorecards.html", context)


def _card_row(card):
    p = card.parts
    return [card.rank, card.name, card.ratings, card.staff_ratings, card.mean and round(card.mean, 2), card.band_text,
            p["satisfaction"], p["on_time"], p["training"], p["field_days"], p["commitments"], card.score]  # fmt: skip


def _scorecards_xlsx(ctx, units, cadres):
    header = [_("Hạng"), _("Tên"), _("Lượt người dân tự đánh giá"), _("Lượt cán bộ ghi lại (không tính điểm)"),
              _("Điểm trung bình"), _("Khoảng tin cậy 95%"),
              _("Điểm hài lòng (0–100)"), _("Đúng hạn (%)"), _("Bồi dưỡng (%)"), _("Đi cơ sở (%)"),
              _("Cam kết đúng hạn (%)"), _("Điểm tổng hợp")]  # fmt: skip
    return xlsx_response(
        f"xep-hang-{ctx.unit.code}-{ctx.period.year}.xlsx",
        [(_("Đơn vị"), header, [_card_row(c) for c in units]), (_("Cán bộ"), header, [_card_row(c) for c in cadres])],
    )


@login_required
def weights_edit(request):
    unit = unit_selectors.unit_for_page(request, scoping.MANAGE_USERS)
    if not rules.may("reports.set_weights", request.user, unit):
        raise Http404  # a commune or a district has no weights of its own
    instance = ScoreWeights.objects.filter(unit=unit).first() or ScoreWeights(unit=unit)
    if instance.pk is None:
        for key, value in scorecards_mod.weights_for(unit)[0].items():
            setattr(instance, key, value)
    form = WeightsForm(request.POST or None, instance=instance)
    if submit(request, form, lambda data: services.weights_save(acting_user=request.user, unit=unit, weights=data)):
        messages.success(request, _("Đã lưu trọng số điểm tổng hợp của %(u)s.") % {"u": unit.name})
        return redirect(f"{reverse('reports:scorecards')}?unit={unit.pk}")
    return render(
        request,
        "reports/weights.html",
        {"unit": unit, "form": form, "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit)},
    )
