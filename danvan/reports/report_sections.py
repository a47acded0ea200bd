"""The reports app's own section: leadership documents issued and inspections or supervisions held."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.numbers import compare, fmt, sentence
from danvan.core.sections import SECTIONS, Chart, Column, Figure, Row, Section, SectionResult, Table

from .models import DocumentKind, Inspection, InspectionKind, LeadershipDocument


def _documents(ctx, span):
    rows = (
        LeadershipDocument.objects.for_user(ctx.user)
        .filter(unit__path__startswith=ctx.unit.path, issued_on__range=span)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def _inspections(ctx, span):
    rows = (
        Inspection.objects.for_user(ctx.user)
        .filter(unit__path__startswith=ctx.unit.path, started_on__range=span)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"), orgs=Sum("organisations"), people=Sum("people"))
    )
    return {kind: (n, orgs or 0, people or 0) for kind, n, orgs, people in rows}


def leadership_section(ctx):
    docs, docs_prev = _documents(ctx, ctx.span), _documents(ctx, ctx.previous_span)
    insp, insp_prev = _inspections(ctx, ctx.span), _inspections(ctx, ctx.previous_span)
    a, b = ctx.span
    dates = {"tu": f"{a:%d/%m/%Y}", "den": f"{b:%d/%m/%Y}"}
    open_follow_ups = (
        Inspection.objects.for_user(ctx.user)
        .filter(unit__path__startswith=ctx.unit.path, follow_up_done_on__isnull=True)
        .exclude(follow_up="")
        .aggregate(n=Count("id"), late=Count("id", filter=Q(follow_up_due__lt=ctx.today)))
    )
    total_docs, total_prev = sum(docs.values()), sum(docs_prev.values())
    n_insp = sum(v[0] for v in insp.values())
    orgs = sum(v[1] for v in insp.values())
    figures = [
        Figure(_("Văn bản lãnh đạo, chỉ đạo"), total_docs, previous=total_prev, link=ctx.url("reports:documents", **dates)),
        Figure(_("Cuộc kiểm tra, giám sát"), n_insp, previous=sum(v[0] for v in insp_prev.values()),
               link=ctx.url("reports:inspections", **dates)),
        Figure(_("Tổ chức được kiểm tra, giám sát"), orgs, previous=sum(v[1] for v in insp_prev.values()),
               link=ctx.url("reports:inspections", **dates)),
        Figure(_("Kiến nghị chưa khắc phục xong"), open_follow_ups["n"],
               link=ctx.url("reports:inspections", mo="1"),
               note=_("%(n)s quá hạn") % {"n": fmt(open_follow_ups["late"])} if open_follow_ups["late"] else ""),
    ]  # fmt: skip
    doc_rows = [
        Row([kind.label, docs.get(kind.value, 0), docs_prev.get(kind.value, 0)],
            link=ctx.url("reports:documents", loai=kind.value, **dates))
        for kind in DocumentKind
        if docs.get(kind.value) or docs_prev.get(kind.value)
    ]  # fmt: skip
    insp_rows = [
        Row([kind.label, *insp.get(kind.value, (0, 0, 0)), insp_prev.get(kind.value, (0, 0, 0))[0]],
            link=ctx.url("reports:inspections", loai=kind.value, **dates))
        for kind in InspectionKind
    ]  # fmt: skip
    prev_label = _("Cùng kỳ %(y)d") % {"y": ctx.previous_year}
    tables = [
        Table("documents", _("Văn bản đã ban hành"), [Column(_("Loại văn bản")), Column(_("Số văn bản")), Column(prev_label)],
              doc_rows, total=[_("Tổng số"), total_docs, total_prev], chart=Chart("bar", (1, 2))),
        Table("inspections", _("Kiểm tra, giám sát"),
              [Column(_("Hình thức")), Column(_("Số cuộc")), Column(_("Số tổ chức")), Column(_("Số đảng viên, cá nhân")),
               Column(prev_label)],
              insp_rows,
              total=[_("Tổng số"), n_insp, orgs, sum(v[2] for v in insp.values()), sum(v[0] for v in insp_prev.values())]),
    ]  # fmt: skip
    parts = [f"{fmt(row.cells[1])} {str(row.cells[0]).lower()}" for row in doc_rows if row.cells[1]]
    sentences = [
        (_("Ban hành %(n)s văn bản lãnh đạo, chỉ đạo (%(list)s)%(cmp)s.")
         % {"n": fmt(total_docs), "list": "; ".join(parts),
            "cmp": (", " + compare(total_docs, total_prev, ctx.previous_year, _("văn bản"))) if total_prev else ""})
        if total_docs else _("Trong kỳ chưa ghi nhận văn bản lãnh đạo, chỉ đạo nào."),
    ]  # fmt: skip
    # A clause about nothing ("0 cuộc kiểm tra", "còn 0 kiến nghị") is left out, and so is a sentence with none.
    held = (
        (
            (
                _("Tiến hành %(n)s cuộc kiểm tra, giám sát đối với %(o)s tổ chức")
                if orgs
                else _("Tiến hành %(n)s cuộc kiểm tra, giám sát")
            )
            % {"n": fmt(n_insp), "o": fmt(orgs)}
        )
        if n_insp
        else ""
    )
    pending = (_("còn %(f)s kiến nghị chưa khắc phục xong") % {"f": fmt(open_follow_ups["n"])}
               if open_follow_ups["n"] else "")  # fmt: skip
    if held or pending:
        sentences.append(sentence("; ".join(part for part in (held, pending) if part)))
    return SectionResult(
        "leadership", _("Công tác lãnh đạo, chỉ đạo và kiểm tra, giám sát"), figures=figures, tables=tables,
        sentences=sentences,
        note=_("Văn bản tính theo ngày ban hành, cuộc kiểm tra, giám sát theo ngày bắt đầu, của đơn vị và các đơn vị trực thuộc."),
    )  # fmt: skip


SECTIONS.register(
    Section("leadership", gettext_lazy("Lãnh đạo, chỉ đạo, kiểm tra, giám sát"), 5, leadership_section,
            prompts=(gettext_lazy("Việc cụ thể thể hiện sự lãnh đạo, chỉ đạo"),))
)  # fmt: skip
