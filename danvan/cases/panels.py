"""Panels other apps add to the officers' case page, so the case page does not know every module.

``register(func)``: ``func(request, case)`` returns ``(template name, context)`` or None (nothing to
show to this user). Panels render in the order registered, under the case's clocks.
"""

from django.template.loader import render_to_string

CASE_PANELS = []


def register(func):
    CASE_PANELS.append(func)
    return func


def render_panels(request, case):
    rendered = []
    for func in CASE_PANELS:
        found = func(request, case)
        if found is not None:
            template, context = found
            rendered.append(render_to_string(template, {"case": case, **context}, request=request))
    return rendered
