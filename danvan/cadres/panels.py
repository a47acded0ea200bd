"""Panels other apps add to a cadre's page (the scorecard, later modules' records), so the page does not know them.

``register(func)``: ``func(request, cadre)`` returns ``(template name, context)`` or None.
"""

from danvan.core.panels import PanelRegistry

CADRE_PAGE = PanelRegistry()
register = CADRE_PAGE.register


def render_panels(request, cadre):
    return CADRE_PAGE.render(request, cadre, cadre=cadre)
