"""One registry of dashboard panels and report sections.

A module contributes a :class:`Section`: a function that, for a :class:`Context` (the unit, the
period, the user), returns a :class:`SectionResult` of plain figures and tables. The same result is
drawn as a dashboard panel (a chart beside its table, each figure linking to the units below and
the records behind it), written into the periodic report (a narrative paragraph, the tables) and
exported to Word, Excel and PDF. No page or exporter knows the modules: apps declare their sections
in a ``report_sections`` module, found when the reports app starts. The registry lives in core so
that a domain app registers its sections without importing the reports app.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.http import urlencode

from danvan.core import scoping

# --- what a section returns -----------------------------------------------------------------

INT, PCT, SCORE, TEXT, DATE = "int", "pct", "score", "text", "date"


@dataclass
class Figure:
    """A headline number, with the same period of the previous year when it has one."""

    label: str
    value: Any
    fmt: str = INT
    previous: Any = None
    link: str = ""
    note: str = ""
    target: float | None = None  # e.g. 80 (%) for satisfaction
    better: str = ""  # "up" when a rise is good news (on-time rate, satisfaction), "down" when bad; else neutral

    @property
    def trend(self):
        """ "good", "bad" or "" for the change against a year earlier (colours it on the page)."""
        change = self.change
        if not change or not self.better:
            return ""
        return "good" if (change > 0) == (self.better == "up") else "bad"

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Column:
    label: str
    fmt: str = INT


@dataclass
class Row:
    cells: list
    link: str = ""  # the records behind the row
    drill: str = ""  # the same dashboard for the unit of the row


@dataclass
class Chart:
    """Which columns of a table to draw: ``kind`` is "bar", "hbar", "line" or "doughnut"."""

    kind: str = "bar"
    values: tuple = (1,)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    total: list | None = None
    chart: Chart | None = None
    note: str = ""


@dataclass
class SectionResult:
    key: str
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    # Sentences for the report's narrative, in the administrative register
    # ("Tiếp nhận 1.234 lượt, tăng 118 lượt so với cùng kỳ năm 2025.").
    sentences: list = field(default_factory=list)
    note: str = ""

    def table(self, key):
        return next(t for t in self.tables if t.key == key)

    def figure(self, label):
        return next(f for f in self.figures if f.label == label)


# --- what a section is given ------------------------------------------------------------------


@dataclass
class Context:
    unit: Any  # a units.Unit (core does not import the units app)
    user: Any
    period: Any
    today: datetime.date

    @cached_property
    def span(self):
        return self.period.span(self.today)

    @property
    def start(self):
        return self.span[0]

    @property
    def end(self):
        return self.span[1]

    @cached_property
    def previous_span(self):
        return self.period.previous_span(self.today)

    @property
    def previous_year(self):
        return self.previous_span[0].year

    @property
    def branch_len(self):
        """Length of the path prefix naming the unit directly below ``unit`` a record falls under."""
        return (self.unit.depth + 1) * self.unit.steplen

    @cached_property
    def children(self):
        """The units directly below, active ones and those that still hold records, by name (numbers in
        natural order: "Thôn 2" before "Thôn 10")."""
        return list(
            type(self.unit)
            .objects.filter(path__startswith=self.unit.path, depth=self.unit.depth + 1)
            .order_by("name_sort", "path")
            .only("pk", "name", "path", "depth", "kind", "is_active", "name_folded", "name_sort")
        )

    @property
    def has_children(self):
        return bool(self.children)

    def branches(self, counts, *, keep=lambda unit: unit.is_active):
        """``[(unit, value)]`` for each child (and the unit's own records first, when it has any)."""
        rows = []
        if self.unit.path in counts:
            rows.append((self.unit, counts[self.unit.path]))
        for child in self.children:
            if child.path in counts or keep(child):
                rows.append((child, counts.get(child.path)))
        return rows

    def url(self, name, unit=None, **params):
        query = {"unit": (unit or self.unit).pk, **{k: v for k, v in params.items() if v not in (None, "")}}
        return f"{reverse(name)}?{urlencode(query)}"

    def dashboard_url(self, unit):
        """The page of ``unit``'s sections for the same period (a table's drill-down), as named by the app
        that shows the sections (``SECTIONS.drill_page``); empty while none is named."""
        name = SECTIONS.drill_page
        return self.url(name, unit, **self.period.params()) if name else ""

    @cached_property
    def whole_tree(self):
        """True when the unit is the only root of the tree and the user's scope covers it: then every
        record is in scope and under the unit, and no path test (nor its join) is needed."""
        if self.unit.depth != 1:
            return False
        paths = scoping.scope_paths(self.user)
        covered = paths is scoping.ALL or self.unit.path in paths
        return covered and type(self.unit).objects.filter(depth=1).count() == 1

    def scoped(self, queryset, path_field=None):
        """``queryset``'s records under the unit, read through the user's scope (the one mechanism).

        When the unit lies in the user's scope, every record whose own unit is under it is in scope
        too, so the scope's test (and for cases the test of the place, an ``OR`` over a second join)
        is left out: the answer is the same.
        """
        if self.whole_tree:
            return queryset.all()
        own = queryset.model.scope_path_field
        path_field = path_field or own
        under = queryset.filter(**{f"{path_field}__startswith": self.unit.path})
        if path_field == own and self.unit_in_scope:
            return under
        return under.filter(scoping.record_q(queryset.model, self.user))

    @cached_property
    def unit_in_scope(self):
        return scoping.path_in_scope(self.user, self.unit.path)


def parent_of(unit):
    """The unit directly above ``unit`` (None for the nation)."""
    if unit.depth <= 1:
        return None
    return type(unit).objects.filter(path=unit.path[: (unit.depth - 1) * unit.steplen]).first()


def children_of(unit):
    """The active units directly below ``unit``."""
    return type(unit).objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)


# --- the registry --------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    order: int
    compute: Callable[[Context], SectionResult]
    # In the periodic report: the free-text headings the officer writes under this section.
    prompts: tuple = ()


class SectionRegistry:
    def __init__(self):
        self._sections = {}
        self.drill_page = None  # the url name of the page that shows a unit's sections, set by that app

    def register(self, section):
        self._sections[section.key] = section
        return section

    def unregister(self, key):
        self._sections.pop(key, None)

    def all(self):
        return sorted(self._sections.values(), key=lambda s: (s.order, s.key))

    def get(self, key):
        return self._sections[key]

    def compute(self, ctx, keys=None, progress=None):
        """Every section's result for ``ctx`` (those of ``keys`` only, when given), in order."""
        results = []
        sections = [s for s in self.all() if keys is None or s.key in keys]
        for index, section in enumerate(sections):
            result = section.compute(ctx)
            if result is not None:
                results.append(result)
            if progress:
                progress(index + 1, len(sections))
        return results


SECTIONS = SectionRegistry()


# --- storing results (a submitted report keeps its figures) ------------------------------------


def results_to_json(results):
    """Plain JSON (translated labels become their text) to keep in a submitted report."""
    return json.loads(json.dumps([asdict(r) for r in results], cls=DjangoJSONEncoder))


def _build(cls, data):
    """A dataclass from stored JSON, ignoring keys it no longer has (reports frozen by older versions)."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def results_from_json(data):
    out = []
    for item in data or []:
        tables = []
        for t in item.get("tables", []):
            chart = Chart(t["chart"]["kind"], tuple(t["chart"]["values"])) if t.get("chart") else None
            tables.append(
                Table(t["key"], t["title"], [_build(Column, c) for c in t["columns"]], [_build(Row, r) for r in t["rows"]],
                      total=t.get("total"), chart=chart, note=t.get("note", ""))
            )  # fmt: skip
        out.append(
            SectionResult(item["key"], item["title"], figures=[_build(Figure, f) for f in item.get("figures", [])],
                          tables=tables, sentences=item.get("sentences", []), note=item.get("note", ""))
        )  # fmt: skip
    return out
