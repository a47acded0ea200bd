"""Panels the reports app adds to other pages: a cadre's scorecard on their page."""

from django.utils import timezone

from danvan.core.periods import default_period
from danvan.core.sections import Context

from .scorecards import card_for_cadre


def cadre_card_panel(request, cadre):
    today = timezone.localdate()
    period = default_period(today)
    ctx = Context(unit=cadre.unit, user=request.user, period=period, today=today)
    return "reports/_cadre_card.html", {"card": card_for_cadre(ctx, cadre), "period": period, "cadre": cadre}
