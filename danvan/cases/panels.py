"""What other apps add to the officers' case pages, so the cases module does not know every module.

The case page: ``register(func)``; ``func(request, case)`` returns ``(template name, context)`` or None
(nothing to show to this user). Panels render in the order registered, under the case's clocks.

The case list: ``CASE_LIST.register(prepare=..., attention=..., flagged=...)``. ``prepare(queryset)``
returns the list's queryset with what the module's marks read joined to it (so a page of cases stays
one query); ``attention()`` returns the ``Q`` of the cases the module flags for a human to look at
first (the list's "Cần xem trước" filter keeps them), and ``flagged(case)`` says it of one listed
case, from what ``prepare`` joined (the row's badge). The text engine registers these from its
``AppConfig.ready()``; with nothing registered no case is flagged.

The reception desk: ``RECEPTION.register(func)``; ``func(request)`` returns the address that suggests a
field for the content being typed (the form's ``data-suggestion-url``), or None.
"""

from django.db.models import Q

from danvan.core.panels import PanelRegistry

CASE_PAGE = PanelRegistry()
register = CASE_PAGE.register


def render_panels(request, case):
    return CASE_PAGE.render(request, case, case=case)


class CaseListHooks:
    def __init__(self):
        self.hooks = []

    def register(self, *, prepare=None, attention=None, flagged=None):
        hook = (prepare, attention, flagged)
        if hook not in self.hooks:
            self.hooks.append(hook)

    def prepare(self, queryset):
        for prepare, _attention, _flagged in self.hooks:
            if prepare is not None:
                queryset = prepare(queryset)
        return queryset

    def attention(self):
        """The ``Q`` of the cases some module flags; one that keeps nothing when none does."""
        found = [attention() for _prepare, attention, _flagged in self.hooks if attention is not None]
        if not found:
            return Q(pk__in=[])
        q = found[0]
        for more in found[1:]:
            q |= more
        return q

    def mark(self, cases):
        """Set ``needs_attention`` on each listed case (read by the list's badges); no query."""
        checks = [flagged for _prepare, _attention, flagged in self.hooks if flagged is not None]
        for case in cases:
            case.needs_attention = any(check(case) for check in checks)
        return cases


CASE_LIST = CaseListHooks()


class ReceptionHooks:
    def __init__(self):
        self.funcs = []

    def register(self, func):
        if func not in self.funcs:
            self.funcs.append(func)
        return func

    def suggestion_url(self, request):
        for func in self.funcs:
            url = func(request)
            if url:
                return url
        return None


RECEPTION = ReceptionHooks()
