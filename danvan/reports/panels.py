"""Panels the reports app adds to other pages: a cadre's scorecard on their page."""

from django.utils import timezone

from danvan.core.periods import Period, default_period
from danvan.core.sections import Context
from danvan.units.choices import UnitKind
from danvan.units.selectors import unit_roots_for

from . import rules, selectors
from .models import ReportStatus
from .scorecards import card_for_cadre


def cadre_card_panel(request, cadre):
    today = timezone.localdate()
    period = default_period(today)
    ctx = Context(unit=cadre.unit, user=request.user, period=period, today=today)
    return "reports/_cadre_card.html", {"card": card_for_cadre(ctx, cadre), "period": period, "cadre": cadre}


def home_panel(request):
    """Last month's reports on the home page: the user's own unit's, and how many units below have sent theirs."""
    if not rules.may("reports.view_dashboard", request.user):
        return None
    today = timezone.localdate()
    last = today.replace(day=1) - timezone.timedelta(days=1)
    period = Period("thang", last.year, last.month)
    rows = []
    for unit in unit_roots_for(request.user)[:5]:
        own = selectors.own_report(unit, period)
        children = selectors.child_reports(unit, period) if unit.kind in (UnitKind.NATION, UnitKind.PROVINCE) else []
        sent = sum(1 for _c, r in children if r and r.status == ReportStatus.SUBMITTED)
        rows.append({"unit": unit, "own": own, "children": len(children), "sent": sent,
                     "can_write": rules.may("reports.write", request.user, unit)})  # fmt: skip
    return "reports/_home_panel.html", {"rows": rows, "period": period, "Status": ReportStatus}
