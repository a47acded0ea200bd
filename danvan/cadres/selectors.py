"""Reads of the cadre module: completeness findings, training coverage, field-day compliance, reviews.

Callers pass a unit they fetched through the scoping mechanism; everything here
stays inside that unit's subtree.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.accounts.models import User
from danvan.core import calendar, scoping
from danvan.core.sections import Context
from danvan.units.choices import UnitKind
from danvan.units.models import Unit, tree_order

from .choices import (
    ETHNICITY_CHOICES,
    KINH,
    TRAINED_RESULTS,
    Education,
    Gender,
    ProfessionalLevel,
    Religion,
    TeamKind,
    TeamRole,
    TheoryLevel,
    Title,
)
from .models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    FieldDay,
    Organisation,
    OrganisationMembership,
    Review,
    Team,
    TeamMembership,
    TeamRules,
)

DEFAULT_RULES = {
    "block_min_size": 7,
    "team_min_size": 3,
    # Seed 001: block heads hold the standing deputy secretary or Front chair post;
    # domain facts: the village Party cell secretary leads the village team.
    "block_head_titles": [Title.STANDING_DEPUTY_SECRETARY.value, Title.FRONT_CHAIR.value],
    "team_head_titles": [Title.CELL_SECRETARY.value],
    "vacancy_days": 30,
    "field_days_per_month_ratio": 5,
}
RULE_FIELDS = list(DEFAULT_RULES)


def cadre_by_code(user: User, code: str, perm: str = scoping.MANAGE) -> Cadre | None:
    """The cadre with ``code`` among those ``user`` holds ``perm`` over (forms that name a cadre by code)."""
    code = (code or "").strip()
    if not code:
        return None
    return Cadre.objects.for_user(user, perm).filter(code=code).select_related("unit").first()


def active_cadres(unit: Unit, day: datetime.date) -> QuerySet[Cadre]:
    return Cadre.objects.filter(unit__path__startswith=unit.path).active_on(day)


# --- rules ---------------------------------------------------------------------------


class RuleBook:
    """Resolves the rules that apply at any unit under ``root``: the nearest unit above with rules wins."""

    def __init__(self, root: Unit) -> None:
        wanted = Q(unit__path__in=[root.path[: d * Unit.steplen] for d in range(1, root.depth + 1)]) | Q(
            unit__path__startswith=root.path
        )
        self.by_path = {
            rules.unit.path: {name: getattr(rules, name) for name in RULE_FIELDS}
            for rules in TeamRules.objects.filter(wanted).select_related("unit")
        }
        self._cache: dict[str, dict[str, Any]] = {}

    def for_path(self, path: str) -> dict[str, Any]:
        """The rules at ``path``: its own, else its parent's (memoised, so a national check stays cheap)."""
        found = self._cache.get(path)
        if found is None:
            found = self.by_path.get(path)
            if found is None:
                found = self.for_path(path[: -Unit.steplen]) if len(path) > Unit.steplen else DEFAULT_RULES
            self._cache[path] = found
        return found


def rules_for(unit: Unit) -> dict:
    return dict(RuleBook(unit).for_path(unit.path))


# --- completeness ----------------------------------------------------------------------


class FindingKind:
    NO_BLOCK = "no_block"
    NO_TEAM = "no_team"
    UNDERSIZED = "undersized"
    HEAD_TITLE = "head_title"
    VACANCY = "vacancy"

    LABELS = {
        NO_BLOCK: gettext_noop("Xã chưa có khối dân vận"),
        NO_TEAM: gettext_noop("Thôn chưa có tổ dân vận"),
        UNDERSIZED: gettext_noop("Chưa đủ số thành viên tối thiểu"),
        HEAD_TITLE: gettext_noop("Trưởng khối, tổ không giữ chức danh theo quy định"),
        VACANCY: gettext_noop("Khuyết trưởng quá thời hạn"),
    }

    @classmethod
    def label(cls, kind: str) -> str:
        return _(cls.LABELS[kind])


@dataclass
class Finding:
    kind: str
    unit: Unit
    message: str
    team: Team | None = None
    since: datetime.date | None = None

    @property
    def label(self) -> str:
        return FindingKind.label(self.kind)


def _shortcomings(unit: Unit, on_date: datetime.date) -> Iterator[tuple[str, int, int | None, dict[str, Any]]]:
    """Yield ``(kind, place_id, team_id, details)`` for every shortcoming at and below ``unit``.

    Plain tuples, a handful of queries whatever the size of the subtree (a national check covers some
    60,000 villages); rules are resolved per unit.
    """
    rulebook = RuleBook(unit)
    places = Unit.objects.filter(
        path__startswith=unit.path, kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE], is_active=True
    ).order_by("path")
    live_teams = Team.objects.filter(unit__path__startswith=unit.path, established_on__lte=on_date).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on_date)
    )
    teams = {unit_id: (pk, founded) for pk, unit_id, founded in live_teams.values_list("pk", "unit", "established_on")}
    # Subqueries, not lists of ids: a national page would pass hundreds of thousands of parameters.
    team_ids = live_teams.values("pk")
    live = Q(start__lte=on_date) & (Q(end__isnull=True) | Q(end__gt=on_date))
    live_seats = TeamMembership.objects.filter(live, team__in=team_ids)
    sizes: Counter[int] = Counter()
    heads: dict[int, int] = {}
    for team_id, role, cadre_id in live_seats.order_by("pk").values_list("team", "role", "cadre"):
        sizes[team_id] += 1
        if role == TeamRole.HEAD and team_id not in heads:
            heads[team_id] = cadre_id
    last_head_end = dict(
        TeamMembership.objects.filter(team__in=team_ids, role=TeamRole.HEAD, end__lte=on_date)
        .order_by()
        .values("team")
        .annotate(last=Max("end"))
        .values_list("team", "last")
    )
    titles: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
    for cadre_id, unit_id, title in Appointment.objects.filter(
        live, unit__path__startswith=unit.path, cadre__in=live_seats.filter(role=TeamRole.HEAD).values("cadre")
    ).values_list("cadre", "unit", "title"):
        titles[(cadre_id, unit_id)].add(title)

    for place_id, path, kind in places.values_list("pk", "path", "kind"):
        rules = rulebook.for_path(path)
        is_block = kind == UnitKind.COMMUNE
        team = teams.get(place_id)
        if team is None:
            yield (FindingKind.NO_BLOCK if is_block else FindingKind.NO_TEAM), place_id, None, {}
            continue
        team_id, founded = team
        minimum = rules["block_min_size"] if is_block else rules["team_min_size"]
        if sizes[team_id] < minimum:
            yield FindingKind.UNDERSIZED, place_id, team_id, {"n": sizes[team_id], "min": minimum}
        head = heads.get(team_id)
        if head is None:
            since = max(filter(None, [founded, last_head_end.get(team_id)]))
            if (on_date - since).days > rules["vacancy_days"]:
                yield FindingKind.VACANCY, place_id, team_id, {"since": since, "max": rules["vacancy_days"]}
            continue
        required = rules["block_head_titles"] if is_block else rules["team_head_titles"]
        if required and not titles.get((head, place_id), set()) & set(required):
            yield FindingKind.HEAD_TITLE, place_id, team_id, {"head": head, "required": required}


def completeness_findings(unit: Unit, on_date: datetime.date | None = None) -> list[Finding]:
    """Every shortcoming of the blocks and teams at and below ``unit`` on ``on_date`` (default today)."""
    on_date = on_date or timezone.localdate()
    found = list(_shortcomings(unit, on_date))
    places = Unit.objects.in_bulk({place for _k, place, _t, _d in found})
    teams = Team.objects.in_bulk({team for _k, _p, team, _d in found if team})
    names = dict(
        Cadre.objects.filter(pk__in=[d["head"] for _k, _p, _t, d in found if "head" in d]).values_list(
            "pk", "full_name"
        )
    )
    findings = []
    for kind, place_id, team_id, d in found:
        place, team = places[place_id], teams.get(team_id)
        team_name = team.name if team is not None else ""  # every finding but a missing block or team has one
        if kind == FindingKind.NO_BLOCK:
            message = _("%(unit)s chưa có khối dân vận.") % {"unit": place.name}
        elif kind == FindingKind.NO_TEAM:
            message = _("%(unit)s chưa có tổ dân vận.") % {"unit": place.name}
        elif kind == FindingKind.UNDERSIZED:
            message = _("%(team)s có %(n)d thành viên, tối thiểu %(min)d.") % {"team": team_name, **d}
        elif kind == FindingKind.VACANCY:
            message = _("%(team)s khuyết trưởng từ %(d)s (%(n)d ngày, quá %(max)d ngày).") % {
                "team": team_name, "d": f"{d['since']:%d/%m/%Y}", "n": (on_date - d["since"]).days, "max": d["max"],
            }  # fmt: skip
        else:
            titles = _(" hoặc ").join(str(Title(code).label) for code in d["required"] if code in Title.values)
            message = _("Trưởng %(team)s là %(name)s, không giữ chức danh %(titles)s.") % {
                "team": team_name, "name": names.get(d["head"], ""), "titles": titles,
            }  # fmt: skip
        findings.append(Finding(kind, place, message, team, d.get("since")))
    return findings


def findings_counts(unit: Unit, on_date: datetime.date | None = None) -> list[dict]:
    """How many shortcomings of each kind (the summary without building the messages)."""
    counts = Counter(kind for kind, *_rest in _shortcomings(unit, on_date or timezone.localdate()))
    return [{"kind": kind, "label": FindingKind.label(kind), "count": counts.get(kind, 0)} for kind in FINDING_ORDER]


FINDING_ORDER = (
    FindingKind.NO_BLOCK,
    FindingKind.NO_TEAM,
    FindingKind.UNDERSIZED,
    FindingKind.HEAD_TITLE,
    FindingKind.VACANCY,
)


def findings_summary(findings: list[Finding]) -> list[dict]:
    counts = Counter(f.kind for f in findings)
    return [{"kind": kind, "label": FindingKind.label(kind), "count": counts.get(kind, 0)} for kind in FINDING_ORDER]


def team_counts(unit: Unit, on_date: datetime.date | None = None) -> dict:
    """Number of live blocks and teams under ``unit`` and of their members."""
    on_date = on_date or timezone.localdate()
    teams = Team.objects.filter(unit__path__startswith=unit.path, established_on__lte=on_date).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on_date)
    )
    live = Q(start__lte=on_date) & (Q(end__isnull=True) | Q(end__gt=on_date))
    result = {}
    for kind in TeamKind.values:
        ids = teams.filter(kind=kind).values("pk")
        result[kind] = {
            "teams": teams.filter(kind=kind).count(),
            "members": TeamMembership.objects.filter(live, team__in=ids).count(),
        }
    return result


# --- training coverage ---------------------------------------------------------------


def year_reference_day(year: int) -> datetime.date:
    """The day a year's coverage is judged on: 31/12, or today for the current year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def _trained(year: int, day: datetime.date | None = None) -> Exists:
    """Passed a course ending in ``year`` (and, when ``day`` is given, ending by that day)."""
    passed = Attendance.objects.filter(cadre=OuterRef("pk"), year=year, result__in=TRAINED_RESULTS)
    if day is not None and day < year_reference_day(year):
        # A review of a past date does not count courses that ended later (no join otherwise).
        passed = passed.filter(course__end__lte=day)
    return Exists(passed)


def training_coverage(unit: Unit, year: int, day: datetime.date | None = None) -> dict:
    """Share of active cadres trained in ``year`` for ``unit`` and each unit directly below it.

    One grouped query: cadres are grouped by the path prefix of the child they
    fall under; cadres recorded at ``unit`` itself form their own row. Returns
    ``{"total": row, "rows": [row, ...]}`` where a row holds unit, cadres,
    trained, untrained and share (0–100, one decimal) or None with no cadres.
    """
    day = day or year_reference_day(year)
    prefix_len = (unit.depth + 1) * Unit.steplen
    grouped = (
        active_cadres(unit, day)
        .annotate(branch=Substr("unit__path", 1, prefix_len), is_trained=_trained(year, day))
        .order_by()
        .values("branch")
        .annotate(cadres=Count("id"), trained=Count("id", filter=Q(is_trained=True)))
    )
    counts = {row["branch"]: (row["cadres"], row["trained"]) for row in grouped}
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .filter(Q(is_active=True) | Q(path__in=list(counts)))
        .natural()
    )
    rows = []
    for child in children:
        cadres, trained = counts.get(child.path, (0, 0))
        rows.append(_coverage_row(child, cadres, trained))
    own = counts.get(unit.path)
    if own:
        rows.insert(0, _coverage_row(unit, *own, own_staff=True))
    total = _coverage_row(unit, sum(c for c, _t in counts.values()), sum(t for _c, t in counts.values()))
    return {"total": total, "rows": rows, "year": year, "day": day}


def _coverage_row(unit: Unit, cadres: int, trained: int, own_staff: bool = False) -> dict[str, Any]:
    return {
        "unit": unit,
        "cadres": cadres,
        "trained": trained,
        "untrained": cadres - trained,
        "share": round(100 * trained / cadres, 1) if cadres else None,
        "own_staff": own_staff,
    }


def untrained_cadres(unit: Unit, year: int, day: datetime.date | None = None) -> QuerySet[Cadre]:
    """The named list: active cadres under ``unit`` with no passed course in ``year``."""
    day = day or year_reference_day(year)
    return (
        active_cadres(unit, day)
        .annotate(is_trained=_trained(year, day))
        .filter(is_trained=False)
        .select_related("unit")
        .order_by(*tree_order("unit__"), "full_name_folded")
    )


# --- field days ----------------------------------------------------------------------


def field_day_requirement(year: int, month: int, ratio: int = 5) -> tuple[int, int]:
    """Working days of the month and the field days they call for (one in every ``ratio``)."""
    start, end = calendar.month_bounds(year, month)
    working = calendar.working_days(start, end)
    return working, max(1, working // ratio) if working else 0


def field_day_compliance(unit: Unit, year: int, month: int) -> dict:
    """Per cadre: distinct field dates in the month against the 1-in-5 rule, and a summary per child unit.

    Rows are dicts (cadre_id, code, name, unit_name, days, required, working, ok), in unit and name order.

    Cadres recorded at villages (team members) are not bound by the rule; commune
    and province staff active at the end of the month (or today) are.
    """
    start, end = calendar.month_bounds(year, month)
    day = min(end, timezone.localdate())
    rulebook = RuleBook(unit)
    # Plain tuples, not model instances: a national page covers a few hundred thousand cadres.
    cadres = list(
        active_cadres(unit, day)
        .exclude(unit__kind=UnitKind.VILLAGE)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=start))
        .order_by("unit__path", "full_name_folded")
        .values_list("pk", "code", "full_name", "unit__path", "unit__name")
    )
    days = dict(
        FieldDay.objects.filter(cadre__in=active_cadres(unit, day).values("pk"), date__gte=start, date__lte=end)
        .order_by()
        .values("cadre")
        .annotate(n=Count("date", distinct=True))
        .values_list("cadre", "n")
    )
    requirement: dict[int, tuple[int, int]] = {}
    rows: list[dict[str, Any]] = []
    prefix_len = (unit.depth + 1) * Unit.steplen
    branches: defaultdict[str, dict[str, int]] = defaultdict(lambda: {"cadres": 0, "compliant": 0, "days": 0})
    for pk, code, name, path, unit_name in cadres:
        ratio = rulebook.for_path(path)["field_days_per_month_ratio"]
        if ratio not in requirement:
            requirement[ratio] = field_day_requirement(year, month, ratio)
        working, required = requirement[ratio]
        done = days.get(pk, 0)
        ok = done >= required
        rows.append(
            {"cadre_id": pk, "code": code, "name": name, "unit_name": unit_name, "days": done, "required": required,
             "working": working, "ok": ok}
        )  # fmt: skip
        branch = branches[path[:prefix_len]]
        branch["cadres"] += 1
        branch["compliant"] += ok
        branch["days"] += done
    units = {u.path: u for u in Unit.objects.filter(path__in=list(branches))}
    summary = []
    for path in sorted(branches, key=lambda p: units[p].name_sort if p in units else ""):
        data = branches[path]
        summary.append(
            {
                "unit": units.get(path, unit),
                **data,
                "share": round(100 * data["compliant"] / data["cadres"], 1) if data["cadres"] else None,
            }
        )
    total_cadres = len(rows)
    compliant = sum(r["ok"] for r in rows)
    return {
        "rows": rows,
        "summary": summary,
        "cadres": total_cadres,
        "compliant": compliant,
        "share": round(100 * compliant / total_cadres, 1) if total_cadres else None,
        "working_days": field_day_requirement(year, month)[0],
        # The headline uses the unit's own rule; rows below may differ where a lower unit set another.
        "required": field_day_requirement(year, month, rulebook.for_path(unit.path)["field_days_per_month_ratio"])[1],
        "month_open": end >= timezone.localdate(),
        "year": year,
        "month": month,
    }


# --- quality review ------------------------------------------------------------------

# The Vietnamese label is the band's key in stored reviews; pages show it translated.
AGE_BANDS = [
    (0, 30, gettext_noop("Dưới 30")),
    (30, 40, "30–39"),
    (40, 50, "40–49"),
    (50, 60, "50–59"),
    (60, 200, gettext_noop("Từ 60")),
]


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age < high:
            return label
    return AGE_BANDS[-1][2]


def _labelled(counter: Mapping[str, int], choices: Iterable[tuple[str, object]]) -> list[dict[str, Any]]:
    return [{"key": code, "label": str(label), "count": counter.get(code, 0)} for code, label in choices]


def review_figures(unit: Unit, on_date: datetime.date) -> dict:
    """The figures of a quality review of ``unit``'s corps on ``on_date``, as JSON-able data.

    Stored in :class:`Review.figures`, so a later review can show the change.
    """
    cadres = list(
        active_cadres(unit, on_date).values(
            "pk", "gender", "birth_year", "ethnicity", "religion", "education", "professional_level", "theory_level",
            "is_party_member",
        )
    )  # fmt: skip
    live = Q(start__lte=on_date) & (Q(end__isnull=True) | Q(end__gt=on_date))
    posts = Counter(
        title
        for title, _n in Appointment.objects.filter(
            live, unit__path__startswith=unit.path, cadre__in=active_cadres(unit, on_date).values("pk")
        )
        .values_list("title", "cadre")
        .distinct()
    )
    ages = Counter(age_band(on_date.year - c["birth_year"]) for c in cadres)
    ethnic = Counter(c["ethnicity"] for c in cadres)
    coverage = training_coverage(unit, on_date.year, day=on_date)["total"]
    findings = completeness_findings(unit, on_date)
    teams = team_counts(unit, on_date)
    return {
        "unit": unit.name,
        "on_date": on_date.isoformat(),
        "cadres": len(cadres),
        "party_members": sum(1 for c in cadres if c["is_party_member"]),
        "by_post": [
            {"key": code, "label": str(label), "count": posts[code]} for code, label in Title.choices if posts.get(code)
        ],
        "by_age": [{"key": label, "label": _(label), "count": ages.get(label, 0)} for _a, _b, label in AGE_BANDS],
        "by_gender": _labelled(Counter(c["gender"] for c in cadres), Gender.choices),
        "by_education": _labelled(Counter(c["education"] for c in cadres), Education.choices),
        "by_professional": _labelled(Counter(c["professional_level"] for c in cadres), ProfessionalLevel.choices),
        "by_theory": _labelled(Counter(c["theory_level"] for c in cadres), TheoryLevel.choices),
        "by_religion": [
            row for row in _labelled(Counter(c["religion"] for c in cadres), Religion.choices) if row["count"]
        ],
        "by_ethnicity": [
            {"key": code, "label": label, "count": ethnic[code]}
            for code, label in ETHNICITY_CHOICES
            if ethnic.get(code) or code == KINH
        ],
        "minorities": sum(n for code, n in ethnic.items() if code != KINH),
        "training": {"cadres": coverage["cadres"], "trained": coverage["trained"], "share": coverage["share"]},
        "teams": {
            "blocks": teams[TeamKind.BLOCK]["teams"],
            "block_members": teams[TeamKind.BLOCK]["members"],
            "teams": teams[TeamKind.TEAM]["teams"],
            "team_members": teams[TeamKind.TEAM]["members"],
        },
        "findings": findings_summary(findings),
        "finding_list": [{"kind": f.kind, "unit": f.unit.name, "message": f.message} for f in findings[:500]],
        "finding_total": len(findings),
    }


def previous_review(unit: Unit, on_date: datetime.date, exclude_pk: int | None = None) -> Review | None:
    qs = Review.objects.filter(unit=unit, on_date__lt=on_date)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("-on_date", "-pk").first()


def review_compare(figures: dict, previous: Review | None) -> dict:
    """Attach ``change`` (now minus then) to every count of ``figures`` that the previous review also has."""
    if previous is None:
        return figures
    before = previous.figures
    result = dict(figures)
    for key in ("cadres", "party_members", "minorities", "finding_total"):
        if key in before:
            result[f"{key}_change"] = figures[key] - before[key]
    for key, value in figures.items():
        if key.startswith("by_") or key == "findings":
            old = {row.get("key", row.get("kind")): row["count"] for row in before.get(key, [])}
            result[key] = [
                {**row, "change": row["count"] - old.get(row.get("key", row.get("kind")), 0)} for row in value
            ]
            # Lists that keep only non-zero rows (posts, ethnic groups, religions) would hide a fall
            # to zero: show the rows of the previous review that are gone now.
            now = {row.get("key", row.get("kind")) for row in value}
            result[key] += [
                {**row, "count": 0, "change": -row["count"]}
                for row in before.get(key, [])
                if row.get("key", row.get("kind")) not in now and row["count"]
            ]
    if before.get("training", {}).get("share") is not None and figures["training"]["share"] is not None:
        result["training"] = {
            **figures["training"],
            "change": round(figures["training"]["share"] - before["training"]["share"], 1),
        }
    result["teams_change"] = {k: v - before.get("teams", {}).get(k, 0) for k, v in figures["teams"].items()}
    result["previous_date"] = previous.on_date
    return result


# --- overview --------------------------------------------------------------------------

OVERVIEW_CACHE_SECONDS = 300


def overview_figures(unit: Unit) -> dict:
    """The module's landing figures for ``unit``: coverage this year, findings, last month's field days.

    For the nation and provinces (a few seconds of work at national scale) the figures are kept in
    the cache for five minutes; ``computed_at`` says when they were taken.
    """
    key = f"danvan:cadres-overview:{unit.pk}:{timezone.localdate().isoformat()}"
    if unit.depth <= 2:
        cached = cache.get(key)
        if cached is not None:
            return cached
    today = timezone.localdate()
    findings = completeness_findings(unit, today)
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    compliance = field_day_compliance(unit, last_month.year, last_month.month)
    figures = {
        "coverage": training_coverage(unit, today.year),
        "findings_summary": findings_summary(findings),
        "finding_total": len(findings),
        "compliance_last": {k: compliance[k] for k in ("share", "year", "month", "cadres", "compliant")},
        "counts": team_counts(unit, today),
        "active": Cadre.objects.filter(unit__path__startswith=unit.path, left_on__isnull=True).count(),
        "computed_at": timezone.now(),
        "cached": unit.depth <= 2,
    }
    if unit.depth <= 2:
        cache.set(key, figures, OVERVIEW_CACHE_SECONDS)
    return figures


def compliance_month(ctx: Context) -> tuple[int, int]:
    """The month whose field days are judged: the last complete month of the period, else its running month."""
    end = ctx.end
    last = calendar.month_bounds(end.year, end.month)[1]
    if end == last:
        return end.year, end.month
    before = end.replace(day=1) - datetime.timedelta(days=1)
    if before >= ctx.start:
        return before.year, before.month
    return end.year, end.month


# --- the lists the pages show (scoped to the user, inside the page's unit) ------------------------


def cadre_list(user: User, unit: Unit, status: str = "active", text: str = "") -> QuerySet[Cadre]:
    """The cadres kept at ``unit`` and below that ``user`` sees: at work (``status`` "active"), left
    ("left") or all, matching ``text``; each with ``current_posts``, in tree order then by name."""
    qs = Cadre.objects.for_user(user).filter(unit__path__startswith=unit.path).select_related("unit")
    if status == "active":
        qs = qs.filter(left_on__isnull=True)
    elif status == "left":
        qs = qs.filter(left_on__isnull=False)
    text = text.strip()
    if text:
        qs = qs.search(text)
    return qs.prefetch_related(
        Prefetch("appointments", queryset=Appointment.objects.filter(end__isnull=True), to_attr="current_posts")
    ).order_by(*tree_order("unit__"), "full_name_folded")


def cadre_options(user: User, text: str) -> list[Cadre]:
    """At most 30 cadres at work that ``user`` sees matching ``text`` (name, code or phone); none under 2 letters."""
    text = text.strip()
    if len(text) < 2:
        return []
    return list(Cadre.objects.for_user(user).filter(left_on__isnull=True).search(text).select_related("unit")[:30])


def managed_unit_by_code(user: User, code: str, perm: str = scoping.MANAGE) -> Unit | None:
    """The active unit with ``code`` among those ``user`` holds ``perm`` over (forms that name a unit by code)."""
    code = (code or "").strip()
    return Unit.objects.for_user(user, perm).filter(code=code, is_active=True).first() if code else None


def village_by_code(user: User, code: str) -> Unit | None:
    """The active village with ``code`` among those ``user`` sees."""
    return Unit.objects.for_user(user).filter(code=code.strip(), kind=UnitKind.VILLAGE, is_active=True).first()


def field_day_villages(user: User, cadre: Cadre) -> QuerySet[Unit]:
    """The villages offered when logging a day of ``cadre``: those ``user`` enters for below the cadre's
    unit, or, for a village cadre, in the cadre's commune."""
    path = cadre.unit.path[: -Unit.steplen] if cadre.unit.kind == UnitKind.VILLAGE else cadre.unit.path
    return (
        Unit.objects.for_user(user, scoping.ENTER)
        .filter(path__startswith=path, kind=UnitKind.VILLAGE, is_active=True)
        .natural()
    )


def teams_under(user: User, unit: Unit) -> QuerySet[Team]:
    """The live blocks and teams of ``unit`` and below, in tree order."""
    return (
        Team.objects.for_user(user)
        .filter(unit__path__startswith=unit.path, dissolved_on__isnull=True)
        .select_related("unit")
        .order_by(*tree_order("unit__"))
    )


def with_member_counts(teams: QuerySet[Team]) -> QuerySet[Team]:
    return teams.annotate(members=Count("memberships", filter=Q(memberships__end__isnull=True)))


def live_seats_of(user: User, teams: Iterable[Team]) -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.for_user(user)
        .filter(team__in=teams, end__isnull=True)
        .select_related("team", "team__unit", "cadre")
        .order_by(*tree_order("team__unit__"), "role", "cadre__full_name_folded")
    )


def organisations_under(user: User, unit: Unit) -> QuerySet[Organisation]:
    """The Front and mass organisations of ``unit`` and below, each with its live ``members`` count."""
    return (
        Organisation.objects.for_user(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(members=Count("memberships", filter=Q(memberships__end__isnull=True)))
        .order_by(*tree_order("unit__"), "kind")
    )


def live_memberships_of(user: User, organisations: Iterable[Organisation]) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.for_user(user)
        .filter(organisation__in=organisations, end__isnull=True)
        .select_related("organisation", "organisation__unit", "cadre")
        .order_by("organisation__unit__path", "organisation__kind", "cadre__full_name_folded")
    )


def courses_for(unit: Unit, year: int) -> QuerySet[Course]:
    """The courses ending in ``year`` organised at ``unit``, below it or above it (listed for context),
    each with ``n_attendees``: the attendance of the unit's own cadres only."""
    ancestors = Q(unit__path__in=[unit.path[: d * Unit.steplen] for d in range(1, unit.depth)])
    courses = (
        Course.objects.filter(Q(unit__path__startswith=unit.path) | ancestors)
        .filter(end__year=year)
        .select_related("unit")
        .order_by("-start")
    )
    return courses.annotate(
        n_attendees=Count("attendances", filter=Q(attendances__cadre__unit__path__startswith=unit.path))
    )


def course_by_pk(pk: int) -> Course | None:
    """The course, unscoped: the caller asks ``cadres.view_course`` (a course above the scope is shown too)."""
    return Course.objects.select_related("unit").filter(pk=pk).first()


def course_attendances(user: User, course: Course) -> QuerySet[Attendance]:
    """The attendance of ``course`` of the cadres ``user`` sees."""
    return (
        Attendance.objects.for_user(user)
        .filter(course=course)
        .select_related("cadre", "cadre__unit")
        .order_by("cadre__unit__path", "cadre__full_name_folded")
    )


def reviews_of(user: User, unit: Unit) -> QuerySet[Review]:
    """The latest 20 recorded reviews of ``unit``."""
    return Review.objects.for_user(user).filter(unit=unit).select_related("created_by")[:20]
