"""Spreadsheet import of cadres (all-or-nothing, row report) and of course attendance."""

import datetime
import io

import pytest
import time_machine

from danvan.cadres import imports
from danvan.cadres.choices import (
    AttendanceResult,
    Education,
    Gender,
    ProfessionalLevel,
    Religion,
    TeamKind,
    TeamRole,
    TheoryLevel,
    Title,
)
from danvan.cadres.models import Appointment, Attendance, Cadre, Team, TeamMembership
from danvan.cadres.selectors import FindingKind, completeness_findings
from danvan.units.models import Unit

from .conftest import (
    TODAY,
    AppointmentFactory,
    AttendanceFactory,
    CadreFactory,
    CourseFactory,
    SeatFactory,
    TeamFactory,
    at,
    csv_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã cán bộ", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Đảng viên", "Ngày vào Đảng",
    "Mã đơn vị", "Chức danh", "Vai trò trong khối, tổ dân vận", "Từ ngày",
]  # fmt: skip


def row(name, unit="23575", *, code="", gender="Nam", year="1980", ethnicity="", phone="", party="", joined="",
        title="", role="", start="01/07/2025"):  # fmt: skip
    return [code, name, gender, year, ethnicity, phone, party, joined, unit, title, role, start]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at(TODAY), tick=False):
        yield


@pytest.fixture
def officer(personas):
    return personas["commune_officer"]


def run(user, rows, *, name="cb.csv", commit=True, header=HEADER):
    data = csv_bytes([header, *rows]) if name.endswith(".csv") else xlsx_bytes([header, *rows])
    return imports.cadres_import(data=data, name=name, acting_user=user, commit=commit)


def errors(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def nothing_written():
    return (
        Cadre.objects.count(),
        Appointment.objects.count(),
        Team.objects.count(),
        TeamMembership.objects.count(),
        Cadre.history.count(),
    ) == (0, 0, 0, 0, 0)


# --- the error report ---------------------------------------------------------------


def test_error_report_names_rows_columns_and_reasons(officer):
    report = run(
        officer,
        [
            row("Nguyễn Văn An"),  # row 2: fine
            row(""),  # row 3
            row("Trần Bình", gender="X", year="1890"),  # row 4
            [],  # row 5: blank, skipped but counted
            row("Lê Cường", ethnicity="Klingon", phone="12ab", party="có lẽ"),  # row 6
            row("Phạm Dũng", party="không", joined="01/01/2000", title="Vua", role="Sếp", start="32/13/2025"),
            row("Hoàng Em", start="11/03/2026"),  # row 8: tomorrow
            row("Vũ Giang", year="19a0", joined="2000"),  # row 9
        ],
    )
    assert errors(report) == [
        (3, "Họ và tên", "Không được để trống."),
        (4, "Giới tính", "Ghi “Nam” hoặc “Nữ”."),
        (4, "Năm sinh", "Năm sinh phải từ 1936 đến 2010."),
        (6, "Dân tộc", "Không có dân tộc “Klingon” trong danh mục 54 dân tộc."),
        (6, "Số điện thoại", "Số điện thoại không hợp lệ: “12ab”."),
        (6, "Đảng viên", "Chỉ ghi “có” hoặc “không”."),
        (7, "Ngày vào Đảng", "Chỉ ghi ngày vào Đảng cho đảng viên."),
        (7, "Chức danh", "Không có chức danh “Vua” trong danh mục (xem tệp mẫu)."),
        (7, "Vai trò trong khối, tổ dân vận", "Ghi “Trưởng”, “Phó” hoặc “Thành viên”."),
        (7, "Từ ngày", "Ngày phải viết dạng dd/mm/yyyy, ví dụ 01/07/2025."),
        (8, "Từ ngày", "Không được là ngày ở tương lai."),
        (9, "Năm sinh", "Năm sinh phải là số có 4 chữ số, ví dụ 1980."),
        (9, "Ngày vào Đảng", "Ngày phải viết dạng dd/mm/yyyy, ví dụ 19/05/2001."),
    ]
    assert report.total == 7
    assert not report.committed
    assert nothing_written()


def test_party_date_before_age_eighteen_is_refused(officer):
    report = run(officer, [row("Nguyễn Văn An", year="1990", party="có", joined="01/01/2007")])
    assert errors(report) == [(2, "Ngày vào Đảng", "Ngày vào Đảng phải sau khi đủ 18 tuổi (năm sinh 1990).")]


LONG_NAME = "Nguyễn " * 22 + "An"  # 156 characters
# One bad row per rule the cadre form and services keep: (what is wrong, the row's cells, the column the
# report names, the reason), then the same values given to the service and the field it names.
BAD_ROWS = [
    ("party date in the future", {"party": "có", "joined": "01/01/2027"}, "Ngày vào Đảng",
     "Ngày vào Đảng không được ở tương lai.",
     {"is_party_member": True, "party_joined_on": datetime.date(2027, 1, 1)}, "party_joined_on"),
    ("party date before eighteen", {"year": "1990", "party": "có", "joined": "01/01/2007"}, "Ngày vào Đảng",
     "Ngày vào Đảng phải sau khi đủ 18 tuổi (năm sinh 1990).",
     {"birth_year": 1990, "is_party_member": True, "party_joined_on": datetime.date(2007, 1, 1)}, "party_joined_on"),
    ("party date for someone not in the party", {"party": "không", "joined": "01/01/2000"}, "Ngày vào Đảng",
     "Chỉ ghi ngày vào Đảng cho đảng viên.", {"party_joined_on": datetime.date(2000, 1, 1)}, "party_joined_on"),
    ("born more than 90 years ago", {"year": "1935"}, "Năm sinh", "Năm sinh phải từ 1936 đến 2010.",
     {"birth_year": 1935}, "birth_year"),
    ("born less than 16 years ago", {"year": "2011"}, "Năm sinh", "Năm sinh phải từ 1936 đến 2010.",
     {"birth_year": 2011}, "birth_year"),
    ("phone with letters", {"phone": "09x1234567"}, "Số điện thoại", "Số điện thoại không hợp lệ: “09x1234567”.",
     {"phone": "09x1234567"}, "phone"),
    ("phone too short", {"phone": "0912"}, "Số điện thoại", "Số điện thoại không hợp lệ: “0912”.",
     {"phone": "0912"}, "phone"),
]  # fmt: skip


@pytest.mark.parametrize(("label", "cells", "column", "reason", "fields", "field"), BAD_ROWS,
                         ids=[r[0] for r in BAD_ROWS])  # fmt: skip
def test_a_bad_row_is_named_by_row_column_and_reason_as_the_form_would(officer, tree, label, cells, column, reason,
                                                                         fields, field):  # fmt: skip
    from django.core.exceptions import ValidationError

    from danvan.cadres import services
    from danvan.cadres.choices import Gender

    report = run(officer, [row("Nguyễn Văn An"), row("Rơ Châm H'Bút", **cells)])
    assert errors(report) == [(3, column, reason)]
    assert nothing_written()
    with pytest.raises(ValidationError) as excinfo:  # the service (behind the form) says the same thing
        services.cadre_create(acting_user=officer, unit=tree["pleiku"], **{
            "full_name": "Rơ Châm H'Bút", "gender": Gender.FEMALE, "birth_year": 1980, **fields,
        })  # fmt: skip
    assert excinfo.value.message_dict == {field: [reason]}


def test_a_name_too_long_and_a_post_starting_tomorrow_are_named_like_the_form_and_services_do(officer, tree):
    from django.core.exceptions import ValidationError

    from danvan.cadres import services

    report = run(officer, [row(LONG_NAME), row("Lê Văn Cường", title="Công chức", start="11/03/2026")])
    assert errors(report) == [
        (2, "Họ và tên", "Dài quá 150 ký tự."),
        (3, "Từ ngày", "Không được là ngày ở tương lai."),
    ]
    cadre = CadreFactory(unit=tree["pleiku"])
    with pytest.raises(ValidationError) as excinfo:
        services.appointment_add(acting_user=officer, cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT,
                                 start=datetime.date(2026, 3, 11))  # fmt: skip
    assert excinfo.value.message_dict == {"start": ["Không được là ngày ở tương lai."]}


def test_the_import_and_the_form_take_the_same_party_date(officer, tree, login):
    """A 2027 party date is refused by the form; the import used to store it."""
    client = login(officer)
    page = client.post(f"/can-bo/them/?unit={tree['pleiku'].pk}", {
        "unit_code": "23575", "full_name": "Siu H'Lan", "gender": "nu", "birth_year": "1990", "ethnicity": "10",
        "religion": "khong", "education": "thpt", "professional_level": "dai_hoc", "theory_level": "trung_cap",
        "is_party_member": "on", "party_joined_on": "01/01/2027",
    }).content.decode()  # fmt: skip
    assert "Ngày vào Đảng không được ở tương lai." in page
    report = run(officer, [row("Siu H'Lan", gender="Nữ", year="1990", party="có", joined="01/01/2027")])
    assert errors(report) == [(2, "Ngày vào Đảng", "Ngày vào Đảng không được ở tương lai.")]
    assert not Cadre.objects.exists()


def test_columns_are_found_by_any_accepted_header_and_reported_by_their_vietnamese_name(officer):
    header = ["HO TEN", "gioi tinh", "Nam Sinh", "ma don vi", "Chức vụ", "vai tro"]
    report = run(officer, [["", "Nam", "1980", "23575", "Vua", "Sếp"]], header=header)
    assert errors(report) == [
        (2, "Họ và tên", "Không được để trống."),
        (2, "Chức danh", "Không có chức danh “Vua” trong danh mục (xem tệp mẫu)."),
        (2, "Vai trò trong khối, tổ dân vận", "Ghi “Trưởng”, “Phó” hoặc “Thành viên”."),
    ]


def test_missing_required_columns_reject_the_file(officer):
    report = run(officer, [["Nguyễn Văn An", "Nam"]], header=["Họ và tên", "Giới tính"])
    assert errors(report) == [(0, "Tệp", "Thiếu cột bắt buộc: Năm sinh, Mã đơn vị.")]
    assert nothing_written()


def test_file_without_data_rows_or_of_another_kind_is_rejected(officer):
    assert errors(run(officer, [])) == [(0, "Tệp", "Tệp không có dòng dữ liệu nào.")]
    report = imports.cadres_import(data=b"x", name="cb.txt", acting_user=officer)
    assert errors(report) == [(0, "Tệp", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")]
    report = imports.cadres_import(data=b"not a workbook", name="cb.xlsx", acting_user=officer)
    assert [(e.row, e.column) for e in report.errors] == [(0, "Tệp")]
    assert report.errors[0].message.startswith("Không đọc được tệp Excel")


def test_header_may_follow_blank_rows_and_row_numbers_follow_the_file(officer):
    data = csv_bytes([[], [], HEADER, row("Nguyễn Văn An"), [], row("", year="1980")])
    report = imports.cadres_import(data=data, name="cb.csv", acting_user=officer)
    assert errors(report) == [(6, "Họ và tên", "Không được để trống.")]


# --- all or nothing -----------------------------------------------------------------


def test_one_bad_row_means_nothing_is_saved(officer, tree):
    report = run(
        officer,
        [
            row("Nguyễn Văn An", title="Phó Bí thư thường trực", role="Trưởng"),
            row("Trần Thị Bình", unit=tree["village"].code, title="Bí thư Chi bộ", role="Trưởng"),
            row("Lê Văn Cường", role="Thành viên"),
            row("Phạm Văn Dũng", unit="23586"),  # Hội Phú: not the officer's commune
        ],
    )
    assert errors(report) == [(5, "Mã đơn vị", "Không có đơn vị mã “23586” trong phạm vi bạn được quản lý.")]
    assert not report.committed
    assert nothing_written()


@pytest.mark.parametrize("code", ["23586", "24121", "66", "99999"])
def test_unit_outside_scope_or_unknown_is_reported(officer, code):
    report = run(officer, [row("Nguyễn Văn An", unit=code)])
    assert errors(report) == [(2, "Mã đơn vị", f"Không có đơn vị mã “{code}” trong phạm vi bạn được quản lý.")]


def test_inactive_unit_is_reported(officer, tree):
    Unit.objects.filter(pk=tree["village"].pk).update(is_active=False)
    report = run(officer, [row("Nguyễn Văn An", unit=tree["village"].code)])
    assert errors(report) == [(2, "Mã đơn vị", "Đơn vị “Tổ dân phố 1” đã ngừng hoạt động.")]


@pytest.mark.parametrize("persona", ["viewer", "province_leader", "village_member", "nobody"])
def test_users_who_cannot_manage_cannot_import(personas, persona):
    report = run(personas[persona], [row("Nguyễn Văn An")])
    assert [(e.row, e.column) for e in report.errors] == [(2, "Mã đơn vị")]
    assert nothing_written()


def test_province_admin_imports_into_any_commune_of_the_province(personas):
    report = run(personas["province_admin"], [row("Nguyễn Văn An", unit="23586"), row("Trần Bình", unit="52")])
    assert report.ok and report.committed
    assert sorted(Cadre.objects.values_list("unit__code", flat=True)) == ["23586", "52"]


# --- people across rows -------------------------------------------------------------


def test_same_person_on_two_rows_must_agree(officer):
    report = run(
        officer,
        [
            row("Nguyễn Văn An", phone="0912345678", title="Công chức"),
            row("Nguyễn Văn Bình"),
            row("nguyễn văn  an", phone="0987654321", title="Đảng ủy viên"),
        ],
    )
    assert errors(report) == [
        (4, "Họ và tên", "Cùng người với dòng 2 nhưng thông tin cá nhân hoặc đơn vị khác nhau."),
    ]
    assert nothing_written()


def test_same_code_in_two_units_is_a_conflict(officer, tree):
    report = run(
        officer, [row("Nguyễn Văn An", code="X-1"), row("Nguyễn Văn An", code="X-1", unit=tree["village"].code)]
    )
    assert errors(report) == [
        (3, "Họ và tên", "Cùng người với dòng 2 nhưng thông tin cá nhân hoặc đơn vị khác nhau."),
    ]


def test_person_with_two_posts_takes_two_agreeing_rows(officer):
    report = run(
        officer, [row("Nguyễn Văn An", title="Công chức"), row("Nguyễn Văn An", title="Đảng ủy viên", start="")]
    )
    assert report.ok, errors(report)
    assert (report.created, report.appointments) == (1, 2)
    cadre = Cadre.objects.get()
    assert sorted(cadre.appointments.values_list("title", "start")) == [
        (Title.CIVIL_SERVANT, datetime.date(2025, 7, 1)),
        (Title.PARTY_COMMITTEE_MEMBER, TODAY),  # no date: the day of the import
    ]


def test_same_post_twice_is_reported(officer):
    report = run(officer, [row("Nguyễn Văn An", title="Công chức"), row("Nguyễn Văn An", title="cong chuc")])
    assert errors(report) == [(3, "Chức danh", "Chức danh này đã ghi ở một dòng trước.")]


def test_two_heads_for_one_team_are_reported(officer, tree):
    village = tree["village"].code
    report = run(
        officer,
        [
            row("Nguyễn Văn An", unit=village, role="Trưởng"),
            row("Trần Văn Bình", role="Trưởng"),  # head of the commune's block: another team
            row("Lê Văn Cường", unit=village, role="Tổ trưởng"),
        ],
    )
    assert errors(report) == [(4, "Vai trò trong khối, tổ dân vận", "Dòng 2 đã ghi trưởng cho đơn vị này.")]
    assert nothing_written()


def test_two_roles_for_one_person_in_one_team_are_reported(officer):
    report = run(
        officer, [row("Nguyễn Văn An", role="Phó"), row("Nguyễn Văn An", role="Thành viên", title="Công chức")]
    )
    assert errors(report) == [
        (3, "Vai trò trong khối, tổ dân vận", "Người này đã có vai trò trong tổ ở một dòng trước."),
    ]


def test_role_in_a_unit_without_teams_is_reported(personas):
    report = run(personas["province_admin"], [row("Nguyễn Văn An", unit="52", role="Thành viên")])
    assert errors(report) == [
        (2, "Vai trò trong khối, tổ dân vận", "Khối dân vận ở cấp xã, tổ dân vận ở thôn; đơn vị này không có.")
    ]


@pytest.fixture
def village_team(tree):
    """The village's team with head Ksor Y Phun (born 1969) and member Rơ Châm H'Bút (born 1984)."""
    team = TeamFactory(unit=tree["village"], established_on=datetime.date(2025, 1, 1))
    head = CadreFactory(unit=tree["village"], full_name="Ksor Y Phun", birth_year=1969, code="CB00000001")
    member = CadreFactory(
        unit=tree["village"], full_name="Rơ Châm H'Bút", birth_year=1984, gender=Gender.FEMALE, code="CB00000002"
    )
    SeatFactory(team=team, cadre=head, role=TeamRole.HEAD, start=datetime.date(2025, 1, 1))
    SeatFactory(team=team, cadre=member, role=TeamRole.MEMBER, start=datetime.date(2025, 1, 1))
    return {"team": team, "head": head, "member": member}


def test_a_new_head_when_the_team_has_one_is_reported(officer, tree, village_team):
    report = run(officer, [row("Nguyễn Văn An", unit=tree["village"].code, role="Trưởng")])
    assert errors(report) == [(2, "Vai trò trong khối, tổ dân vận", "Đã có trưởng là Ksor Y Phun.")]
    assert TeamMembership.objects.count() == 2


def test_the_current_head_may_be_listed_again(officer, tree, village_team):
    report = run(officer, [row("Ksor Y Phun", unit=tree["village"].code, year="1969", role="Trưởng")])
    assert report.ok, errors(report)
    assert (report.created, report.unchanged, report.seats, report.teams) == (0, 1, 0, 0)
    assert TeamMembership.objects.count() == 2


def test_changing_a_role_by_import_is_refused(officer, tree, village_team):
    report = run(officer, [row("Rơ Châm H'Bút", unit=tree["village"].code, gender="Nữ", year="1984", role="Phó")])
    assert errors(report) == [
        (2, "Vai trò trong khối, tổ dân vận", "Đang giữ vai trò “Thành viên”; đổi vai trò trên trang của khối, tổ."),
    ]


# --- matching existing cadres -------------------------------------------------------


FULL = [
    row("Nguyễn Văn Hùng", year="1976", party="có", joined="19/05/2001", phone="0987654321",
        title="Phó Bí thư thường trực Đảng ủy", role="Trưởng"),
    row("Nguyễn Văn Hùng", year="1976", party="có", joined="19/05/2001", phone="0987654321", title="Đảng ủy viên"),
    row("Rơ Châm H'Bút", gender="Nữ", year="1984", ethnicity="Gia-rai", title="Phó Chủ tịch Ủy ban MTTQ",
        role="Thành viên"),
    row("Ksor Y Phun", unit="23575-001", year="1969", ethnicity="Jrai", title="Bí thư Chi bộ", role="Trưởng"),
]  # fmt: skip


def test_reimport_changes_nothing(officer, tree):
    assert tree["village"].code == "23575-001"
    first = run(officer, FULL)
    assert first.ok and first.committed, errors(first)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert (first.appointments, first.seats, first.teams) == (4, 3, 2)
    snapshot = {
        "cadres": list(Cadre.objects.order_by("pk").values_list("pk", "code", "updated_at")),
        "posts": list(Appointment.objects.order_by("pk").values_list("pk", "end")),
        "seats": list(TeamMembership.objects.order_by("pk").values_list("pk", "role", "end")),
        "teams": list(Team.objects.order_by("pk").values_list("pk")),
        "history": (Cadre.history.count(), Appointment.history.count(), TeamMembership.history.count()),
    }
    with time_machine.travel(at(TODAY, hour=15), tick=False):
        again = run(officer, FULL)
    assert again.ok and again.committed
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (again.appointments, again.seats, again.teams) == (0, 0, 0)
    assert [p["action"] for p in again.preview] == ["không đổi"] * 3
    assert snapshot == {
        "cadres": list(Cadre.objects.order_by("pk").values_list("pk", "code", "updated_at")),
        "posts": list(Appointment.objects.order_by("pk").values_list("pk", "end")),
        "seats": list(TeamMembership.objects.order_by("pk").values_list("pk", "role", "end")),
        "teams": list(Team.objects.order_by("pk").values_list("pk")),
        "history": (Cadre.history.count(), Appointment.history.count(), TeamMembership.history.count()),
    }


def test_first_import_writes_people_posts_seats_and_teams(officer, tree):
    run(officer, FULL)
    hung = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    assert (hung.unit, hung.is_party_member, hung.party_joined_on, hung.phone) == (
        tree["pleiku"],
        True,
        datetime.date(2001, 5, 19),
        "0987654321",
    )
    assert Cadre.objects.get(full_name="Ksor Y Phun").ethnicity == "10"  # "Jrai" is Gia-rai
    assert sorted(Cadre.objects.values_list("code", flat=True)) == ["CB00000001", "CB00000002", "CB00000003"]
    block = Team.objects.get(unit=tree["pleiku"])
    assert (block.kind, block.name, block.established_on) == (
        TeamKind.BLOCK,
        "Khối dân vận Phường Pleiku",
        datetime.date(2025, 7, 1),
    )
    assert Team.objects.get(unit=tree["village"]).kind == TeamKind.TEAM
    assert sorted(block.memberships.values_list("cadre__full_name", "role")) == [
        ("Nguyễn Văn Hùng", TeamRole.HEAD),
        ("Rơ Châm H'Bút", TeamRole.MEMBER),
    ]
    history = hung.history.get()
    assert (history.history_user, history.history_change_reason) == (officer, "Nhập danh sách cán bộ từ tệp")
    assert Team.objects.get(unit=tree["village"]).history.get().history_user == officer
    # Heads hold the titles the default rules ask for.
    assert not [f for f in completeness_findings(tree["pleiku"], TODAY) if f.kind == FindingKind.HEAD_TITLE]


def test_check_only_writes_nothing_but_reports_what_would_happen(officer):
    report = run(officer, FULL, commit=False)
    assert report.ok and not report.committed
    assert (report.total, report.created, report.appointments, report.seats, report.teams) == (4, 3, 4, 3, 2)
    assert [(p["row"], p["name"], p["action"]) for p in report.preview] == [
        (2, "Nguyễn Văn Hùng", "thêm mới"),
        (4, "Rơ Châm H'Bút", "thêm mới"),
        (5, "Ksor Y Phun", "thêm mới"),
    ]
    assert nothing_written()


def test_existing_cadre_is_updated_by_code(officer, tree):
    cadre = CadreFactory(unit=tree["pleiku"], code="CB00000005", full_name="Trần Thị Mai", birth_year=1985)
    AppointmentFactory(cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT)
    report = run(
        officer,
        [row("Trần Thị Mai", code="CB00000005", gender="Nữ", year="1986", phone="0911222333", title="Công chức")],
    )
    assert report.ok, errors(report)
    assert (report.created, report.updated, report.appointments) == (0, 1, 0)  # the post is already held
    cadre.refresh_from_db()
    assert (cadre.gender, cadre.birth_year, cadre.phone) == (Gender.FEMALE, 1986, "0911222333")
    assert Cadre.objects.count() == 1 and Appointment.objects.count() == 1
    assert cadre.history.latest().history_user == officer
    assert report.preview[0]["action"] == "cập nhật"


def test_existing_cadre_is_matched_by_unit_name_and_birth_year(officer, tree):
    cadre = CadreFactory(unit=tree["pleiku"], full_name="Trần Thị Mai", birth_year=1985, gender=Gender.FEMALE)
    report = run(officer, [row("tran thi mai", gender="Nữ", year="1985", ethnicity="Ê-đê")])
    assert report.ok and (report.created, report.updated) == (0, 1)
    cadre.refresh_from_db()
    assert (cadre.ethnicity, cadre.full_name) == ("12", "tran thi mai")
    # Another birth year, another unit or a cadre who left: a new person.
    CadreFactory(unit=tree["pleiku"], full_name="Lê Văn Tư", birth_year=1970, left_on=datetime.date(2025, 1, 1))
    report = run(
        officer,
        [row("Trần Thị Mai", gender="Nữ", year="1990"), row("Trần Thị Mai", unit="23575-001", gender="Nữ", year="1985"),
         row("Lê Văn Tư", year="1970")],
    )  # fmt: skip
    assert (report.created, report.updated) == (3, 0)


def test_code_of_a_cadre_outside_scope_is_refused(officer, tree):
    CadreFactory(unit=tree["bmt"], code="CB00000009")
    report = run(officer, [row("Nguyễn Văn An", code="CB00000009")])
    assert errors(report) == [(2, "Mã cán bộ", "Mã cán bộ “CB00000009” đã được dùng.")]


def test_new_codes_given_in_the_file_do_not_clash_with_generated_ones(officer, tree):
    CadreFactory(unit=tree["pleiku"], code="CB00000001")
    report = run(officer, [row("Nguyễn Văn An", code="CB00000002"), row("Trần Văn Bình"), row("Lê Văn Cường")])
    assert report.ok and report.committed, errors(report)
    codes = dict(Cadre.objects.values_list("full_name", "code"))
    assert codes["Nguyễn Văn An"] == "CB00000002"
    assert sorted([codes["Trần Văn Bình"], codes["Lê Văn Cường"]]) == ["CB00000003", "CB00000004"]


# --- Excel ----------------------------------------------------------------------------


def test_xlsx_with_number_and_date_cells(officer, tree):
    rows = [
        ["", "Nguyễn Văn Hùng", "Nam", 1976, "Kinh", 987654321, "có", datetime.datetime(2001, 5, 19), "23575",
         "Phó Bí thư thường trực", "Trưởng", datetime.datetime(2025, 7, 1)],
        ["", "Ksor Y Phun", "Nam", 1969.0, "Gia-rai", None, "x", None, 23575, None, "Thành viên", None],
    ]  # fmt: skip
    report = run(officer, rows, name="cb.xlsx")
    assert report.ok and report.committed, errors(report)
    hung = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    assert (hung.birth_year, hung.phone, hung.party_joined_on) == (1976, "0987654321", datetime.date(2001, 5, 19))
    assert hung.appointments.get().start == datetime.date(2025, 7, 1)
    phun = Cadre.objects.get(full_name="Ksor Y Phun")
    assert (phun.birth_year, phun.is_party_member, phun.unit) == (1969, True, tree["pleiku"])
    assert phun.team_memberships.get().start == TODAY


def test_xlsx_errors_use_the_same_row_numbers(officer):
    report = run(officer, [["", "Nguyễn Văn An", "Nam", 1980, "", "", "", "", "23575", "", "", ""], [],
                           ["", "", "Nam", 1980, "", "", "", "", "23575", "", "", ""]], name="cb.xlsx")  # fmt: skip
    assert errors(report) == [(4, "Họ và tên", "Không được để trống.")]


def template_bytes(village_code):
    workbook = imports.template_workbook()
    sheet = workbook.worksheets[0]
    for cells in sheet.iter_rows(min_row=2):
        if str(cells[13].value).startswith("23575-"):
            cells[13].value = village_code
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_workbook_examples_import_cleanly(officer, tree):
    workbook = imports.template_workbook()
    assert [c.value for c in workbook.worksheets[0][1]] == imports.TEMPLATE_HEADER
    data = template_bytes(tree["village"].code)
    report = imports.cadres_import(data=data, name="mau.xlsx", acting_user=officer)
    assert report.ok and report.committed, errors(report)
    assert (report.total, report.created, report.appointments, report.seats, report.teams) == (3, 3, 3, 3, 2)
    but = Cadre.objects.get(full_name="Rơ Châm H'Bút")
    assert (
        but.gender, but.birth_year, but.ethnicity, but.religion, but.phone, but.education, but.professional_level,
        but.professional_field, but.theory_level, but.is_party_member, but.party_joined_on,
    ) == (
        Gender.FEMALE, 1984, "10", Religion.NONE, "0912345678", Education.UPPER_SECONDARY, ProfessionalLevel.BACHELOR,
        "Công tác xã hội", TheoryLevel.INTERMEDIATE, True, datetime.date(2008, 2, 3),
    )  # fmt: skip
    phun = Cadre.objects.get(full_name="Ksor Y Phun")
    assert (phun.unit, phun.religion, phun.education) == (
        tree["village"],
        Religion.PROTESTANT,
        Education.LOWER_SECONDARY,
    )
    assert phun.appointments.get().title == Title.CELL_SECRETARY
    # The examples describe complete heads: no title finding for the block or the team.
    findings = completeness_findings(tree["pleiku"], TODAY)
    assert not [f for f in findings if f.kind == FindingKind.HEAD_TITLE]
    # Importing the template again changes nothing.
    again = imports.cadres_import(data=data, name="mau.xlsx", acting_user=officer)
    assert (again.created, again.updated, again.unchanged, again.appointments, again.seats) == (0, 0, 3, 0, 0)


# --- attendance ---------------------------------------------------------------------

ATT_HEADER = ["Mã cán bộ", "Họ và tên", "Năm sinh", "Mã đơn vị", "Kết quả", "Số chứng chỉ"]


@pytest.fixture
def course(tree):
    return CourseFactory(unit=tree["pleiku"], start=datetime.date(2025, 11, 3), end=datetime.date(2025, 11, 7))


@pytest.fixture
def learners(tree):
    return {
        "an": CadreFactory(unit=tree["pleiku"], code="CB00000010", full_name="Nguyễn Văn An", birth_year=1980),
        "binh": CadreFactory(unit=tree["village"], full_name="Phạm Văn Bình", birth_year=1985),
        "cu1": CadreFactory(unit=tree["pleiku"], full_name="Lê Văn Cư", birth_year=1990),
        "cu2": CadreFactory(unit=tree["pleiku"], full_name="Lê Văn Cư", birth_year=1990),
        "far": CadreFactory(unit=tree["bmt"], code="CB00000099", full_name="Y Nam", birth_year=1980),
    }


def attend(user, course, rows, name="hv.csv"):
    data = csv_bytes([ATT_HEADER, *rows]) if name.endswith(".csv") else xlsx_bytes([ATT_HEADER, *rows])
    return imports.attendance_import(course=course, data=data, name=name, acting_user=user)


def test_attendance_matches_by_code_and_by_name_birth_year_and_unit(officer, tree, course, learners):
    report = attend(
        officer,
        course,
        [
            ["CB00000010", "", "", "", "Đạt", "CC-01"],
            ["", "pham van binh", "1985", "23575-001", "Khá", ""],
        ],
    )
    assert report.ok and report.committed, errors(report)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert sorted(Attendance.objects.values_list("cadre__full_name", "result", "certificate_no", "year")) == [
        ("Nguyễn Văn An", AttendanceResult.PASSED, "CC-01", 2025),
        ("Phạm Văn Bình", AttendanceResult.PASSED_GOOD, "", 2025),
    ]
    assert [p["action"] for p in report.preview] == ["thêm mới", "thêm mới"]


def test_attendance_problems_are_reported_and_nothing_is_saved(officer, course, learners):
    report = attend(
        officer,
        course,
        [
            ["CB00000010", "", "", "", "Đạt", ""],  # 2: fine
            ["", "Lê Văn Cư", "1990", "23575", "Đạt", ""],  # 3: two of them
            ["", "Lê Văn Cư", "1991", "23575", "Đạt", ""],  # 4: none born 1991
            ["", "Phạm Văn Bình", "1985", "23575", "Đạt", ""],  # 5: he is in the village, not the commune
            ["CB00000099", "", "", "", "Đạt", ""],  # 6: another province
            ["CB00000010", "", "", "", "Vắng", ""],  # 7: again
            ["", "Ai đó", "", "23575", "Đạt", ""],  # 8: neither code nor birth year
            ["", "Phạm Văn Bình", "1985", "23575-001", "Giỏi lắm", ""],  # 9
        ],
    )
    assert errors(report) == [
        (3, "Họ và tên", "Có 2 cán bộ cùng tên, năm sinh; ghi mã cán bộ."),
        (4, "Họ và tên", "Không tìm thấy cán bộ này ở đơn vị đã ghi."),
        (5, "Họ và tên", "Không tìm thấy cán bộ này ở đơn vị đã ghi."),
        (6, "Mã cán bộ", "Không có cán bộ mã “CB00000099” trong phạm vi của bạn."),
        (7, "Họ và tên", "Trùng với dòng 2."),
        (8, "Năm sinh", "Ghi mã cán bộ, hoặc họ tên, năm sinh và mã đơn vị."),
        (9, "Kết quả", "Ghi một trong: Đạt, Khá giỏi, Không đạt, Vắng, Chưa đánh giá."),
    ]
    assert not report.committed
    assert not Attendance.objects.exists()


def test_attendance_reimport_and_update(officer, course, learners):
    AttendanceFactory(course=course, cadre=learners["cu1"], result=AttendanceResult.PENDING)
    rows = [["CB00000010", "", "", "", "Đạt", "CC-01"], [learners["cu1"].code, "", "", "", "Không đạt", ""]]
    first = attend(officer, course, rows)
    assert (first.created, first.updated, first.unchanged) == (1, 1, 0)
    again = attend(officer, course, rows, name="hv.xlsx")
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert [p["action"] for p in again.preview] == ["không đổi", "không đổi"]
    changed = attend(officer, course, [["CB00000010", "", "", "", "Khá, giỏi", "CC-01"]])
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    assert Attendance.objects.get(cadre=learners["an"]).result == AttendanceResult.PASSED_GOOD
    assert Attendance.objects.count() == 2


def test_attendance_empty_result_means_passed(officer, course, learners):
    report = attend(officer, course, [["CB00000010", "", "", "", "", ""]])
    assert report.ok
    assert Attendance.objects.get().result == AttendanceResult.PASSED


def test_attendance_of_a_course_outside_scope_is_refused(personas, course, learners):
    report = attend(personas["sibling_officer"], course, [["CB00000010", "", "", "", "Đạt", ""]])
    assert errors(report) == [(0, "Tệp", "Bạn không quản lý lớp này.")]
    assert not Attendance.objects.exists()


def test_parse_date_accepts_common_spellings():
    assert imports.parse_date("01/07/2025") == datetime.date(2025, 7, 1)
    assert imports.parse_date("1/7/2025") == datetime.date(2025, 7, 1)
    assert imports.parse_date("01-07-2025") == datetime.date(2025, 7, 1)
    assert imports.parse_date("01.07.2025") == datetime.date(2025, 7, 1)
    assert imports.parse_date("2025-07-01") == datetime.date(2025, 7, 1)
    assert imports.parse_date("2025-07-01 00:00:00") == datetime.date(2025, 7, 1)
    assert imports.parse_date("  ") is None
    for bad in ("31/02/2025", "2025", "07/2025", "hôm qua"):
        with pytest.raises(ValueError):
            imports.parse_date(bad)


def test_posts_and_seats_are_not_given_to_a_cadre_who_left(officer, tree, personas):
    from danvan.cadres import services

    cadre = CadreFactory(unit=tree["pleiku"], code="CB00000005", full_name="Trần Thị Mai", birth_year=1985,
                         gender=Gender.FEMALE)  # fmt: skip
    AppointmentFactory(cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT)
    services.cadre_leave(acting_user=officer, cadre=cadre, on_date=datetime.date(2026, 1, 31))
    # The same spreadsheet imported again after she left.
    report = run(officer, [row("Trần Thị Mai", code="CB00000005", gender="Nữ", year="1985", title="Công chức",
                               role="Thành viên")])  # fmt: skip
    assert errors(report) == [(2, "Chức danh", "Trần Thị Mai đã thôi công tác từ 31/01/2026.")]
    assert cadre.appointments.get().end == datetime.date(2026, 1, 31)
    assert not TeamMembership.objects.exists()
    # Her personal details may still be corrected.
    report = run(officer, [row("Trần Thị Mai", code="CB00000005", gender="Nữ", year="1985", phone="0911222333")])
    assert report.ok and report.updated == 1


def test_an_english_page_reads_the_vietnamese_spreadsheet_the_same_way(officer, tree):
    from django.utils import translation

    data = (
        "Họ và tên,Giới tính,Năm sinh,Tôn giáo,Giáo dục phổ thông,Trình độ chuyên môn,Lý luận chính trị,"
        "Mã đơn vị,Chức danh,Vai trò,Từ ngày\n"
        f"Rơ Châm H'Bút,Nữ,1984,Tin lành,Trung học phổ thông,Đại học,Cao cấp,{tree['village'].code},"
        "Phó Chủ tịch Ủy ban MTTQ,Thành viên,01/07/2025\n"
    ).encode()
    with translation.override("en"):
        report = imports.cadres_import(data=data, name="cb.csv", acting_user=officer, commit=True)
    assert report.committed, [(e.row, e.column, e.message) for e in report.errors]
    cadre = Cadre.objects.get()
    assert (cadre.religion, cadre.education, cadre.theory_level) == ("tin_lanh", "thpt", "cao_cap")
    assert Team.objects.get().name == "Tổ dân vận Tổ dân phố 1"  # stored in Vietnamese


def test_two_namesakes_in_the_unit_need_a_code(officer, tree):
    for _n in range(2):
        CadreFactory(unit=tree["pleiku"], full_name="Nguyễn Văn Hùng", birth_year=1976)
    report = run(officer, [row("Nguyễn Văn Hùng", year="1976"), row("Nguyễn Văn Hùng", year="1977")], commit=True)
    assert errors(report) == [
        (2, "Họ và tên", "Đơn vị có 2 cán bộ cùng họ tên, năm sinh; ghi mã cán bộ để chỉ rõ người nào.")
    ]
    assert Cadre.objects.count() == 2


def test_a_code_longer_than_the_column_is_refused(officer):
    report = run(officer, [row("Nguyễn Văn An", code="X" * 31)])
    assert errors(report) == [(2, "Mã cán bộ", "Mã cán bộ dài quá 30 ký tự.")]


def test_a_code_of_a_cadre_kept_at_another_unit_is_refused(officer, tree):
    CadreFactory(unit=tree["village"], full_name="Ksor Y Phun", birth_year=1969, code="CB00000077")
    report = run(officer, [row("Ksor Y Phun", unit="23575", code="CB00000077", year="1969")])
    assert errors(report) == [
        (2, "Mã đơn vị", "Cán bộ mã “CB00000077” thuộc Tổ dân phố 1; chuyển đơn vị trên trang hồ sơ cán bộ.")
    ]


# --- the web flow's service: check, then confirm once ------------------------------------------


def _checked(tree, officer, django_capture_on_commit_callbacks, rows):
    """A check of a CSV of ``rows`` started by ``officer`` at Phường Pleiku, run to its end."""
    from danvan.core.models import Job

    data = csv_bytes([["Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị"], *rows])
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_check_start(acting_user=officer, unit=tree["pleiku"], name="can-bo.csv", data=data)
    return Job.objects.get(pk=job.pk)


def test_confirming_a_check_twice_starts_one_import_and_imports_once(
    tree, personas, django_capture_on_commit_callbacks
):
    from danvan.core.models import Job, JobStatus

    officer = personas["commune_officer"]
    checked = _checked(
        tree, officer, django_capture_on_commit_callbacks, [["Nay H'Lan", "Nữ", "1988", tree["village"].code]]
    )
    assert checked.status == JobStatus.DONE and checked.result["error_count"] == 0 and Cadre.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = imports.import_confirm(acting_user=officer, checked=checked)
    with django_capture_on_commit_callbacks(execute=True):
        second = imports.import_confirm(acting_user=officer, checked=checked)
    assert second == first and Job.objects.filter(params__source=checked.pk).count() == 1
    assert Job.objects.get(pk=first.pk).status == JobStatus.DONE
    assert list(Cadre.objects.values_list("full_name", flat=True)) == ["Nay H'Lan"]


def test_a_failed_import_may_be_confirmed_again_and_finds_the_people_already_there(
    tree, personas, django_capture_on_commit_callbacks
):
    from danvan.core.models import Job, JobStatus

    officer = personas["commune_officer"]
    checked = _checked(
        tree, officer, django_capture_on_commit_callbacks, [["Nay H'Lan", "Nữ", "1988", tree["village"].code]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = imports.import_confirm(acting_user=officer, checked=checked)
    Job.objects.filter(pk=first.pk).update(status=JobStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        again = imports.import_confirm(acting_user=officer, checked=checked)
    assert again != first and Job.objects.filter(params__source=checked.pk).count() == 2
    assert Cadre.objects.count() == 1


def test_only_a_clean_finished_check_can_be_confirmed(tree, personas, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    from danvan.core.models import Job, JobStatus

    officer = personas["commune_officer"]
    bad = _checked(
        tree, officer, django_capture_on_commit_callbacks, [["Nay H'Lan", "Nữ", "năm ngoái", tree["village"].code]]
    )
    assert bad.result["error_count"] == 1
    with pytest.raises(imports.NotConfirmable):
        imports.import_confirm(acting_user=officer, checked=bad)
    clean = _checked(
        tree, officer, django_capture_on_commit_callbacks, [["Nay H'Lan", "Nữ", "1988", tree["village"].code]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = imports.import_confirm(acting_user=officer, checked=clean)
    with pytest.raises(imports.NotConfirmable):  # the import itself is not a check
        imports.import_confirm(acting_user=officer, checked=Job.objects.get(pk=started.pk))
    Job.objects.filter(pk=clean.pk).update(status=JobStatus.RUNNING)
    with pytest.raises(imports.NotConfirmable):  # a check still running
        imports.import_confirm(acting_user=officer, checked=Job.objects.get(pk=clean.pk))
    Job.objects.filter(pk=clean.pk).update(status=JobStatus.DONE)
    with pytest.raises(PermissionDenied):  # the sibling commune's officer manages nothing at Phường Pleiku
        imports.import_confirm(acting_user=personas["sibling_officer"], checked=Job.objects.get(pk=clean.pk))
    assert Job.objects.filter(params__source=clean.pk).count() == 1 and Cadre.objects.count() == 1
