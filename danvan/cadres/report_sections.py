"""The cadre module's dashboard panels and report sections: training, team completeness, field days."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.numbers import compare, fmt
from danvan.core.sections import PCT, SECTIONS, Chart, Column, Figure, Row, Section, SectionResult, Table

from . import selectors
from .models import Attendance, Course, FieldDay


def _courses(ctx, span):
    courses = ctx.scoped(Course.objects).filter(start__range=span)
    found = courses.aggregate(n=Count("id"), hours=Sum("hours"))
    # Attendances of the unit's cadres on the unit's courses: the same for everyone who may see the unit.
    found["people"] = ctx.scoped(Attendance.objects).filter(course__in=courses.values("pk")).count()
    return found


def training_section(ctx):
    year = ctx.end.year
    coverage = selectors.training_coverage(ctx.unit, year, ctx.end)
    cur, prev = _courses(ctx, ctx.span), _courses(ctx, ctx.previous_span)
    findings = selectors.findings_counts(ctx.unit, ctx.end)
    total = coverage["total"]
    cover_url = ctx.url("cadres:coverage", year=year)
    figures = [
        Figure(_("Lớp tập huấn, bồi dưỡng"), cur["n"], previous=prev["n"],
               link=ctx.url("cadres:courses", year=year)),
        Figure(_("Lượt cán bộ tham gia"), cur["people"], previous=prev["people"], link=ctx.url("cadres:courses", year=year)),
        Figure(_("Cán bộ được bồi dưỡng trong năm %(y)d") % {"y": year}, total["share"], PCT,
               link=cover_url, note=_("%(t)s/%(c)s cán bộ") % {"t": fmt(total["trained"]), "c": fmt(total["cadres"])}),
        Figure(_("Thiếu sót về khối, tổ dân vận"), sum(f["count"] for f in findings),
               link=ctx.url("cadres:teams")),
    ]  # fmt: skip
    rows = [
        Row([_("%(u)s (trực tiếp)") % {"u": r["unit"].name} if r["own_staff"] else r["unit"].name, r["cadres"],
             r["trained"], r["share"]],
            link=ctx.url("cadres:coverage", r["unit"], year=year),
            drill="" if r["own_staff"] else ctx.dashboard_url(r["unit"]))
        for r in coverage["rows"]
    ]  # fmt: skip
    tables = [
        Table(
            "findings", _("Thiếu sót về khối, tổ dân vận (đến %(d)s)") % {"d": f"{ctx.end:%d/%m/%Y}"},
            [Column(_("Loại thiếu sót")), Column(_("Số trường hợp"))],
            [Row([f["label"], f["count"]], link=ctx.url("cadres:teams")) for f in findings],
            total=[_("Tổng số"), sum(f["count"] for f in findings)],
        )
    ]  # fmt: skip
    if ctx.has_children:
        tables.insert(
            0,
            Table(
                "coverage", _("Tỷ lệ cán bộ được bồi dưỡng năm %(y)d") % {"y": year},
                [Column(_("Đơn vị")), Column(_("Cán bộ")), Column(_("Đã bồi dưỡng")), Column(_("Tỷ lệ (%)"), PCT)],
                rows, total=[_("Tổng số"), total["cadres"], total["trained"], total["share"]],
                chart=Chart("hbar", (3,)),
            ),
        )  # fmt: skip
    # A sentence about nothing (no course, no cadre) is left out, as is a clause about no one.
    sentences = []
    if cur["n"]:
        held = (_("Tổ chức %(n)s lớp tập huấn, bồi dưỡng với %(p)s lượt cán bộ tham gia%(cmp)s.") if cur["people"]
                else _("Tổ chức %(n)s lớp tập huấn, bồi dưỡng%(cmp)s."))  # fmt: skip
        sentences.append(
            held % {"n": fmt(cur["n"]), "p": fmt(cur["people"]),
                    "cmp": (" (" + compare(cur["n"], prev["n"], ctx.previous_year, _("lớp")) + ")") if prev["n"] else ""}
        )  # fmt: skip
    if total["cadres"]:
        sentences.append(
            _("Năm %(y)d có %(t)s/%(c)s cán bộ được bồi dưỡng (%(s)s).")
            % {"y": year, "t": fmt(total["trained"]), "c": fmt(total["cadres"]), "s": fmt(total["share"], PCT)}
        )
    missing = [f for f in findings if f["count"]]
    if missing:
        sentences.append(
            _("Còn %(list)s cần kiện toàn.")
            % {"list": "; ".join(f"{fmt(f['count'])} trường hợp {str(f['label']).lower()}" for f in missing)}
        )
    return SectionResult(
        "training", _("Xây dựng đội ngũ, tập huấn, bồi dưỡng cán bộ"), figures=figures, tables=tables,
        sentences=sentences,
        note=_("Được bồi dưỡng: cán bộ đang công tác có ít nhất một lớp kết thúc trong năm với kết quả đạt."),
    )  # fmt: skip


compliance_month = selectors.compliance_month  # the old name, for the sections below


def _field_days(ctx, span):
    return ctx.scoped(FieldDay.objects).filter(date__range=span).aggregate(
        n=Count("id"), people=Sum("people_met")
    )  # fmt: skip


def field_days_section(ctx):
    year, month = compliance_month(ctx)
    compliance = selectors.field_day_compliance(ctx.unit, year, month)
    cur, prev = _field_days(ctx, ctx.span), _field_days(ctx, ctx.previous_span)
    month_url = ctx.url("cadres:field_days", year=year, month=month)
    figures = [
        Figure(_("Ngày công tác cơ sở đã ghi"), cur["n"], previous=prev["n"], link=month_url),
        Figure(_("Lượt người dân được gặp"), cur["people"] or 0, previous=prev["people"] or 0, link=month_url),
        Figure(_("Cán bộ đạt 1 ngày cơ sở/5 ngày làm việc (tháng %(m)02d/%(y)d)") % {"m": month, "y": year},
               compliance["share"], PCT, link=month_url,
               note=_("%(ok)s/%(c)s cán bộ") % {"ok": fmt(compliance["compliant"]), "c": fmt(compliance["cadres"])}),
    ]  # fmt: skip
    tables = []
    if ctx.has_children:
        rows = [
            Row([s["unit"].name if s["unit"] != ctx.unit else _("%(u)s (trực tiếp)") % {"u": ctx.unit.name},
                 s["cadres"], s["compliant"], s["share"], s["days"]],
                link=ctx.url("cadres:field_days", s["unit"], year=year, month=month),
                drill="" if s["unit"] == ctx.unit else ctx.dashboard_url(s["unit"]))
            for s in compliance["summary"]
        ]  # fmt: skip
        tables.append(
            Table(
                "compliance", _("Thực hiện ngày công tác cơ sở tháng %(m)02d/%(y)d") % {"m": month, "y": year},
                [Column(_("Đơn vị")), Column(_("Cán bộ phải thực hiện")), Column(_("Đạt")), Column(_("Tỷ lệ đạt (%)"), PCT),
                 Column(_("Ngày ở cơ sở"))],
                rows,
                total=[_("Tổng số"), compliance["cadres"], compliance["compliant"], compliance["share"],
                       sum(s["days"] for s in compliance["summary"])],
                chart=Chart("hbar", (3,)),
            )
        )  # fmt: skip
    sentences = []
    if cur["n"]:
        logged = (_("Cán bộ ghi %(n)s ngày công tác ở cơ sở, gặp %(p)s lượt người dân%(cmp)s.") if cur["people"]
                  else _("Cán bộ ghi %(n)s ngày công tác ở cơ sở%(cmp)s."))  # fmt: skip
        sentences.append(
            logged % {"n": fmt(cur["n"]), "p": fmt(cur["people"] or 0),
                      "cmp": (", " + compare(cur["n"], prev["n"], ctx.previous_year, _("ngày"))) if prev["n"] else ""}
        )  # fmt: skip
    if compliance["cadres"]:
        sentences.append(
            _("Tháng %(m)02d/%(y)d có %(ok)s/%(c)s cán bộ (%(s)s) thực hiện đủ ngày ở cơ sở theo quy định.")
            % {"m": month, "y": year, "ok": fmt(compliance["compliant"]), "c": fmt(compliance["cadres"]),
               "s": fmt(compliance["share"], PCT)}
        )  # fmt: skip
    return SectionResult(
        "field_days", _("Cán bộ đi cơ sở, nắm tình hình nhân dân"), figures=figures, tables=tables,
        sentences=sentences,
        note=_("Cán bộ xã, tỉnh (không tính thành viên tổ ở thôn) phải có số ngày ở cơ sở trong tháng bằng số ngày "
               "làm việc chia cho tỷ lệ quy định (mặc định 5)."),
    )  # fmt: skip


SECTIONS.register(Section("training", gettext_lazy("Xây dựng đội ngũ, tập huấn, bồi dưỡng"), 30, training_section))
SECTIONS.register(Section("field_days", gettext_lazy("Cán bộ đi cơ sở"), 40, field_days_section))
