"""The cases module's dashboard panels and report sections: intake and resolution, and satisfaction.

Definitions (also written on the dashboard):
- received: cases whose receipt day falls in the period;
- resolved: cases answered or decided in the period; on time when that day is on or before the
  resolution due date (extensions and suspensions included);
- overdue now: open cases whose running step is past its due date today;
- ratings: citizens' own ratings given in the period, counted for the handling unit (ratings written down
  by staff are counted apart and not scored).
A village handles no case: its figures are those of the cases that happened there (and their ratings).
"""

from collections import defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import scoring
from danvan.core.numbers import compare, fmt, share
from danvan.core.sections import (
    PCT,
    SCORE,
    SECTIONS,
    TEXT,
    Chart,
    Column,
    Figure,
    Row,
    Section,
    SectionResult,
    Table,
)
from danvan.units.choices import UnitKind

from . import workflow
from .choices import CaseKind, RatingSource, Status
from .models import Case, CaseRating, Field
from .selectors import rating_counts

UNCLASSIFIED = gettext_lazy("Chưa phân loại")


def _d(day):
    return f"{day:%d/%m/%Y}"


def by_place(ctx):
    """A village handles no case (its commune does): its figures count the cases that happened there."""
    return ctx.unit.kind == UnitKind.VILLAGE


def scoped_cases(ctx):
    return ctx.scoped(Case.objects, path_field="place__path" if by_place(ctx) else None)


def case_counts(ctx):
    """The cases received or answered in the period and a year earlier, grouped, in six narrow queries.

    Each query reads one date range of a covering index (PostgreSQL answers it from the index
    alone). Returns ``(counts, months)``: ``{(branch, kind, field_id, status): {rec, rec_prev, many,
    ans, on_time, ans_prev, on_time_prev}}`` (last year's receipts under status None, answers under
    field and status None) and ``{first day of month: received}`` for both years.
    """
    counts = defaultdict(lambda: dict.fromkeys(COUNT_KEYS, 0))
    branch = Substr("unit__path", 1, ctx.branch_len)
    # "unit" (never empty) is counted, not the id: the covering index holds no id.
    received = (
        scoped_cases(ctx)
        .filter(received_on__range=ctx.span)
        .annotate(branch=branch)
        .order_by()
        .values_list("branch", "kind", "field_id", "status")
        .annotate(n=Count("unit"), many=Count("unit", filter=Q(signers__gt=1)))
    )
    for br, kind, field_id, status, n, n_many in received:
        bucket = counts[(br, kind, field_id, status)]
        bucket["rec"] += n
        bucket["many"] += n_many
    # A year earlier only the totals by unit, kind and field are compared (under status None).
    before = (
        scoped_cases(ctx)
        .filter(received_on__range=ctx.previous_span)
        .annotate(branch=branch)
        .order_by()
        .values_list("branch", "kind", "field_id")
        .annotate(n=Count("unit"))
    )
    for br, kind, field_id, n in before:
        counts[(br, kind, field_id, None)]["rec_prev"] += n
    # Per day (the index is in day order, so no hashing), summed into months here.
    months = defaultdict(int)
    for span in (ctx.span, ctx.previous_span):
        rows = (
            scoped_cases(ctx)
            .filter(received_on__range=span)
            .order_by()
            .values_list("received_on")
            .annotate(n=Count("unit"))
        )
        for day, n in rows:
            months[day.replace(day=1)] += n
    # Answers are grouped by unit (few rows, no join for the path) and put under their branch here.
    answered = []
    for span, ans, on_time in ((ctx.span, "ans", "on_time"), (ctx.previous_span, "ans_prev", "on_time_prev")):
        rows = (
            scoped_cases(ctx)
            .filter(answered_on__range=span)
            .order_by()
            .values_list("unit", "kind")
            .annotate(n=Count("unit"), ok=Count("unit", filter=Q(answered_on__lte=F("resolve_due"))))
        )
        answered.append((ans, on_time, list(rows)))
    unit_ids = {unit for _a, _o, rows in answered for unit, *_rest in rows}
    paths = dict(type(ctx.unit).objects.filter(pk__in=unit_ids).values_list("pk", "path")) if unit_ids else {}
    for ans, on_time, rows in answered:
        for unit, kind, n, ok in rows:
            bucket = counts[(paths[unit][: ctx.branch_len], kind, None, None)]
            bucket[ans] += n
            bucket[on_time] += ok
    return counts, months


COUNT_KEYS = ("rec", "rec_prev", "many", "ans", "on_time", "ans_prev", "on_time_prev")


def _sum_by(counts, index):
    out = defaultdict(lambda: defaultdict(int))
    for key, values in counts.items():
        bucket = out[key[index]] if index is not None else out[None]
        for name, n in values.items():
            bucket[name] += n
    return out


def overdue_now(ctx):
    return dict(
        scoped_cases(ctx)
        .filter(status__in=workflow.OPEN, due_on__lt=ctx.today)
        .annotate(branch=Substr("unit__path", 1, ctx.branch_len))
        .order_by()
        .values_list("branch")
        .annotate(n=Count("unit"))
    )


def _places_table(ctx, received):
    """A commune handles its villages' cases itself: count them by the village where they happened."""
    counts = dict(
        scoped_cases(ctx)
        .filter(received_on__range=ctx.span)
        .annotate(branch=Substr("place__path", 1, ctx.branch_len))
        .order_by()
        .values_list("branch")
        .annotate(n=Count("id"))
    )
    rows = [
        Row([_("%(u)s (chung toàn xã)") % {"u": unit.name} if unit == ctx.unit else unit.name, n or 0])
        for unit, n in ctx.branches(counts)
    ]
    return Table(
        "places", _("Theo thôn, tổ dân phố nơi xảy ra"), [Column(_("Nơi xảy ra")), Column(_("Tiếp nhận"))], rows,
        total=[_("Tổng số"), sum(counts.values())], chart=Chart("hbar", (1,)),
    )  # fmt: skip


def _list_url(ctx, unit=None, **params):
    return ctx.url("cases_staff:list", unit, **params)


def cases_section(ctx):
    counts, per_month = case_counts(ctx)
    late = overdue_now(ctx)
    total = _sum_by(counts, None)[None]
    a, b = ctx.span
    received = {"from": _d(a), "to": _d(b)}
    answered = {"tl_from": _d(a), "tl_to": _d(b)}
    prev_year = ctx.previous_year
    overdue_total = sum(late.values())
    on_time_rate = share(total["on_time"], total["ans"])
    on_time_prev = share(total["on_time_prev"], total["ans_prev"])
    figures = [
        Figure(_("Tiếp nhận"), total["rec"], previous=total["rec_prev"], link=_list_url(ctx, **received)),
        Figure(_("Đơn nhiều người đứng tên"), total["many"], link=_list_url(ctx, many=1, **received)),
        Figure(_("Đã giải quyết, trả lời"), total["ans"], previous=total["ans_prev"], link=_list_url(ctx, **answered)),
        Figure(_("Tỷ lệ giải quyết đúng hạn"), on_time_rate, PCT, previous=on_time_prev, better="up",
               link=_list_url(ctx, tl="tre", **answered), note=_("bấm để xem các vụ việc trễ hạn")),
        Figure(_("Hiện đang quá hạn"), overdue_total, link=_list_url(ctx, due="overdue"),
               note=_("đến ngày %(d)s") % {"d": _d(ctx.today)}),
    ]  # fmt: skip

    by_kind = _sum_by(counts, 1)
    kind_rows = []
    for kind in CaseKind:
        v = by_kind.get(kind.value, {})
        kind_rows.append(
            Row(
                [kind.label, v.get("rec", 0), v.get("rec_prev", 0), v.get("ans", 0), share(v.get("on_time", 0), v.get("ans", 0))],
                link=_list_url(ctx, kind=kind.value, **received),
            )
        )  # fmt: skip
    kind_table = Table(
        "kinds", _("Theo loại"),
        [Column(_("Loại")), Column(_("Tiếp nhận")), Column(_("Cùng kỳ %(y)d") % {"y": prev_year}),
         Column(_("Đã giải quyết")), Column(_("Đúng hạn (%)"), PCT)],
        kind_rows,
        total=[_("Tổng số"), total["rec"], total["rec_prev"], total["ans"], on_time_rate],
        chart=Chart("bar", (1, 2)),
    )  # fmt: skip

    by_field = _sum_by(counts, 2)
    fields = {f.pk: f for f in Field.objects.all()}
    field_rows = []
    for pk, v in sorted(
        by_field.items(), key=lambda kv: (-kv[1]["rec"], fields[kv[0]].order if kv[0] in fields else 999)
    ):
        if not v["rec"] and not v["rec_prev"]:
            continue
        f = fields.get(pk)
        field_rows.append(
            Row([f.name if f else UNCLASSIFIED, v["rec"], v["rec_prev"], v["rec"] - v["rec_prev"]],
                link=_list_url(ctx, field=f.code if f else "", **received) if f else "")
        )  # fmt: skip
    field_table = Table(
        "fields", _("Theo lĩnh vực"),
        [Column(_("Lĩnh vực")), Column(_("Tiếp nhận")), Column(_("Cùng kỳ %(y)d") % {"y": prev_year}),
         Column(_("Tăng, giảm"))],
        field_rows, total=[_("Tổng số"), total["rec"], total["rec_prev"], total["rec"] - total["rec_prev"]],
        chart=Chart("hbar", (1, 2)),
    )  # fmt: skip

    by_status = _sum_by(counts, 3)
    status_rows = [
        Row([s.label, by_status[s.value]["rec"]], link=_list_url(ctx, status=s.value, **received))
        for s in Status
        if by_status.get(s.value, {}).get("rec")
    ]
    status_table = Table(
        "statuses", _("Tình trạng các vụ việc tiếp nhận trong kỳ"),
        [Column(_("Tình trạng")), Column(_("Số vụ việc"))], status_rows, total=[_("Tổng số"), total["rec"]],
        chart=Chart("doughnut", (1,)),
    )  # fmt: skip

    by_branch = _sum_by(counts, 0)
    unit_rows = []
    for unit, v in ctx.branches(by_branch, keep=lambda u: u.is_active):
        v = v or {}
        rec, ans, on_t = v.get("rec", 0), v.get("ans", 0), v.get("on_time", 0)
        own = unit == ctx.unit
        unit_rows.append(
            Row(
                [_("%(u)s (trực tiếp)") % {"u": unit.name} if own else unit.name, rec, v.get("rec_prev", 0), ans,
                 share(on_t, ans), late.get(unit.path, 0)],
                link=_list_url(ctx, unit, **received) if not own else "",
                drill="" if own else ctx.dashboard_url(unit),
            )
        )  # fmt: skip
    tables = [kind_table, field_table, status_table]
    if ctx.unit.kind == UnitKind.COMMUNE:
        tables.append(_places_table(ctx, received))
    elif ctx.has_children:
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Tiếp nhận")), Column(_("Cùng kỳ %(y)d") % {"y": prev_year}),
                 Column(_("Đã giải quyết")), Column(_("Đúng hạn (%)"), PCT), Column(_("Đang quá hạn"))],
                unit_rows,
                total=[_("Tổng số"), total["rec"], total["rec_prev"], total["ans"], on_time_rate, overdue_total],
                chart=Chart("hbar", (1,)),
            )
        )  # fmt: skip
    months = ctx.period.months(ctx.today)
    tables.append(
        Table(
            "months", _("Tiếp nhận theo tháng"),
            [Column(_("Tháng"), TEXT), Column(str(a.year)), Column(str(prev_year))],
            [Row([f"{m:%m/%Y}", per_month.get(m, 0), per_month.get(m.replace(year=m.year - 1), 0)])
             for m in months],
            chart=Chart("line", (1, 2)),
        )
    )  # fmt: skip

    sentences = [
        (_("Tiếp nhận %(n)s vụ việc (%(detail)s)%(cmp)s.") if total["rec"] else _("Trong kỳ chưa tiếp nhận vụ việc nào%(cmp)s."))
        % {
            "n": fmt(total["rec"]),
            "detail": "; ".join(f"{row.cells[0].lower()} {fmt(row.cells[1])}" for row in kind_rows if row.cells[1]),
            "cmp": (", " + compare(total["rec"], total["rec_prev"], prev_year, _("vụ việc"))) if total["rec_prev"] else "",
        },
    ]  # fmt: skip
    # Nothing answered, nothing overdue: those sentences are left out rather than written with a 0.
    if total["ans"]:
        sentences.append(
            _("Đã giải quyết, trả lời %(n)s vụ việc; đúng hạn %(rate)s%(cmp)s.")
            % {
                "n": fmt(total["ans"]),
                "rate": fmt(on_time_rate, PCT),
                "cmp": (" (" + compare(on_time_rate, on_time_prev, prev_year, _("điểm phần trăm")) + ")")
                if on_time_rate is not None and on_time_prev is not None else "",
            }
        )  # fmt: skip
    if overdue_total:
        sentences.append(_("Hiện còn %(late)s vụ việc quá hạn.") % {"late": fmt(overdue_total)})
    named = [row for row in field_rows if row.link and "field=khac" not in row.link and row.cells[1]]
    if named:
        top = named[0]
        sentences.append(
            _("Lĩnh vực được phản ánh nhiều nhất là %(f)s với %(n)s vụ việc.")
            % {"f": top.cells[0].lower(), "n": fmt(top.cells[1])}
        )
    return SectionResult(
        "cases", _("Tiếp nhận và giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo"),
        figures=figures, tables=tables, sentences=sentences,
        note=_("Tiếp nhận: ngày tiếp nhận trong kỳ. Đã giải quyết: ngày trả lời, ra quyết định trong kỳ; đúng hạn khi "
               "không muộn hơn hạn giải quyết (đã tính gia hạn, tạm đình chỉ). Cùng kỳ: cùng các ngày năm trước."),
    )  # fmt: skip


# --- satisfaction ----------------------------------------------------------------------------

# A rating's overall mark is the mean of its three marks; satisfied means 4 or more (sum 12 or more).
BENCHMARK = 80


def scoped_ratings(ctx, source=RatingSource.CITIZEN):
    """The ratings in the user's scope, of one source: the citizens' own (the only ones scored) by default.

    A village's are those of the cases that happened there."""
    return ctx.scoped(CaseRating.objects, path_field="case__place__path" if by_place(ctx) else None).filter(
        source=source
    )


def satisfaction_section(ctx):
    branch = Substr("unit__path", 1, ctx.branch_len)
    cur = rating_counts(scoped_ratings(ctx), ctx.span, branch)
    prev = rating_counts(scoped_ratings(ctx), ctx.previous_span, branch)
    # Ratings written down by staff are counted and shown, never scored (see docs/modules/reports.md).
    staff = {g: v[0] for g, v in rating_counts(scoped_ratings(ctx, RatingSource.STAFF), ctx.span, branch).items()}
    staff_prev = sum(v[0] for v in rating_counts(scoped_ratings(ctx, RatingSource.STAFF), ctx.previous_span,
                                                 branch).values())  # fmt: skip

    def pool(found):
        n = sum(v[0] for v in found.values())
        if not n:
            return 0, None, 0
        return n, sum(v[0] * v[1] for v in found.values()) / n, sum(v[2] for v in found.values())

    n, mean, ok = pool(cur)
    pn, pmean, pok = pool(prev)
    a, b = ctx.span
    rated = {"dg_from": f"{a:%d/%m/%Y}", "dg_to": f"{b:%d/%m/%Y}"}
    staff_n = sum(staff.values())
    figures = [
        Figure(_("Lượt người dân tự đánh giá"), n, previous=pn, link=ctx.url("cases_staff:list", **rated)),
        Figure(_("Lượt cán bộ ghi lại (không tính điểm)"), staff_n, previous=staff_prev,
               link=ctx.url("cases_staff:list", dg_nguon=RatingSource.STAFF, **rated),
               note=_("người dân đánh giá tại buổi gặp, qua điện thoại…, cán bộ khác người xử lý ghi lại")),
        Figure(_("Điểm hài lòng trung bình (1–5)"), round(mean, 2) if mean else None, SCORE,
               previous=round(pmean, 2) if pmean else None, better="up"),
        Figure(_("Tỷ lệ hài lòng (4–5 điểm)"), share(ok, n), PCT, previous=share(pok, pn), target=BENCHMARK, better="up",
               note=_("mục tiêu %(t)d%%; bấm để xem các lượt chưa hài lòng") % {"t": BENCHMARK},
               link=ctx.url("cases_staff:list", hl="0", **rated)),
    ]  # fmt: skip
    rows = []
    for unit, v in ctx.branches(cur):
        if v is None:
            rows.append(
                Row([unit.name, 0, None, "—", None, None, staff.get(unit.path, 0)], drill=ctx.dashboard_url(unit))
            )
            continue
        un, umean, uok = v
        band = scoring.rating_band(umean, un)
        own = unit == ctx.unit
        rows.append(
            Row([_("%(u)s (trực tiếp)") % {"u": unit.name} if own else unit.name, un, round(umean, 2),
                 f"{fmt(band[0], SCORE)}–{fmt(band[1], SCORE)}", share(uok, un), scoring.satisfaction_score(umean, un),
                 staff.get(unit.path, 0)],
                drill="" if own else ctx.dashboard_url(unit), link="" if own else ctx.url("cases_staff:list", unit, **rated))
        )  # fmt: skip
    tables = []
    if ctx.has_children and ctx.unit.kind != UnitKind.COMMUNE:
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Lượt người dân tự đánh giá")), Column(_("Điểm trung bình"), SCORE),
                 Column(_("Khoảng tin cậy 95%"), TEXT), Column(_("Hài lòng (%)"), PCT), Column(_("Điểm xếp hạng"), SCORE),
                 Column(_("Lượt cán bộ ghi lại (không tính điểm)"))],
                rows,
                total=[_("Tổng số"), n, round(mean, 2) if mean else None, "", share(ok, n), scoring.satisfaction_score(mean, n),
                       staff_n],
                chart=Chart("hbar", (4,)),
            )
        )  # fmt: skip
    sentences = []
    if n:
        sentences.append(
            _("Người dân gửi %(n)s lượt đánh giá, điểm trung bình %(m)s/5; %(s)s hài lòng (mục tiêu %(t)d%%)%(cmp)s.")
            % {"n": fmt(n), "m": fmt(mean, SCORE), "s": fmt(share(ok, n), PCT), "t": BENCHMARK,
               "cmp": (", " + compare(share(ok, n), share(pok, pn), ctx.previous_year, _("điểm phần trăm"))) if pn else ""}
        )  # fmt: skip
    else:
        sentences.append(_("Trong kỳ chưa có lượt đánh giá nào của người dân."))
    if staff_n:
        sentences.append(
            _("Ngoài ra, cán bộ ghi lại %(n)s lượt đánh giá người dân nói trực tiếp (tại buổi gặp, qua điện thoại…); "
              "các lượt này không tính vào điểm hài lòng.") % {"n": fmt(staff_n)}
        )  # fmt: skip
    return SectionResult(
        "satisfaction", _("Sự hài lòng của người dân"), figures=figures, tables=tables, sentences=sentences,
        note=_("Mỗi lượt đánh giá là trung bình ba điểm (đúng hạn, thái độ, kết quả), từ 1 đến 5; hài lòng khi từ 4 "
               "điểm. Khoảng tin cậy 95% (Wilson) cho biết độ chắc chắn theo số lượt; điểm xếp hạng là cận dưới của "
               "khoảng, quy về thang 0–100. Chỉ tính các lượt người dân tự đánh giá trên trang tra cứu; lượt do cán bộ "
               "ghi lại được đếm riêng, không tính điểm."),
    )  # fmt: skip


SECTIONS.register(Section("cases", gettext_lazy("Tiếp nhận và giải quyết vụ việc"), 10, cases_section,
                          prompts=(gettext_lazy("Đánh giá chung, nguyên nhân"),)))  # fmt: skip
SECTIONS.register(Section("satisfaction", gettext_lazy("Sự hài lòng của người dân"), 20, satisfaction_section))
