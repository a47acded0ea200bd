"""The Excel downloads of the cadre pages (``?format=xlsx``), written with ``core.exports``.

Each function takes what its page already read (scoped by the page) and returns the download; nothing
here reads beyond the rows it is given, except the members of the teams and organisations listed.
"""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from danvan.core.exports import XLSX, xlsx_response

from . import imports, selectors
from .choices import ETHNICITY_CHOICES


def cadres_xlsx(cadres, unit) -> HttpResponse:
    ethnic = dict(ETHNICITY_CHOICES)
    header = [
        _("Mã cán bộ"), _("Họ và tên"), _("Giới tính"), _("Năm sinh"), _("Dân tộc"), _("Tôn giáo"),
        _("Số điện thoại"), _("Giáo dục phổ thông"), _("Trình độ chuyên môn"), _("Chuyên ngành"),
        _("Lý luận chính trị"), _("Đảng viên"), _("Ngày vào Đảng"), _("Mã đơn vị"), _("Đơn vị"),
        _("Chức danh hiện giữ"), _("Ngày thôi công tác"),
    ]  # fmt: skip
    rows = (
        [
            c.code,
            c.full_name,
            c.get_gender_display(),
            c.birth_year,
            ethnic.get(c.ethnicity, ""),
            c.get_religion_display(),
            c.phone,
            c.get_education_display(),
            c.get_professional_level_display(),
            c.professional_field,
            c.get_theory_level_display(),
            c.is_party_member,
            c.party_joined_on,
            c.unit.code,
            c.unit.name,
            "; ".join(str(a) for a in c.current_posts),
            c.left_on,
        ]  # fmt: skip
        for c in cadres.iterator(chunk_size=2000)  # posts prefetched per chunk, not for the whole list at once
    )
    return xlsx_response(f"can-bo-{unit.code}.xlsx", [(_("Cán bộ"), header, rows)])


def template_xlsx() -> HttpResponse:
    buffer = io.BytesIO()
    imports.template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.xlsx"'
    return response


def teams_xlsx(user, unit, teams, findings) -> HttpResponse:
    seats = selectors.live_seats_of(user, teams)
    header = [_("Mã đơn vị"), _("Đơn vị"), _("Khối, tổ"), _("Mã cán bộ"), _("Họ và tên"), _("Vai trò"), _("Từ ngày")]
    rows = (
        [
            s.team.unit.code,
            s.team.unit.name,
            s.team.name,
            s.cadre.code,
            s.cadre.full_name,
            s.get_role_display(),
            s.start,
        ]  # fmt: skip
        for s in seats
    )
    shortcomings = ([f.unit.name, f.label, f.message] for f in findings)
    return xlsx_response(
        f"khoi-to-dan-van-{unit.code}.xlsx",
        [
            (_("Thành viên"), header, rows),
            (_("Thiếu sót"), [_("Đơn vị"), _("Loại thiếu sót"), _("Nội dung")], shortcomings),
        ],
    )


def organisations_xlsx(user, unit, organisations) -> HttpResponse:
    memberships = selectors.live_memberships_of(user, organisations)
    header = [_("Đơn vị"), _("Tổ chức"), _("Mã cán bộ"), _("Họ và tên"), _("Chức vụ"), _("Từ ngày")]
    rows = (
        [m.organisation.unit.name, m.organisation.name, m.cadre.code, m.cadre.full_name, m.position, m.start]
        for m in memberships
    )
    return xlsx_response(f"to-chuc-{unit.code}.xlsx", [(_("Thành viên"), header, rows)])


def courses_xlsx(unit, year, courses) -> HttpResponse:
    header = [_("Tên lớp"), _("Đơn vị tổ chức"), _("Loại lớp"), _("Hình thức"), _("Từ ngày"), _("Đến ngày"),
              _("Số giờ"), _("Học viên (trong phạm vi)")]  # fmt: skip
    rows = (
        [c.title, c.unit.name, c.get_level_display(), c.get_format_display(), c.start, c.end, c.hours, c.n_attendees]
        for c in courses
    )
    return xlsx_response(f"lop-boi-duong-{unit.code}-{year}.xlsx", [(_("Lớp"), header, rows)])


def attendance_xlsx(course, attendances) -> HttpResponse:
    header = [_("Mã cán bộ"), _("Họ và tên"), _("Năm sinh"), _("Mã đơn vị"), _("Đơn vị"), _("Kết quả"),
              _("Số chứng chỉ")]  # fmt: skip
    rows = (
        [
            a.cadre.code,
            a.cadre.full_name,
            a.cadre.birth_year,
            a.cadre.unit.code,
            a.cadre.unit.name,
            a.get_result_display(),
            a.certificate_no,
        ]  # fmt: skip
        for a in attendances
    )
    return xlsx_response(f"hoc-vien-lop-{course.pk}.xlsx", [(_("Học viên"), header, rows)])


def coverage_xlsx(unit, year, data, untrained) -> HttpResponse:
    header = [_("Đơn vị"), _("Số cán bộ"), _("Đã bồi dưỡng"), _("Chưa bồi dưỡng"), _("Tỷ lệ (%)")]
    rows = [[r["unit"].name, r["cadres"], r["trained"], r["untrained"], r["share"]] for r in data["rows"]]
    total = data["total"]
    rows.append([_("Tổng cộng"), total["cadres"], total["trained"], total["untrained"], total["share"]])
    names_header = [_("Mã cán bộ"), _("Họ và tên"), _("Năm sinh"), _("Mã đơn vị"), _("Đơn vị"), _("Số điện thoại")]
    names = ([c.code, c.full_name, c.birth_year, c.unit.code, c.unit.name, c.phone] for c in untrained)
    return xlsx_response(
        f"bao-phu-boi-duong-{unit.code}-{year}.xlsx",
        [(_("Tỷ lệ bồi dưỡng"), header, rows), (_("Chưa bồi dưỡng"), names_header, names)],
    )


def field_days_xlsx(unit, year, month, data) -> HttpResponse:
    by_cadre = [_("Mã cán bộ"), _("Họ và tên"), _("Đơn vị"), _("Số ngày ở cơ sở"), _("Yêu cầu"), _("Đạt")]
    by_unit = [_("Đơn vị"), _("Số cán bộ"), _("Số cán bộ đạt"), _("Tỷ lệ (%)"), _("Tổng số ngày")]
    return xlsx_response(
        f"ngay-co-so-{unit.code}-{year}-{month:02d}.xlsx",
        [
            (
                _("Theo cán bộ"),
                by_cadre,
                ([r["code"], r["name"], r["unit_name"], r["days"], r["required"], r["ok"]] for r in data["rows"]),
            ),
            (
                _("Theo đơn vị"),
                by_unit,
                ([s["unit"].name, s["cadres"], s["compliant"], s["share"], s["days"]] for s in data["summary"]),
            ),
        ],
    )


def review_xlsx(unit, on_date, f) -> HttpResponse:
    """The review's figures (``f``, as ``selectors.review_compare`` shows them): one sheet per table."""

    def table(key):
        return ([row["label"], row["count"], row.get("change", "")] for row in f[key])

    header = [_("Chỉ tiêu"), _("Số lượng"), _("Thay đổi so với kỳ trước")]
    teams_change = f.get("teams_change", {})
    general = [
        [_("Tổng số cán bộ"), f["cadres"], f.get("cadres_change", "")],
        [_("Đảng viên"), f["party_members"], f.get("party_members_change", "")],
        [_("Người dân tộc thiểu số"), f["minorities"], f.get("minorities_change", "")],
        [_("Đã bồi dưỡng trong năm"), f["training"]["trained"], ""],
        [_("Tỷ lệ bồi dưỡng (%)"), f["training"]["share"], f["training"].get("change", "")],
        [_("Khối dân vận"), f["teams"]["blocks"], teams_change.get("blocks", "")],
        [_("Thành viên khối dân vận"), f["teams"]["block_members"], teams_change.get("block_members", "")],
        [_("Tổ dân vận"), f["teams"]["teams"], teams_change.get("teams", "")],
        [_("Thành viên tổ dân vận"), f["teams"]["team_members"], teams_change.get("team_members", "")],
        [_("Thiếu sót về tổ chức"), f["finding_total"], f.get("finding_total_change", "")],
    ]
    sheets = [(_("Tổng hợp"), header, general)]
    for key, title in (
        ("by_post", _("Chức danh")),
        ("by_age", _("Độ tuổi")),
        ("by_gender", _("Giới tính")),
        ("by_ethnicity", _("Dân tộc")),
        ("by_religion", _("Tôn giáo")),
        ("by_education", _("Giáo dục phổ thông")),
        ("by_professional", _("Chuyên môn")),
        ("by_theory", _("Lý luận chính trị")),
        ("findings", _("Loại thiếu sót")),
    ):
        sheets.append((title, header, table(key)))
    sheets.append(
        (_("Danh sách thiếu sót"), [_("Đơn vị"), _("Nội dung")], ([r["unit"], r["message"]] for r in f["finding_list"]))
    )
    return xlsx_response(f"ra-soat-doi-ngu-{unit.code}-{on_date:%Y%m%d}.xlsx", sheets)
