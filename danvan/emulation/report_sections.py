"""The "Dân vận khéo" module's dashboard panels and report sections: the movement (models and exemplars
registered, recognised by field, kind and level, commendations) and whether it lasts and spreads (follow-ups on
time, models at risk now, the share still active after one, two and three years, replication).

Every figure is of the unit and the units below it, read through the user's scope (``Context.scoped``), and,
but the models at risk now, compared with the same period a year earlier. Definitions:

- registered: by the day the registration was entered (``created_at``); recognised: by ``recognised_on``; a model
  (``Kind.MODEL``) is a collective's, an exemplar (``Kind.EXEMPLAR``) a person's;
- commended: awards by the day of their decision, to collectives and to individuals, of the awarding units;
- followed up on time: follow-ups done in the period on or before the day they were due (one with no due day,
  the follow-up of a model that had stopped, is on time); the rate is those on time over those done;
- at risk now: recognised models with a reason in ``risk`` on the day the figures are read;
- still active after N years: ``figures`` (as of the period's last day counted; a year earlier, as of that
  period's last day);
- replicated: models registered in the period as a copy of another (``origin``), and how many distinct models
  they copy.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.numbers import compare, fmt, sentence, share
from danvan.core.sections import PCT, SECTIONS, Chart, Column, Context, Figure, Row, Section, SectionResult, Table
from danvan.units.choices import UnitKind

from . import figures, risk
from .choices import Field, Kind, Level, Recipient
from .models import Award, FollowUp, Practice
from .workflow import RECOGNISED

Span = tuple[datetime.date, datetime.date]


def _prev(ctx: Context) -> str:
    return _("Cùng kỳ %(y)d") % {"y": ctx.previous_year}


def _by_units(ctx: Context) -> bool:
    """A table of the units below is drawn for a province or the nation."""
    return ctx.has_children and ctx.unit.kind != UnitKind.COMMUNE


def _unit_label(ctx: Context, unit: Any) -> str:
    return _("%(u)s (trực tiếp)") % {"u": unit.name} if unit == ctx.unit else unit.name


def _cmp(value: Any, previous: Any, ctx: Context, word: str) -> str:
    return (", " + compare(value, previous, ctx.previous_year, word)) if previous else ""


def _moments(span: Span) -> tuple[datetime.datetime, datetime.datetime]:
    start, end = span
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time()))
    return first, after


def _created_in(span: Span) -> Q:
    first, after = _moments(span)
    return Q(created_at__gte=first, created_at__lt=after)


def _practices(ctx: Context, url_name: str = "emulation:practices", unit: Any = None, **params: Any) -> str:
    return ctx.url(url_name, unit, **params)


# --- the movement: registered, recognised, commended ----------------------------------------------------------


def _counts(ctx: Context) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Registered and recognised by branch, kind, field and level, in the period and a year earlier (one query):
    ``(this period's rows, the earlier period's rows)``, each row with ``registered`` and ``recognised``."""
    spans = {"cur": ctx.span, "prev": ctx.previous_span}
    recognised = {
        key: Q(stage__in=RECOGNISED, recognised_on__gte=span[0], recognised_on__lte=span[1])
        for key, span in spans.items()
    }
    wanted = Q(pk__in=[])
    for key, span in spans.items():
        wanted |= _created_in(span) | recognised[key]
    rows = (
        ctx.scoped(Practice.objects)
        .filter(wanted)
        .annotate(branch=Substr("unit__path", 1, ctx.branch_len))
        .order_by()
        .values("branch", "kind", "field", "recognised_level")
        .annotate(
            **{
                f"{what}_{key}": Count("pk", filter=_created_in(span) if what == "registered" else recognised[key])
                for key, span in spans.items()
                for what in ("registered", "recognised")
            }
        )  # fmt: skip
    )
    keys = ("branch", "kind", "field", "recognised_level")
    split: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    for row in rows:
        for found, key in zip(split, spans, strict=True):
            found.append({**{k: row[k] for k in keys}, "registered": row[f"registered_{key}"],
                          "recognised": row[f"recognised_{key}"]})  # fmt: skip
    return split


def _sum(rows: list[dict[str, Any]], key: str, **match: Any) -> int:
    return sum(r[key] for r in rows if all(r[k] == v for k, v in match.items()))


def _awards(ctx: Context) -> dict[tuple[str, str, str], int]:
    """``{(span "cur"/"prev", branch, recipient kind): awards}`` in one query."""
    cur, prev = ctx.span, ctx.previous_span
    rows = (
        ctx.scoped(Award.objects)
        .filter(Q(decision_on__range=cur) | Q(decision_on__range=prev))
        .annotate(branch=Substr("unit__path", 1, ctx.branch_len))
        .order_by()
        .values("branch", "recipient_kind")
        .annotate(
            cur=Count("pk", filter=Q(decision_on__range=cur)), prev=Count("pk", filter=Q(decision_on__range=prev))
        )
    )
    found: dict[tuple[str, str, str], int] = {}
    for row in rows:
        for key in ("cur", "prev"):
            found[(key, row["branch"], row["recipient_kind"])] = row[key]
    return found


def _award_total(found: dict[tuple[str, str, str], int], key: str, kind: str | None = None) -> int:
    return sum(n for (k, _branch, recipient), n in found.items() if k == key and (kind is None or recipient == kind))


def _clauses(*parts: tuple[int, str]) -> list[str]:
    return [text % {"n": fmt(n)} for n, text in parts if n]


def movement_section(ctx: Context) -> SectionResult:
    cur, prev = _counts(ctx)
    awards = _awards(ctx)
    prev_label = _prev(ctx)
    reg, reg_prev = _sum(cur, "registered"), _sum(prev, "registered")
    rec, rec_prev = _sum(cur, "recognised"), _sum(prev, "recognised")
    rec_c, rec_c_prev = _sum(cur, "recognised", kind=Kind.MODEL), _sum(prev, "recognised", kind=Kind.MODEL)
    rec_i, rec_i_prev = _sum(cur, "recognised", kind=Kind.EXEMPLAR), _sum(prev, "recognised", kind=Kind.EXEMPLAR)
    aw_c, aw_c_prev = (_award_total(awards, k, Recipient.COLLECTIVE) for k in ("cur", "prev"))
    aw_i, aw_i_prev = (_award_total(awards, k, Recipient.INDIVIDUAL) for k in ("cur", "prev"))
    year = ctx.end.year
    figures_ = [
        Figure(_("Mô hình, điển hình đăng ký"), reg, previous=reg_prev, link=_practices(ctx, year=year)),
        Figure(_("Được công nhận"), rec, previous=rec_prev, better="up", link=_practices(ctx, recognised_in=ctx.end.year)),
        Figure(_("Mô hình (tập thể) được công nhận"), rec_c, previous=rec_c_prev, better="up",
               link=_practices(ctx, recognised_in=ctx.end.year, kind=Kind.MODEL)),
        Figure(_("Điển hình (cá nhân) được công nhận"), rec_i, previous=rec_i_prev, better="up",
               link=_practices(ctx, recognised_in=ctx.end.year, kind=Kind.EXEMPLAR)),
        Figure(_("Tập thể được khen thưởng"), aw_c, previous=aw_c_prev),
        Figure(_("Cá nhân được khen thưởng"), aw_i, previous=aw_i_prev),
    ]  # fmt: skip
    tables = [
        Table(
            "fields", _("Theo lĩnh vực"),
            [Column(_("Lĩnh vực")), Column(_("Đăng ký")), Column(_("Được công nhận")), Column(prev_label)],
            [Row([label, _sum(cur, "registered", field=value), _sum(cur, "recognised", field=value),
                  _sum(prev, "recognised", field=value)], link=_practices(ctx, field=value))
             for value, label in Field.choices],
            total=[_("Tổng số"), reg, rec, rec_prev], chart=Chart("bar", (1, 2)),
        ),
        Table(
            "kinds", _("Mô hình và điển hình"),
            [Column(_("Loại")), Column(_("Đăng ký")), Column(_("Được công nhận")), Column(prev_label)],
            [Row([label, _sum(cur, "registered", kind=value), _sum(cur, "recognised", kind=value),
                  _sum(prev, "recognised", kind=value)], link=_practices(ctx, kind=value))
             for value, label in Kind.choices],
            total=[_("Tổng số"), reg, rec, rec_prev], chart=Chart("doughnut", (2,)),
        ),
        Table(
            "levels", _("Theo cấp công nhận"), [Column(_("Cấp")), Column(_("Được công nhận")), Column(prev_label)],
            [Row([label, _sum(cur, "recognised", recognised_level=value),
                  _sum(prev, "recognised", recognised_level=value)]) for value, label in Level.choices],
            total=[_("Tổng số"), rec, rec_prev],
        ),
    ]  # fmt: skip
    if _by_units(ctx):
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in cur:
            if not (row["registered"] or row["recognised"]):
                continue
            bucket = counts[row["branch"]]
            bucket["registered"] += row["registered"]
            bucket["recognised"] += row["recognised"]
            bucket["collective" if row["kind"] == Kind.MODEL else "individual"] += row["recognised"]
        for (key, branch, _recipient), n in awards.items():
            if key == "cur":
                counts[branch]["awards"] += n
        rows = [
            Row([_unit_label(ctx, unit), *((v or {}).get(k, 0) for k in ("registered", "recognised", "collective",
                                                                        "individual", "awards"))],
                link=_practices(ctx, unit=unit), drill="" if unit == ctx.unit else ctx.dashboard_url(unit))
            for unit, v in ctx.branches(counts)
        ]  # fmt: skip
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Đăng ký")), Column(_("Được công nhận")), Column(_("Mô hình tập thể")),
                 Column(_("Điển hình cá nhân")), Column(_("Khen thưởng"))],
                rows, total=[_("Tổng số"), reg, rec, rec_c, rec_i, aw_c + aw_i], chart=Chart("hbar", (2,)),
            )
        )  # fmt: skip
    sentences = []
    if reg or rec:
        kinds = _clauses((rec_c, _("%(n)s mô hình tập thể")), (rec_i, _("%(n)s điển hình cá nhân")))
        parts = []
        if reg:
            parts.append(_("có %(n)s mô hình, điển hình đăng ký thi đua “Dân vận khéo”%(cmp)s")
                         % {"n": fmt(reg), "cmp": _cmp(reg, reg_prev, ctx, _("mô hình"))})  # fmt: skip
        if rec:
            parts.append(_("%(n)s mô hình, điển hình được công nhận (%(kinds)s)%(cmp)s")
                         % {"n": fmt(rec), "kinds": ", ".join(kinds), "cmp": _cmp(rec, rec_prev, ctx, _("mô hình"))})  # fmt: skip
        sentences.append(sentence("; ".join(parts)))
    else:
        sentences.append(_("Trong kỳ chưa có mô hình, điển hình nào đăng ký hoặc được công nhận."))
    given = _clauses((aw_c, _("%(n)s tập thể")), (aw_i, _("%(n)s cá nhân")))
    if given:
        sentences.append(_("Khen thưởng %(who)s có thành tích trong phong trào thi đua “Dân vận khéo”.")
                         % {"who": _(" và ").join(given)})  # fmt: skip
    return SectionResult(
        "emulation", _("Phong trào thi đua “Dân vận khéo”"), figures=figures_, tables=tables, sentences=sentences,
        note=_("Đăng ký tính theo ngày nhập đăng ký; công nhận theo ngày quyết định công nhận; khen thưởng theo ngày "
               "quyết định khen thưởng của đơn vị và các đơn vị trực thuộc. Mô hình là của tập thể, điển hình là của "
               "cá nhân."),
    )  # fmt: skip


# --- lasting and spreading: follow-ups, at risk, still active, replicated -------------------------------------


def _follow_ups(ctx: Context) -> dict[tuple[str, str], dict[str, int]]:
    """``{(span "cur"/"prev", branch): {"done", "on_time"}}`` in one query."""
    on_time = Q(due_on__isnull=True) | Q(done_on__lte=F("due_on"))
    rows = (
        ctx.scoped(FollowUp.objects)
        .filter(Q(done_on__range=ctx.span) | Q(done_on__range=ctx.previous_span))
        .annotate(branch=Substr("practice__unit__path", 1, ctx.branch_len))
        .order_by()
        .values("branch")
        .annotate(
            cur=Count("pk", filter=Q(done_on__range=ctx.span)),
            cur_ok=Count("pk", filter=Q(done_on__range=ctx.span) & on_time),
            prev=Count("pk", filter=Q(done_on__range=ctx.previous_span)),
            prev_ok=Count("pk", filter=Q(done_on__range=ctx.previous_span) & on_time),
        )
    )
    found = {}
    for row in rows:
        found[("cur", row["branch"])] = {"done": row["cur"], "on_time": row["cur_ok"]}
        found[("prev", row["branch"])] = {"done": row["prev"], "on_time": row["prev_ok"]}
    return found


RISK_CLAUSES = {
    risk.Reason.OVERDUE: gettext_lazy("%(n)s mô hình quá hạn phúc tra"),
    risk.Reason.BELOW_BASELINE: gettext_lazy("%(n)s mô hình có chỉ tiêu kém hơn giá trị ban đầu"),
    risk.Reason.STALLED: gettext_lazy("%(n)s mô hình có chỉ tiêu không tiến triển"),
    risk.Reason.WEAKENING: gettext_lazy("%(n)s mô hình suy giảm"),
    risk.Reason.STOPPED: gettext_lazy("%(n)s mô hình ngừng hoạt động"),
}


def _replicas(ctx: Context) -> list[tuple[str, str, int]]:
    """``[(span "cur"/"prev", branch, origin id)]`` of the copies registered in either span, in one query."""
    (cur_from, cur_to), (prev_from, prev_to) = _moments(ctx.span), _moments(ctx.previous_span)
    rows = (
        ctx.scoped(Practice.objects)
        .filter(origin__isnull=False)
        .filter(_created_in(ctx.span) | _created_in(ctx.previous_span))
        .values_list("unit__path", "origin_id", "created_at")
    )
    return [
        ("cur" if cur_from <= created < cur_to else "prev", path[: ctx.branch_len], origin)
        for path, origin, created in rows
        if cur_from <= created < cur_to or prev_from <= created < prev_to
    ]


def _reasons_now(ctx: Context) -> tuple[dict[str, int], Counter]:
    """Models at risk today by branch, and how many have each reason."""
    models = ctx.scoped(Practice.objects).filter(stage__in=RECOGNISED)
    found = risk.assess(models, ctx.today)
    flagged = {pk for pk, item in found.items() if item.reasons}
    per_branch: dict[str, int] = defaultdict(int)
    reasons: Counter = Counter()
    if flagged:
        for pk, path in models.filter(pk__in=flagged).values_list("pk", "unit__path"):
            per_branch[path[: ctx.branch_len]] += 1
            reasons.update(found[pk].reasons)
    return per_branch, reasons


def sustainability_section(ctx: Context) -> SectionResult:
    prev_label = _prev(ctx)
    done = _follow_ups(ctx)
    total = {
        f"{span}_{key}": sum(v[field] for (s, _b), v in done.items() if s == span)
        for span in ("cur", "prev")
        for key, field in (("done", "done"), ("ok", "on_time"))
    }
    rate, rate_prev = share(total["cur_ok"], total["cur_done"]), share(total["prev_ok"], total["prev_done"])
    at_risk, reasons = _reasons_now(ctx)
    n_risk = sum(at_risk.values())
    # One read serves both years: the figure as of a day counts only what was recognised and followed up by then.
    models = figures.load(ctx.scoped(Practice.objects), ctx.end)
    prev_end = ctx.previous_span[1]
    lasting = figures.survival(models, ctx.end)
    lasting_prev = figures.survival(models, prev_end)
    copies = _replicas(ctx)
    n_copies = sum(1 for s, _b, _o in copies if s == "cur")
    n_copies_prev = sum(1 for s, _b, _o in copies if s == "prev")
    origins = len({o for s, _b, o in copies if s == "cur"})
    origins_prev = len({o for s, _b, o in copies if s == "prev"})
    risk_link = ctx.url("emulation:at_risk")
    lasting_link = ctx.url("emulation:sustainability")
    figures_ = [
        Figure(_("Lượt phúc tra mô hình"), total["cur_done"], previous=total["prev_done"]),
        Figure(_("Phúc tra đúng hạn"), total["cur_ok"], previous=total["prev_ok"], better="up"),
        Figure(_("Tỷ lệ phúc tra đúng hạn"), rate, PCT, previous=rate_prev, better="up",
               note=_("%(ok)s/%(n)s lượt phúc tra") % {"ok": fmt(total["cur_ok"]), "n": fmt(total["cur_done"])}),
        Figure(_("Mô hình có nguy cơ không duy trì"), n_risk, better="down", link=risk_link,
               note=_("đến ngày %(d)s") % {"d": f"{ctx.today:%d/%m/%Y}"}),
        *(Figure(_("Còn hoạt động sau %(n)d năm") % {"n": item.years}, item.share, PCT, previous=before.share,
                 better="up", link=lasting_link,
                 note=_("%(a)s/%(c)s mô hình") % {"a": fmt(item.active), "c": fmt(item.cohort)})
          for item, before in zip(lasting, lasting_prev, strict=True)),
        Figure(_("Mô hình được nhân rộng"), n_copies, previous=n_copies_prev, better="up"),
        Figure(_("Mô hình gốc được nhân rộng"), origins, previous=origins_prev, better="up"),
    ]  # fmt: skip
    tables = [
        Table(
            "lasting", _("Mô hình còn hoạt động hiệu quả sau 1, 2, 3 năm"),
            [Column(_("Sau")), Column(_("Mô hình đủ thời gian")), Column(_("Còn hoạt động")),
             Column(_("Tỷ lệ (%)"), PCT), Column(prev_label + " (%)", PCT)],
            [Row([_("%(n)d năm") % {"n": item.years}, item.cohort, item.active, item.share, before.share],
                 link=lasting_link) for item, before in zip(lasting, lasting_prev, strict=True)],
            chart=Chart("bar", (3, 4)),
            note=_("Mô hình công nhận ngày D được tính sau N năm khi D + N năm không muộn hơn ngày cuối kỳ; còn hoạt "
                   "động khi lần phúc tra đầu tiên từ D + N năm − 90 ngày ghi “duy trì hiệu quả”."),
        ),
        Table(
            "risk", _("Mô hình có nguy cơ theo lý do"), [Column(_("Lý do")), Column(_("Số mô hình"))],
            [Row([label, reasons.get(value, 0)], link=ctx.url("emulation:at_risk", reason=value))
             for value, label in risk.Reason.choices],
            note=_("Một mô hình có thể có nhiều lý do."),
        ),
    ]  # fmt: skip
    if _by_units(ctx):
        cut = ctx.branch_len
        by_branch = figures.grouped(models, lambda m: m.path[:cut], ctx.end)
        copies_by: dict[str, int] = Counter(b for s, b, _o in copies if s == "cur")
        merged: dict[str, dict[str, Any]] = defaultdict(dict)
        for (span, branch), v in done.items():
            if span == "cur":
                merged[branch] |= v
        for branch, n in at_risk.items():
            merged[branch]["risk"] = n
        for branch, found in by_branch.items():
            merged[branch]["lasting"] = found
        for branch, n in copies_by.items():
            merged[branch]["copies"] = n
        rows = []
        for unit, v in ctx.branches(merged):
            v = v or {}
            shares = [item.share for item in v.get("lasting", [])] or [None, None, None]
            rows.append(
                Row([_unit_label(ctx, unit), v.get("done", 0), share(v.get("on_time", 0), v.get("done", 0)),
                     v.get("risk", 0), *shares, v.get("copies", 0)],
                    link=ctx.url("emulation:at_risk", unit), drill="" if unit == ctx.unit else ctx.dashboard_url(unit))
            )  # fmt: skip
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Lượt phúc tra")), Column(_("Đúng hạn (%)"), PCT),
                 Column(_("Có nguy cơ")), Column(_("Còn hoạt động sau 1 năm (%)"), PCT),
                 Column(_("Sau 2 năm (%)"), PCT), Column(_("Sau 3 năm (%)"), PCT), Column(_("Nhân rộng"))],
                rows, total=[_("Tổng số"), total["cur_done"], rate, n_risk, *(item.share for item in lasting),
                             n_copies], chart=Chart("hbar", (4,)),
            )
        )  # fmt: skip
    sentences = []
    if total["cur_done"]:
        sentences.append(
            _("Phúc tra %(n)s lượt mô hình, điển hình, trong đó %(ok)s lượt đúng hạn (đạt %(r)s)%(cmp)s.")
            % {"n": fmt(total["cur_done"]), "ok": fmt(total["cur_ok"]), "r": fmt(rate, PCT),
               "cmp": _cmp(total["cur_done"], total["prev_done"], ctx, _("lượt"))}
        )  # fmt: skip
    if n_risk:
        why = "; ".join(str(RISK_CLAUSES[value]) % {"n": fmt(reasons[value])} for value in risk.Reason.values
                        if reasons.get(value))  # fmt: skip
        sentences.append(_("Hiện có %(n)s mô hình có nguy cơ không duy trì: %(why)s.") % {"n": fmt(n_risk), "why": why})
    kept = [
        _("sau %(y)d năm đạt %(s)s (%(a)s/%(c)s mô hình)")
        % {"y": item.years, "s": fmt(item.share, PCT), "a": fmt(item.active), "c": fmt(item.cohort)}
        for item in lasting
        if item.cohort
    ]
    if kept:
        sentences.append(_("Tỷ lệ mô hình còn hoạt động hiệu quả %(kept)s.") % {"kept": "; ".join(kept)})
    if n_copies:
        sentences.append(
            _("Có %(n)s mô hình được nhân rộng từ %(o)s mô hình gốc%(cmp)s.")
            % {"n": fmt(n_copies), "o": fmt(origins), "cmp": _cmp(n_copies, n_copies_prev, ctx, _("mô hình"))}
        )
    return SectionResult(
        "emulation_lasting", _("Duy trì, nhân rộng mô hình “Dân vận khéo”"), figures=figures_, tables=tables,
        sentences=sentences,
        note=_("Phúc tra đúng hạn khi thực hiện không muộn hơn hạn phúc tra. Có nguy cơ: quá hạn phúc tra, chỉ tiêu "
               "kém hơn giá trị ban đầu, chỉ tiêu không tiến triển khi chưa đạt mục tiêu, hoặc lần phúc tra gần "
               "nhất ghi suy giảm, ngừng hoạt động (tính đến ngày xem). Nhân rộng: mô hình đăng ký trong kỳ theo "
               "một mô hình đã được công nhận."),
    )  # fmt: skip


SECTIONS.register(Section("emulation", gettext_lazy("Phong trào thi đua “Dân vận khéo”"), 70, movement_section,
                          prompts=(gettext_lazy("Đánh giá phong trào thi đua “Dân vận khéo”"),)))  # fmt: skip
SECTIONS.register(
    Section("emulation_lasting", gettext_lazy("Duy trì, nhân rộng mô hình “Dân vận khéo”"), 71, sustainability_section)
)
