"""Registries of panels, so a page shows what each module adds without knowing the modules.

A panel function takes the request (and the page's subject, if any) and returns ``(template name,
context)``, or None when it has nothing for this user. Apps register from ``AppConfig.ready()``.
"""

from django.template.loader import render_to_string


class PanelRegistry:
    def __init__(self):
        self.funcs = []

    def register(self, func):
        if func not in self.funcs:
            self.funcs.append(func)
        return func

    def render(self, request, *subject, **extra):
        rendered = []
        for func in self.funcs:
            found = func(request, *subject)
            if found is not None:
                template, context = found
                rendered.append(render_to_string(template, {**extra, **context}, request=request))
        return rendered


HOME = PanelRegistry()  # the signed-in home page
UNIT_PAGE = PanelRegistry()  # the unit page: func(request, unit)
