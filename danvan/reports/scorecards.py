"""Scorecards of units and of the cadres who handle cases, and the composite score with its weights.

The parts, each on 0–100:
- satisfaction: the lower end of the 95% band of the mean rating (``scoring.satisfaction_score``);
- on time: the share of cases answered in the period on or before their due date;
- training: the share of active cadres trained in the year (for a cadre: 100 when trained, else 0);
- field days: the share of staff meeting the field-day rule in the judged month (for a cadre: their
  days over the days required, at most 100);
- commitments: the share of the commitments to citizens due in the period that were kept on or before their
  due date (``engagement.figures.commitments_due``; for a cadre: the commitments they own). Its default weight
  is 0 (``core.scoring.DEFAULT_WEIGHTS``), so no composite changes until a province weighs it.
The composite is the weighted mean of the parts that have a value, with the province's weights.

Only the citizens' own ratings (given on the status page) make the satisfaction part; ratings written down
by staff are counted on each card (``staff_ratings``) and never scored: see docs/modules/reports.md.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from danvan.accounts.models import User
from danvan.cadres import selectors as cadre_selectors
from danvan.cadres.choices import TRAINED_RESULTS
from danvan.cadres.models import Attendance, Cadre, FieldDay
from danvan.cases.choices import RatingSource
from danvan.cases.models import Case, CaseRating
from danvan.cases.selectors import rating_counts
from danvan.core import scoring
from danvan.core.numbers import fmt, share
from danvan.engagement import figures as engagement_figures
from danvan.engagement.models import Commitment
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .models import ScoreWeights


def weights_for(unit):
    """``(weights dict, unit that set them or None)``: the nearest unit at or above ``unit`` with weights."""
    paths = [unit.path[: d * Unit.steplen] for d in range(unit.depth, 0, -1)]
    found = {w.unit.path: w for w in ScoreWeights.objects.filter(unit__path__in=paths).select_related("unit")}
    for path in paths:
        if path in found:
            return found[path].as_dict(), found[path].unit
    return dict(scoring.DEFAULT_WEIGHTS), None


@dataclass
class Card:
    subject: object  # a Unit, or a User for a cadre's card
    name: str
    ratings: int = 0  # the citizens' own ratings, which the satisfaction part is computed from
    staff_ratings: int = 0  # ratings written down by staff: shown, not scored
    mean: float | None = None
    band: tuple | None = None
    parts: dict = field(default_factory=dict)
    score: float | None = None
    used: list = field(default_factory=list)
    answered: int = 0
    rank: int | None = None
    drill: str = ""
    link: str = ""

    @property
    def band_text(self):
        return f"{fmt(self.band[0], 'score')}–{fmt(self.band[1], 'score')}" if self.band else "—"


def _finish(card, n, mean, on_time, answered, training, field_days, weights, commitments=None):
    card.ratings, card.mean, card.answered = n, mean, answered
    card.band = scoring.rating_band(mean, n)
    card.parts = {
        "satisfaction": scoring.satisfaction_score(mean, n),
        "on_time": share(on_time, answered),
        "training": training,
        "field_days": field_days,
        "commitments": commitments,
    }
    card.score, card.used = scoring.composite(card.parts, weights)
    return card


def _ratings(queryset, span, group):
    """``(citizens' {group: (n, mean, satisfied)}, staff-recorded {group: n})`` for the ratings in ``queryset``."""
    citizens = rating_counts(queryset.filter(source=RatingSource.CITIZEN), span, group)
    staff = {g: v[0] for g, v in rating_counts(queryset.filter(source=RatingSource.STAFF), span, group).items()}
    return citizens, staff


def rank(cards):
    """Rank by composite score, then by the satisfaction part; equal cards share a rank (1, 2, 2, 4).

    Only cards with citizens' ratings are ranked: the people's satisfaction is the measure, so a unit
    or cadre nobody has rated yet is listed after the ranked ones, with its other parts, unranked.
    """
    ranked = sorted(
        (c for c in cards if c.score is not None and c.parts["satisfaction"] is not None),
        key=lambda c: (-c.score, -c.parts["satisfaction"], c.name),
    )
    previous = None
    for index, card in enumerate(ranked, start=1):
        key = (card.score, card.parts["satisfaction"])
        card.rank = (
            previous.rank if previous is not None and key == (previous.score, previous.parts["satisfaction"]) else index
        )
        previous = card
    rest = [c for c in cards if c.rank is None]
    return ranked + sorted(rest, key=lambda c: (c.score is None, -(c.score or 0), c.name))


def unit_cards(ctx):
    """One card per unit directly below ``ctx.unit`` (or for the unit itself when it has none), ranked."""
    weights, _source = weights_for(ctx.unit)
    # Units that handle cases are ranked: the provinces of the nation, the communes of a province.
    has_children = ctx.has_children and ctx.unit.kind in (UnitKind.NATION, UnitKind.PROVINCE)
    length = ctx.branch_len if has_children else len(ctx.unit.path)
    branch = Substr("unit__path", 1, length)
    a, b = ctx.span
    cases = (
        ctx.scoped(Case.objects)
        .filter(answered_on__range=(a, b))
        .annotate(branch=branch)
        .order_by()
        .values_list("branch")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(answered_on__lte=F("resolve_due"))))
    )
    answered = {br: (n, ok) for br, n, ok in cases}
    ratings, staff = _ratings(
        CaseRating.objects.for_user(ctx.user).filter(unit__path__startswith=ctx.unit.path), ctx.span, branch
    )
    coverage = cadre_selectors.training_coverage(ctx.unit, ctx.end.year, ctx.end)
    trained = {r["unit"].path: r["share"] for r in coverage["rows"] if not r["own_staff"]}
    year, month = cadre_selectors.compliance_month(ctx)
    compliance = cadre_selectors.field_day_compliance(ctx.unit, year, month)
    complied = {s["unit"].path: s["share"] for s in compliance["summary"]}
    kept = {
        br: share(ok, due)
        for br, (due, ok) in engagement_figures.commitments_due(
            ctx.scoped(Commitment.objects), ctx.span, branch
        ).items()
    }
    subjects = [c for c in ctx.children if c.is_active] if has_children else [ctx.unit]
    if not has_children:
        trained = {ctx.unit.path: coverage["total"]["share"]}
        complied = {ctx.unit.path: compliance["share"]}
    cards = []
    for unit in subjects:
        n, mean, _ok = ratings.get(unit.path, (0, None, 0))
        done, on_time = answered.get(unit.path, (0, 0))
        card = Card(
            unit,
            unit.name,
            drill=ctx.url("reports:scorecards", unit, **ctx.period.params()) if has_children else "",
            staff_ratings=staff.get(unit.path, 0),
        )
        cards.append(_finish(card, n, mean, on_time, done, trained.get(unit.path), complied.get(unit.path), weights,
                             kept.get(unit.path)))  # fmt: skip
    return rank(cards), weights


def cadre_cards(ctx):
    """One card per cadre who handled cases under ``ctx.unit`` in the period (answered or rated), ranked."""
    weights, _source = weights_for(ctx.unit)
    a, b = ctx.span
    scoped = ctx.scoped(Case.objects).filter(handler__isnull=False)
    answered = {
        h: (n, ok)
        for h, n, ok in scoped.filter(answered_on__range=(a, b))
        .order_by()
        .values_list("handler")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(answered_on__lte=F("resolve_due"))))
    }
    ratings, staff = _ratings(
        CaseRating.objects.for_user(ctx.user).filter(unit__path__startswith=ctx.unit.path, handler__isnull=False),
        ctx.span,
        F("handler"),
    )
    handlers = set(answered) | set(ratings) | set(staff)

    users = User.objects.in_bulk(handlers)
    cadres = {c.user_id: c for c in Cadre.objects.for_user(ctx.user).filter(user__in=handlers).select_related("unit")}
    parts = cadre_parts(ctx, list(cadres.values()))
    cards = []
    for user_id in handlers:
        user, cadre = users[user_id], cadres.get(user_id)
        n, mean, _ok = ratings.get(user_id, (0, None, 0))
        done, on_time = answered.get(user_id, (0, 0))
        training, field_days, kept = parts.get(cadre.pk, (None, None, None)) if cadre else (None, None, None)
        card = Card(user, user.get_full_name() or user.username, link=cadre.get_absolute_url() if cadre else "",
                    staff_ratings=staff.get(user_id, 0))  # fmt: skip
        cards.append(_finish(card, n, mean, on_time, done, training, field_days, weights, kept))
    return rank(cards), weights


def cadre_parts(ctx, cadres):
    """``{cadre id: (training part, field-day part, commitments part)}`` for a list of cadres, in a few scoped
    queries; the commitments part is over the commitments the cadre owns that fell due in the period."""
    if not cadres:
        return {}
    ids = [c.pk for c in cadres]
    trained = set(
        Attendance.objects.for_user(ctx.user)
        .filter(cadre__in=ids, year=ctx.end.year, result__in=TRAINED_RESULTS)
        .values_list("cadre", flat=True)
    )
    year, month = cadre_selectors.compliance_month(ctx)
    days = dict(
        FieldDay.objects.for_user(ctx.user)
        .filter(cadre__in=ids, date__year=year, date__month=month)
        .order_by()
        .values_list("cadre")
        .annotate(n=Count("date", distinct=True))
    )
    owned = engagement_figures.commitments_due(
        Commitment.objects.for_user(ctx.user).filter(owner__in=ids), ctx.span, F("owner")
    )
    # One rule book for the page's unit (its ancestors and subtree); another only for a cadre elsewhere.
    books = {ctx.unit.path: cadre_selectors.RuleBook(ctx.unit)}
    found = {}
    for cadre in cadres:
        root = ctx.unit.path if cadre.unit.path.startswith(ctx.unit.path) else cadre.unit.path
        if root not in books:
            books[root] = cadre_selectors.RuleBook(cadre.unit)
        rule = books[root].for_path(cadre.unit.path)["field_days_per_month_ratio"]
        _working, required = cadre_selectors.field_day_requirement(year, month, rule)
        field_days = min(100.0, round(100 * days.get(cadre.pk, 0) / required, 1)) if required else None
        if cadre.unit.kind == UnitKind.VILLAGE:
            field_days = None  # village team members are not bound by the field-day rule
        due, ok = owned.get(cadre.pk, (0, 0))
        found[cadre.pk] = (100.0 if cadre.pk in trained else 0.0), field_days, share(ok, due)
    return found


def card_for_cadre(ctx, cadre):
    """The card of one cadre (their own page): their cases under any unit the viewer may see."""
    weights, _source = weights_for(cadre.unit)
    training, field_days, kept = cadre_parts(ctx, [cadre])[cadre.pk]
    a, b = ctx.span
    n = mean = None
    done = on_time = staff_n = 0
    if cadre.user_id:
        found = (
            Case.objects.for_user(ctx.user)
            .filter(handler=cadre.user_id, answered_on__range=(a, b))
            .aggregate(n=Count("id"), ok=Count("id", filter=Q(answered_on__lte=F("resolve_due"))))
        )
        done, on_time = found["n"], found["ok"]
        rated, staff = _ratings(
            CaseRating.objects.for_user(ctx.user).filter(handler=cadre.user_id), ctx.span, F("handler")
        )
        n, mean, _ok = rated.get(cadre.user_id, (0, None, 0))
        staff_n = staff.get(cadre.user_id, 0)
    card = Card(cadre, cadre.full_name, link=cadre.get_absolute_url(), staff_ratings=staff_n)
    return _finish(card, n or 0, mean, on_time, done, training, field_days, weights, kept)
