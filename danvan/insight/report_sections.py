"""The insight module's dashboard panel and report section: early warnings raised in the period."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.numbers import fmt
from danvan.core.sections import SCORE, SECTIONS, TEXT, Chart, Column, Figure, Row, Section, SectionResult, Table

from .models import EarlyWarning

SHOWN = 15


def warnings_section(ctx):
    warnings = EarlyWarning.objects.for_user(ctx.user).filter(
        unit__path__startswith=ctx.unit.path, window_end__range=ctx.span
    )
    previous = (
        EarlyWarning.objects.for_user(ctx.user)
        .filter(unit__path__startswith=ctx.unit.path, window_end__range=ctx.previous_span)
        .count()
    )
    n = warnings.count()
    by_field = list(
        warnings.order_by().values_list("field__name").annotate(k=Count("id")).order_by("-k", "field__name")
    )
    latest = list(warnings.select_related("unit", "field").order_by("-window_end", "p_value")[:SHOWN])
    figures = [Figure(_("Cảnh báo sớm"), n, previous=previous, link=ctx.url("insight:warnings"))]
    tables = [
        Table(
            "fields", _("Cảnh báo theo lĩnh vực"), [Column(_("Lĩnh vực")), Column(_("Số cảnh báo"))],
            [Row([name, k]) for name, k in by_field], total=[_("Tổng số"), n], chart=Chart("hbar", (1,)),
        ),
        Table(
            "latest", _("Các cảnh báo gần nhất"),
            [Column(_("Đến ngày"), TEXT), Column(_("Đơn vị")), Column(_("Lĩnh vực")), Column(_("Số vụ việc 7 ngày")),
             Column(_("Bình thường"), SCORE)],
            [Row([f"{w.window_end:%d/%m/%Y}", w.unit.name, w.field.name, w.count, round(w.expected, 1)],
                 link=ctx.url("cases_staff:list", w.unit, field=w.field.code, **{
                     "from": f"{w.window_start:%d/%m/%Y}", "to": f"{w.window_end:%d/%m/%Y}"}))
             for w in latest],
            note=_("%(n)s cảnh báo gần nhất.") % {"n": SHOWN} if n > SHOWN else "",
        ),
    ]  # fmt: skip
    if n:
        sentences = [
            _("Hệ thống phát hiện %(n)s lần số vụ việc tăng bất thường, nhiều nhất ở lĩnh vực %(f)s (%(k)s lần).")
            % {"n": fmt(n), "f": str(by_field[0][0]).lower(), "k": fmt(by_field[0][1])}
        ]
    else:
        sentences = [_("Trong kỳ không có cảnh báo sớm về số vụ việc tăng bất thường.")]
    return SectionResult(
        "warnings", _("Cảnh báo sớm, nắm bắt tình hình dư luận"), figures=figures, tables=tables, sentences=sentences,
        note=_("Cảnh báo khi số vụ việc 7 ngày của một đơn vị, lĩnh vực cao bất thường so với 12 tuần trước đó."),
    )  # fmt: skip


SECTIONS.register(Section("warnings", gettext_lazy("Cảnh báo sớm"), 50, warnings_section))
