"""What the module shows on other apps' pages, through their registries (registered in ``apps.py``)."""

from . import selectors
from .rules import may


def cadre_field_days(request, cadre):
    """On a cadre's page: the latest field days where people raised something, each opening the page that turns
    an issue into a commitment or a case."""
    if not may("engagement.view_pages", request.user):
        return None
    days = selectors.field_days_of(cadre)
    if not days:
        return None
    return "engagement/_cadre_panel.html", {"days": days}
