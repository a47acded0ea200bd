"""Panels other apps add to the officers' case page, so the case page does not know every module.

``register(func)``: ``func(request, case)`` returns ``(template name, context)`` or None (nothing to
show to this user). Panels render in the order registered, under the case's clocks.
"""

from danvan.core.panels import PanelRegistry

CASE_PAGE = PanelRegistry()
register = CASE_PAGE.register


def render_panels(request, case):
    return CASE_PAGE.render(request, case, case=case)
