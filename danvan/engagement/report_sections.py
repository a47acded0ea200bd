"""The reception and dialogue module's dashboard panels and report sections: citizens received (with the
statistics of Form 2a), leaders' reception days against their duty, dialogues, and commitments kept.

Definitions in ``figures`` (also written under each section). Every figure is of the unit and the units below
it, read through the user's scope (``Context.scoped``), and compared with the same period a year earlier.
"""

from collections import defaultdict

from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.cadres.choices import Title
from danvan.cases.choices import CaseKind
from danvan.cases.models import Field
from danvan.core.numbers import compare, fmt, share
from danvan.core.sections import PCT, SECTIONS, TEXT, Chart, Column, Figure, Row, Section, SectionResult, Table
from danvan.units.choices import UnitKind

from . import figures, form_2a
from .choices import Handling, Level, ReceptionKind
from .models import Commitment, Dialogue, Question, Reception, Schedule, Session

UNCLASSIFIED = gettext_lazy("Chưa phân loại")
SHOWN = 100  # leaders listed by name; beyond that the units' table carries the figures


def _prev(ctx):
    return _("Cùng kỳ %(y)d") % {"y": ctx.previous_year}


def _by_units(ctx):
    """A table of the units below is drawn for a province or the nation (a commune's receptions are its own)."""
    return ctx.has_children and ctx.unit.kind != UnitKind.COMMUNE


def _unit_label(ctx, unit):
    return _("%(u)s (trực tiếp)") % {"u": unit.name} if unit == ctx.unit else unit.name


def _register(ctx, unit=None, **params):
    return ctx.url("engagement:register", unit, year=ctx.end.year, **params)


def _cmp(value, previous, ctx, word):
    return (", " + compare(value, previous, ctx.previous_year, word)) if previous else ""


# --- receptions ---------------------------------------------------------------------------------------------


def _sum(rows, key="visits", **match):
    return sum(r[key] for r in rows if all(r[k] == v for k, v in match.items()))


def _sum_if(rows, test, key="visits"):
    return sum(r[key] for r in rows if test(r))


def _is_leaders(row):
    return row["kind"] in figures.LEADER_KINDS


def receptions_section(ctx):
    branch = Substr("unit__path", 1, ctx.branch_len)
    cur = figures.reception_counts(ctx.scoped(Reception.objects), ctx.span, branch)
    prev = figures.reception_counts(ctx.scoped(Reception.objects), ctx.previous_span, branch)
    prev_label = _prev(ctx)
    visits, visits_prev = _sum(cur), _sum(prev)
    people, people_prev = _sum(cur, "people"), _sum(prev, "people")
    many, many_prev = _sum(cur, "delegations"), _sum(prev, "delegations")
    new, new_prev = _sum(cur, is_repeat=False), _sum(prev, is_repeat=False)
    old, old_prev = _sum(cur, is_repeat=True), _sum(prev, is_repeat=True)
    leaders, leaders_prev = _sum_if(cur, _is_leaders), _sum_if(prev, _is_leaders)
    register = _register(ctx)
    figures_ = [
        Figure(_("Lượt tiếp công dân"), visits, previous=visits_prev, link=register),
        Figure(_("Số người được tiếp"), people, previous=people_prev, link=register),
        Figure(_("Đoàn đông người"), many, previous=many_prev, link=register,
               note=_("từ %(n)d người trở lên") % {"n": 5}),
        Figure(_("Vụ việc mới phát sinh"), new, previous=new_prev, link=register),
        Figure(_("Vụ việc cũ"), old, previous=old_prev, link=register),
        Figure(_("Lượt lãnh đạo trực tiếp tiếp"), leaders, previous=leaders_prev,
               link=_register(ctx, kind=ReceptionKind.LEADER_SCHEDULED)),
    ]  # fmt: skip

    kind_rows = []
    for kind in ReceptionKind:
        mine = [r for r in cur if r["kind"] == kind.value]
        kind_rows.append(
            Row([kind.label, _sum(mine), _sum(mine, "people"), _sum(mine, "delegations"), _sum(mine, is_repeat=True),
                 _sum(mine, is_repeat=False), _sum(prev, kind=kind.value)],
                link=_register(ctx, kind=kind.value))
        )  # fmt: skip
    kinds = Table(
        "kinds", _("Tiếp thường xuyên và lãnh đạo tiếp"),
        [Column(_("Hình thức tiếp")), Column(_("Lượt")), Column(_("Người")), Column(_("Đoàn đông người")),
         Column(_("Vụ việc cũ")), Column(_("Vụ việc mới")), Column(prev_label)],
        kind_rows, total=[_("Tổng số"), visits, people, many, old, new, visits_prev], chart=Chart("bar", (1, 6)),
    )  # fmt: skip
    case_kinds = Table(
        "case_kinds", _("Theo loại đơn"), [Column(_("Loại đơn")), Column(_("Lượt")), Column(prev_label)],
        [Row([kind.label, _sum(cur, case_kind=kind.value), _sum(prev, case_kind=kind.value)],
             link=_register(ctx, case_kind=kind.value)) for kind in CaseKind],
        total=[_("Tổng số"), visits, visits_prev], chart=Chart("bar", (1, 2)),
    )  # fmt: skip
    ids = {r["field"] for r in cur + prev}
    fields = {f.pk: f for f in Field.objects.filter(pk__in=ids - {None})} if ids else {}
    field_rows = []
    for pk in sorted(ids, key=lambda pk: (-_sum(cur, field=pk), fields[pk].order if pk in fields else 999)):
        f = fields.get(pk)
        field_rows.append(Row([f.name if f else UNCLASSIFIED, _sum(cur, field=pk), _sum(prev, field=pk)]))
    by_field = Table(
        "fields", _("Theo lĩnh vực"), [Column(_("Lĩnh vực")), Column(_("Lượt")), Column(prev_label)], field_rows,
        total=[_("Tổng số"), visits, visits_prev], chart=Chart("hbar", (1, 2)),
    )  # fmt: skip
    handling = Table(
        "handling", _("Theo hướng xử lý"), [Column(_("Hướng xử lý")), Column(_("Lượt")), Column(prev_label)],
        [Row([h.label, _sum(cur, handling=h.value), _sum(prev, handling=h.value)]) for h in Handling],
        total=[_("Tổng số"), visits, visits_prev], chart=Chart("doughnut", (1,)),
    )  # fmt: skip
    codes = form_2a.columns()
    code_of = {f.pk: f.code for f in fields.values()}
    wanted = [code for code, _h in codes]
    now, before = form_2a.measures(cur, code_of, wanted), form_2a.measures(prev, code_of, wanted)
    form = Table(
        "form_2a", _("Kết quả tiếp công dân (theo biểu mẫu 2a)"),
        [Column(_("Chỉ tiêu"), TEXT), Column(_("Kỳ này")), Column(prev_label)],
        [Row([str(heading), now[code], before[code]]) for code, heading in codes],
        note=_("Mỗi lượt tiếp là một vụ việc: vụ việc cũ khi đã tiếp về cùng việc trước đó. Đoàn đông người: từ 5 "
               "người trở lên."),
    )  # fmt: skip
    tables = [kinds, case_kinds, by_field, handling]
    if _by_units(ctx):
        counts = defaultdict(lambda: defaultdict(int))
        for rows, suffix in ((cur, ""), (prev, "_prev")):
            for r in rows:
                bucket = counts[r["branch"]]
                for key in ("visits", "people", "delegations"):
                    bucket[key + suffix] += r[key]
        unit_rows = []
        for unit, v in ctx.branches(counts):
            v = v or {}
            own = unit == ctx.unit
            unit_rows.append(
                Row([_unit_label(ctx, unit), v.get("visits", 0), v.get("people", 0), v.get("delegations", 0),
                     v.get("visits_prev", 0)],
                    link="" if own else _register(ctx, unit), drill="" if own else ctx.dashboard_url(unit))
            )  # fmt: skip
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Lượt")), Column(_("Người")), Column(_("Đoàn đông người")),
                 Column(prev_label)],
                unit_rows, total=[_("Tổng số"), visits, people, many, visits_prev], chart=Chart("hbar", (1,)),
            )
        )  # fmt: skip
    tables.append(form)
    if visits:
        sentences = [
            _("Tiếp %(n)s lượt công dân với %(p)s người%(cmp)s; %(new)s vụ việc mới phát sinh, %(old)s vụ việc cũ.")
            % {"n": fmt(visits), "p": fmt(people), "cmp": _cmp(visits, visits_prev, ctx, _("lượt")),
               "new": fmt(new), "old": fmt(old)}
        ]  # fmt: skip
        if many:
            sentences.append(
                _("Có %(n)s đoàn đông người với %(p)s người.")
                % {"n": fmt(many), "p": fmt(_sum(cur, "delegation_people"))}
            )
        if leaders:
            sentences.append(_("Lãnh đạo trực tiếp tiếp %(n)s lượt.") % {"n": fmt(leaders)})
    else:
        sentences = [
            _("Trong kỳ chưa ghi lượt tiếp công dân nào%(cmp)s.") % {"cmp": _cmp(0, visits_prev, ctx, _("lượt"))}
        ]
    return SectionResult(
        "receptions", _("Tiếp công dân"), figures=figures_, tables=tables, sentences=sentences,
        note=_("Lượt tiếp tính theo ngày tiếp trong kỳ, tại đơn vị và các đơn vị trực thuộc. Đoàn đông người: từ 5 "
               "người trở lên cùng một nội dung. Vụ việc cũ: đã tiếp về cùng việc trước đó."),
    )  # fmt: skip


# --- leaders' reception days --------------------------------------------------------------------------------


def _duties(ctx, span, rules):
    found = figures.leader_duties(ctx.scoped(Session.objects), ctx.scoped(Schedule.objects), span, rules)
    return [d for d in found if d.required or d.held or d.delegated or d.missed]


def duty_section(ctx):
    rules = figures.duty_rules()
    cur, prev = _duties(ctx, ctx.span, rules), _duties(ctx, ctx.previous_span, rules)
    bound = [d for d in cur if d.required]
    behind = [d for d in bound if d.behind]
    behind_prev = sum(1 for d in prev if d.required and d.behind)

    def total(rows, key):
        return sum(getattr(d, key) for d in rows)

    figures_ = [
        Figure(_("Lãnh đạo có trách nhiệm tiếp công dân"), len(bound), previous=sum(1 for d in prev if d.required)),
        Figure(_("Lãnh đạo chưa tiếp đủ số ngày"), len(behind), previous=behind_prev, better="down"),
        Figure(_("Ngày lãnh đạo đã tiếp"), total(cur, "held"), previous=total(prev, "held"), better="up"),
        Figure(_("Ngày ủy quyền cấp phó tiếp"), total(cur, "delegated"), previous=total(prev, "delegated")),
        Figure(_("Ngày không tiếp"), total(cur, "missed"), previous=total(prev, "missed"), better="down"),
    ]  # fmt: skip
    listed = sorted(cur, key=lambda d: (not d.behind, d.unit_path, d.name))[:SHOWN]
    units = {u.pk: u for u in ctx.children}
    leader_rows = []
    for d in listed:
        unit = units.get(d.unit_id)
        leader_rows.append(
            Row([d.name, d.unit_name, Title(d.title).label if d.title in Title.values else d.title, d.required, d.held,
                 d.delegated, d.missed, _("Chưa đủ") if d.behind else (_("Đủ") if d.required else "—")],
                drill=ctx.dashboard_url(unit) if unit is not None else "")
        )  # fmt: skip
    tables = [
        Table(
            "leaders", _("Lãnh đạo tiếp công dân theo lịch"),
            [Column(_("Lãnh đạo")), Column(_("Đơn vị"), TEXT), Column(_("Chức danh"), TEXT), Column(_("Số ngày phải tiếp")),
             Column(_("Đã tiếp")), Column(_("Ủy quyền")), Column(_("Không tiếp")), Column(_("Đánh giá"), TEXT)],
            leader_rows,
            total=[_("Tổng số"), "", "", total(cur, "required"), total(cur, "held"), total(cur, "delegated"),
                   total(cur, "missed"), _("%(n)s chưa đủ") % {"n": fmt(len(behind))}],
            note=_("%(n)s lãnh đạo đầu tiên, người chưa tiếp đủ trước.") % {"n": SHOWN} if len(cur) > SHOWN else "",
        )
    ]  # fmt: skip
    if _by_units(ctx):
        counts = defaultdict(lambda: defaultdict(int))
        for d in cur:
            bucket = counts[d.unit_path[: ctx.branch_len]]
            bucket["leaders"] += 1 if d.required else 0
            bucket["behind"] += 1 if d.required and d.behind else 0
            for key in ("held", "delegated", "missed"):
                bucket[key] += getattr(d, key)
        rows = [
            Row([_unit_label(ctx, unit), *((v or {}).get(k, 0) for k in ("leaders", "behind", "held", "delegated",
                                                                        "missed"))],
                drill="" if unit == ctx.unit else ctx.dashboard_url(unit))
            for unit, v in ctx.branches(counts)
        ]  # fmt: skip
        tables.insert(
            0,
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Lãnh đạo")), Column(_("Chưa tiếp đủ")), Column(_("Đã tiếp")),
                 Column(_("Ủy quyền")), Column(_("Không tiếp"))],
                rows,
                total=[_("Tổng số"), len(bound), len(behind), total(cur, "held"), total(cur, "delegated"),
                       total(cur, "missed")],
                chart=Chart("hbar", (2,)),
            ),
        )  # fmt: skip
    sentences = []
    if bound:
        sentences.append(
            _("Lãnh đạo đã tiếp công dân %(h)s ngày theo lịch%(cmp)s; %(ok)s/%(n)s lãnh đạo tiếp đủ số ngày quy định.")
            % {"h": fmt(total(cur, "held")), "cmp": _cmp(total(cur, "held"), total(prev, "held"), ctx, _("ngày")),
               "ok": fmt(len(bound) - len(behind)), "n": fmt(len(bound))}
        )  # fmt: skip
        if behind:
            sentences.append(
                _("Còn %(n)s lãnh đạo chưa tiếp đủ: %(names)s.")
                % {"n": fmt(len(behind)), "names": "; ".join(f"{d.name} ({d.counted}/{d.required} ngày)"
                                                             for d in behind[:10])}
            )  # fmt: skip
    return SectionResult(
        "reception_duty", _("Lãnh đạo tiếp công dân định kỳ"), figures=figures_, tables=tables, sentences=sentences,
        note=_("Số ngày phải tiếp theo quy định về lịch tiếp công dân của chức danh ở cấp đơn vị, cho các tháng của "
               "kỳ: quy định theo tuần tính cho mỗi tuần (tuần thuộc tháng có ngày thứ Hai của tuần; tháng đang "
               "diễn ra chỉ tính các tuần đã qua thứ Sáu), quy định theo tháng tính khi tháng đã kết thúc. Ngày ủy "
               "quyền cấp phó chỉ được tính khi quy định lúc đó cho phép (không được ủy quyền từ 01/7/2026)."),
    )  # fmt: skip


# --- dialogues ----------------------------------------------------------------------------------------------


def dialogues_section(ctx):
    cur = figures.dialogue_counts(ctx.scoped(Dialogue.objects), ctx.scoped(Question.objects), ctx.span,
                                  ctx.branch_len)  # fmt: skip
    prev = figures.dialogue_counts(ctx.scoped(Dialogue.objects), ctx.scoped(Question.objects), ctx.previous_span,
                                   ctx.branch_len)  # fmt: skip

    def total(found, key, level=None):
        return sum(v[key] for (_br, lv), v in found.items() if level is None or lv == level)

    n, n_prev = total(cur, "dialogues"), total(prev, "dialogues")
    people, people_prev = total(cur, "participants"), total(prev, "participants")
    asked, asked_prev = total(cur, "questions"), total(prev, "questions")
    figures_ = [
        Figure(_("Buổi đối thoại"), n, previous=n_prev),
        Figure(_("Lượt người tham dự"), people, previous=people_prev),
        Figure(_("Ý kiến nêu tại đối thoại"), asked, previous=asked_prev),
    ]
    prev_label = _prev(ctx)
    tables = [
        Table(
            "levels", _("Đối thoại theo cấp"),
            [Column(_("Cấp")), Column(_("Số buổi")), Column(_("Người tham dự")), Column(_("Ý kiến")),
             Column(prev_label)],
            [Row([level.label, total(cur, "dialogues", level.value), total(cur, "participants", level.value),
                  total(cur, "questions", level.value), total(prev, "dialogues", level.value)]) for level in Level],
            total=[_("Tổng số"), n, people, asked, n_prev], chart=Chart("bar", (1, 4)),
        )
    ]  # fmt: skip
    if _by_units(ctx):
        counts = defaultdict(lambda: defaultdict(int))
        for (br, _lv), v in cur.items():
            for key, value in v.items():
                counts[br][key] += value
        for (br, _lv), v in prev.items():
            counts[br]["prev"] += v["dialogues"]
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Số buổi")), Column(_("Người tham dự")), Column(_("Ý kiến")),
                 Column(prev_label)],
                [Row([_unit_label(ctx, unit), *((v or {}).get(k, 0) for k in ("dialogues", "participants", "questions",
                                                                             "prev"))],
                     drill="" if unit == ctx.unit else ctx.dashboard_url(unit))
                 for unit, v in ctx.branches(counts)],
                total=[_("Tổng số"), n, people, asked, n_prev], chart=Chart("hbar", (1,)),
            )
        )  # fmt: skip
    if n:
        sentences = [
            _("Tổ chức %(n)s buổi đối thoại với %(p)s lượt người tham dự, tiếp nhận %(q)s ý kiến%(cmp)s.")
            % {"n": fmt(n), "p": fmt(people), "q": fmt(asked), "cmp": _cmp(n, n_prev, ctx, _("buổi"))}
        ]
    else:
        sentences = [_("Trong kỳ chưa tổ chức buổi đối thoại nào%(cmp)s.") % {"cmp": _cmp(0, n_prev, ctx, _("buổi"))}]
    return SectionResult(
        "dialogues", _("Người đứng đầu đối thoại với Nhân dân"), figures=figures_, tables=tables, sentences=sentences,
        note=_("Buổi đối thoại tính theo ngày tổ chức; người tham dự là tổng số người theo các thành phần đã ghi."),
    )  # fmt: skip


# --- commitments --------------------------------------------------------------------------------------------

KEYS = ("made", "kept", "kept_on_time", "due", "due_on_time")


def commitments_section(ctx):
    branch = Substr("unit__path", 1, ctx.branch_len)
    cur = figures.commitment_counts(ctx.scoped(Commitment.objects), ctx.span, branch)
    prev = figures.commitment_counts(ctx.scoped(Commitment.objects), ctx.previous_span, branch)
    late = figures.overdue_commitments(ctx.scoped(Commitment.objects), ctx.today, branch)

    def total(found, key):
        return sum(v[key] for v in found.values())

    t = {k: total(cur, k) for k in KEYS}
    p = {k: total(prev, k) for k in KEYS}
    overdue = sum(late.values())
    rate, rate_prev = share(t["due_on_time"], t["due"]), share(p["due_on_time"], p["due"])
    figures_ = [
        Figure(_("Cam kết mới"), t["made"], previous=p["made"]),
        Figure(_("Cam kết đã thực hiện"), t["kept"], previous=p["kept"], better="up"),
        Figure(_("Thực hiện đúng hạn"), t["kept_on_time"], previous=p["kept_on_time"], better="up"),
        Figure(_("Hiện đang quá hạn"), overdue, better="down", note=_("đến ngày %(d)s") % {"d": f"{ctx.today:%d/%m/%Y}"}),
        Figure(_("Tỷ lệ cam kết thực hiện đúng hạn"), rate, PCT, previous=rate_prev, better="up",
               note=_("%(ok)s/%(n)s cam kết đến hạn trong kỳ") % {"ok": fmt(t["due_on_time"]), "n": fmt(t["due"])}),
    ]  # fmt: skip
    prev_label = _prev(ctx)
    tables = [
        Table(
            "summary", _("Theo dõi thực hiện cam kết"), [Column(_("Chỉ tiêu")), Column(_("Kỳ này")), Column(prev_label)],
            [Row([_("Cam kết mới"), t["made"], p["made"]]), Row([_("Đã thực hiện"), t["kept"], p["kept"]]),
             Row([_("Trong đó đúng hạn"), t["kept_on_time"], p["kept_on_time"]]),
             Row([_("Đến hạn trong kỳ"), t["due"], p["due"]]),
             Row([_("Đến hạn và thực hiện đúng hạn"), t["due_on_time"], p["due_on_time"]])],
        )
    ]  # fmt: skip
    if _by_units(ctx):
        merged = {br: dict(v) for br, v in cur.items()}
        for br, n in late.items():
            merged.setdefault(br, dict.fromkeys(KEYS, 0))["late"] = n
        rows = []
        for unit, v in ctx.branches(merged):
            v = v or {}
            rows.append(
                Row([_unit_label(ctx, unit), v.get("made", 0), v.get("kept", 0), v.get("kept_on_time", 0),
                     v.get("late", 0), share(v.get("due_on_time", 0), v.get("due", 0))],
                    drill="" if unit == ctx.unit else ctx.dashboard_url(unit))
            )  # fmt: skip
        tables.append(
            Table(
                "units", _("Theo đơn vị trực thuộc"),
                [Column(_("Đơn vị")), Column(_("Cam kết mới")), Column(_("Đã thực hiện")), Column(_("Đúng hạn")),
                 Column(_("Đang quá hạn")), Column(_("Tỷ lệ đúng hạn (%)"), PCT)],
                rows, total=[_("Tổng số"), t["made"], t["kept"], t["kept_on_time"], overdue, rate],
                chart=Chart("hbar", (5,)),
            )
        )  # fmt: skip
    sentences = []
    if t["made"] or t["kept"] or t["due"]:
        sentences.append(
            _("Có %(m)s cam kết mới với người dân; %(k)s cam kết đã thực hiện, trong đó %(ok)s đúng hạn.")
            % {"m": fmt(t["made"]), "k": fmt(t["kept"]), "ok": fmt(t["kept_on_time"])}
        )
    if t["due"]:
        sentences.append(
            _("Tỷ lệ cam kết đến hạn được thực hiện đúng hạn đạt %(r)s%(cmp)s.")
            % {"r": fmt(rate, PCT), "cmp": (" (" + compare(rate, rate_prev, ctx.previous_year, _("điểm phần trăm")) + ")")
               if rate_prev is not None else ""}
        )  # fmt: skip
    if overdue:
        sentences.append(_("Hiện còn %(n)s cam kết quá hạn chưa thực hiện.") % {"n": fmt(overdue)})
    return SectionResult(
        "commitments", _("Thực hiện cam kết với người dân"), figures=figures_, tables=tables, sentences=sentences,
        note=_("Tính các cam kết lớn (cam kết con là một phần của cam kết lớn). Cam kết mới theo ngày hứa, đã thực "
               "hiện theo ngày hoàn thành; đúng hạn khi hoàn thành không muộn hơn hạn. Tỷ lệ đúng hạn: số cam kết "
               "đến hạn trong kỳ đã thực hiện đúng hạn trên số cam kết đến hạn trong kỳ."),
    )  # fmt: skip


SECTIONS.register(Section("receptions", gettext_lazy("Tiếp công dân"), 60, receptions_section,
                          prompts=(gettext_lazy("Đánh giá công tác tiếp công dân"),)))  # fmt: skip
SECTIONS.register(Section("reception_duty", gettext_lazy("Lãnh đạo tiếp công dân định kỳ"), 61, duty_section))
SECTIONS.register(Section("dialogues", gettext_lazy("Đối thoại với Nhân dân"), 62, dialogues_section))
SECTIONS.register(Section("commitments", gettext_lazy("Thực hiện cam kết với người dân"), 63, commitments_section))
