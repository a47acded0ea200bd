"""The figures for leaders: receptions (with the Form 2a table), leaders' reception days against their duty,
dialogues and commitments; each with the same period a year earlier, scoped to the unit and below.

Records are built directly with the ORM in the test tree (today is 10/11/2026: the year 2026 is counted to
today and compared with 01/01–10/11/2025)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from danvan.cadres.choices import Title
from danvan.cases.models import Field
from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.engagement import form_2a
from danvan.engagement.models import Commitment, Dialogue, DutyRule, Question, Reception, Schedule, Session
from danvan.engagement.schedules import required_days

from .conftest import TODAY, at, make_cadre

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period("nam", 2026)
OCTOBER = Period("thang", 2026, 10)


def section(key, unit, user, period=YEAR):
    (found,) = SECTIONS.compute(Context(unit=unit, user=user, period=period, today=TODAY), [key])
    return found


def values(result):
    return {f.label: (f.value, f.previous) for f in result.figures}


def cells(table):
    return [row.cells for row in table.rows]


_numbers = {}


def reception(unit, official, day, *, kind="thuong_xuyen", people=1, case_kind="kien_nghi", field=None,
              handling="thu_ly", repeat=False):  # fmt: skip
    _numbers[unit.pk] = _numbers.get(unit.pk, 0) + 1
    return Reception.objects.create(
        unit=unit, number=_numbers[unit.pk], received_at=at(day), location="Trụ sở tiếp công dân", kind=kind,
        official=official, people=people, case_kind=case_kind,
        field=Field.objects.get(code=field) if field else None, place=unit, handling=handling, is_repeat=repeat,
        citizen_name="Nguyễn Văn Bình Tổ Hai", content="Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất.",
        representatives="Nguyễn Văn Bình\nTrần Thị Cúc" if people >= 5 else "",
    )  # fmt: skip


@pytest.fixture
def receptions(tree, cadres):
    pleiku, staff, chair = tree["pleiku"], cadres["staff"], cadres["chair"]
    _numbers.clear()
    # This year in Pleiku: five entries, two of them delegations (7 and 12 people), two old cases.
    reception(pleiku, staff, D(2026, 3, 2))
    reception(pleiku, staff, D(2026, 4, 6), people=7, case_kind="khieu_nai", field="dat_dai", handling="huong_dan")
    reception(pleiku, staff, D(2026, 5, 4), case_kind="khieu_nai", field="moi_truong", handling="chuyen_don",
              repeat=True)  # fmt: skip
    reception(pleiku, chair, D(2026, 6, 1), kind="lanh_dao_dinh_ky", case_kind="to_cao")
    reception(pleiku, chair, D(2026, 10, 20), kind="lanh_dao_dot_xuat", people=12, case_kind="phan_anh", repeat=True)
    # A year earlier, within 01/01–10/11/2025: two; on 01/12/2025, outside both spans: one.
    reception(pleiku, staff, D(2025, 2, 3))
    reception(pleiku, staff, D(2025, 9, 8), case_kind="khieu_nai", field="dat_dai")
    reception(pleiku, staff, D(2025, 12, 1), people=30)
    # The sibling ward, this year: counted for the province, never for Pleiku.
    reception(tree["hoiphu"], cadres["sibling_staff"], D(2026, 7, 7), people=3)


def test_receptions_are_counted_by_visits_people_delegations_and_old_or_new(receptions, tree, personas):
    found = section("receptions", tree["pleiku"], personas["commune_officer"])
    assert values(found) == {
        "Lượt tiếp công dân": (5, 2),
        "Số người được tiếp": (22, 2),
        "Đoàn đông người": (2, 0),
        "Vụ việc mới phát sinh": (3, 2),
        "Vụ việc cũ": (2, 0),
        "Lượt lãnh đạo trực tiếp tiếp": (2, 0),
    }
    assert cells(found.table("kinds")) == [
        # kind, visits, people, delegations, old, new, a year earlier
        ["Tiếp thường xuyên", 3, 9, 1, 1, 2, 2],
        ["Lãnh đạo tiếp định kỳ", 1, 1, 0, 0, 1, 0],
        ["Lãnh đạo tiếp đột xuất", 1, 12, 1, 1, 0, 0],
    ]
    assert found.table("kinds").total == ["Tổng số", 5, 22, 2, 2, 3, 2]
    assert cells(found.table("handling")) == [
        ["Thụ lý giải quyết", 3, 2],
        ["Trả lại đơn và hướng dẫn bằng văn bản", 1, 0],
        ["Chuyển đơn đến cơ quan có thẩm quyền", 1, 0],
    ]
    assert cells(found.table("case_kinds")) == [["Phản ánh", 1, 0], ["Kiến nghị", 1, 1], ["Khiếu nại", 2, 1],
                                                ["Tố cáo", 1, 0]]  # fmt: skip
    assert sorted(map(tuple, cells(found.table("fields")))) == [
        ("Chưa phân loại", 3, 1), ("Môi trường", 1, 0), ("Đất đai", 1, 1)
    ]  # fmt: skip
    assert found.sentences[0] == (
        "Tiếp 5 lượt công dân với 22 người, tăng 3 lượt so với cùng kỳ năm 2025; 3 vụ việc mới phát sinh, 2 vụ việc cũ."
    )
    assert "Có 2 đoàn đông người với 19 người." in found.sentences
    assert found.figures[0].link == f"/tiep-cong-dan/?unit={tree['pleiku'].pk}&year=2026"


def test_the_form_2a_table_counts_regular_and_leaders_reception_and_the_content(receptions, tree, personas):
    table = section("receptions", tree["pleiku"], personas["commune_officer"]).table("form_2a")
    assert [c.label for c in table.columns] == ["Chỉ tiêu", "Kỳ này", "Cùng kỳ 2025"]
    assert cells(table) == [
        ["Tiếp thường xuyên: số lượt", 3, 2],
        ["Tiếp thường xuyên: số người", 9, 2],
        ["Tiếp thường xuyên: vụ việc cũ", 1, 0],
        ["Tiếp thường xuyên: vụ việc mới phát sinh", 2, 2],
        ["Tiếp thường xuyên, đoàn đông người: số đoàn", 1, 0],
        ["Tiếp thường xuyên, đoàn đông người: số người", 7, 0],
        ["Tiếp thường xuyên, đoàn đông người: vụ việc cũ", 0, 0],
        ["Tiếp thường xuyên, đoàn đông người: vụ việc mới phát sinh", 1, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất: số lượt", 2, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất: số người", 13, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất: vụ việc cũ", 1, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất: vụ việc mới phát sinh", 1, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: số đoàn", 1, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: số người", 12, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: vụ việc cũ", 1, 0],
        ["Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: vụ việc mới phát sinh", 0, 0],
        ["Nội dung: khiếu nại (số vụ việc)", 2, 1],
        ["Khiếu nại: lĩnh vực đất đai", 1, 1],
        ["Khiếu nại: chính sách, chế độ", 0, 0],
        ["Khiếu nại: lĩnh vực khác", 1, 0],
        ["Nội dung: tố cáo (số vụ việc)", 1, 0],
        ["Nội dung: phản ánh, kiến nghị, khác (số vụ việc)", 2, 1],
    ]


def test_a_province_sets_its_own_form_2a_columns(receptions, tree, personas, settings):
    settings.DANVAN_RECEPTION_FORM_COLUMNS = [
        ("tong.luot", "Tổng số lượt tiếp"), ("khieu_nai.dat_dai", "KN đất đai"), ("khieu_nai.con_lai", "KN khác"),
        ("to_cao", "Tố cáo"),
    ]  # fmt: skip
    table = section("receptions", tree["pleiku"], personas["commune_officer"]).table("form_2a")
    assert cells(table) == [["Tổng số lượt tiếp", 5, 2], ["KN đất đai", 1, 1], ["KN khác", 1, 0], ["Tố cáo", 1, 0]]
    settings.DANVAN_RECEPTION_FORM_COLUMNS = [("tong.luot", "Tổng"), ("so_luot", "Sai mã")]
    with pytest.raises(ImproperlyConfigured, match="so_luot"):
        form_2a.columns()


def test_receptions_are_scoped_to_the_unit_and_below(receptions, tree, personas):
    assert values(section("receptions", tree["hoiphu"], personas["sibling_officer"]))["Lượt tiếp công dân"] == (1, 0)
    province = section("receptions", tree["gialai"], personas["province_leader"])
    assert values(province)["Lượt tiếp công dân"] == (6, 2)
    assert values(province)["Số người được tiếp"] == (25, 2)
    units = {row.cells[0]: (row.cells[1:], row.drill) for row in province.table("units").rows}
    assert units["Phường Pleiku"][0] == [5, 22, 2, 2] and units["Phường Hội Phú"][0] == [1, 3, 0, 0]
    assert units["Phường Pleiku"][1] == f"/tong-hop/?unit={tree['pleiku'].pk}&ky=nam&nam=2026&so=1"


# --- leaders' reception days ----------------------------------------------------------------------------


def test_the_days_a_duty_asks_in_a_month():
    weekly, monthly = DutyRule(days=1, period="tuan"), DutyRule(days=2, period="thang")
    # A week belongs to the month of its Thursday: October 2026 has the weeks of Mondays 28/9, 5, 12, 19 and 26;
    # November 2026 those of Mondays 2, 9, 16 and 23 (the week of 30/11 has its Thursday in December).
    assert required_days(weekly, 2026, 10) == 5
    assert required_days(DutyRule(days=2, period="tuan"), 2026, 11) == 8
    # A month still running: only the weeks whose Friday has passed (the week of Monday 2 ends on Friday 6).
    assert required_days(weekly, 2026, 11, until=D(2026, 11, 10)) == 1
    assert required_days(monthly, 2026, 10) == 2
    assert required_days(monthly, 2026, 11, until=D(2026, 11, 10)) == 0  # not over yet


@pytest.fixture
def sessions(tree, cadres):
    pleiku, chair, secretary, vice = tree["pleiku"], cadres["chair"], cadres["secretary"], cadres["vice"]
    common = {"starts_at": datetime.time(7, 30), "ends_at": datetime.time(11, 0), "place": "Trụ sở UBND phường"}
    Schedule.objects.create(unit=pleiku, leader=chair, title=Title.PEOPLES_COMMITTEE_CHAIR, pattern="thu_trong_tuan",
                            days="3", valid_from=D(2024, 1, 1), **common)  # fmt: skip
    Schedule.objects.create(unit=pleiku, leader=secretary, title=Title.PARTY_SECRETARY, pattern="ngay_trong_thang",
                            days="15, 29", valid_from=D(2026, 1, 1), **common)  # fmt: skip

    def day(leader, title, date, status, unit=pleiku, deputy=None):
        Session.objects.create(unit=unit, leader=leader, title=title, date=date, status=status, deputy=deputy)

    chair_t, secretary_t = Title.PEOPLES_COMMITTEE_CHAIR, Title.PARTY_SECRETARY
    # October 2026 (no delegation since 01/07/2026): the chair holds 4 of 5 weekly days and delegates one.
    for d in (2, 6, 13, 20):
        day(chair, chair_t, D(2026, 10, d), "da_tiep")
    day(chair, chair_t, D(2026, 10, 27), "uy_quyen", deputy=vice)
    # The Party secretary holds the two days a month and misses one more.
    day(secretary, secretary_t, D(2026, 10, 15), "da_tiep")
    day(secretary, secretary_t, D(2026, 10, 29), "da_tiep")
    day(secretary, secretary_t, D(2026, 10, 1), "khong_tiep")
    # October 2025 (delegation then allowed): three held and two delegated make the five weeks.
    for d in (2, 7, 14):
        day(chair, chair_t, D(2025, 10, d), "da_tiep")
    for d in (21, 28):
        day(chair, chair_t, D(2025, 10, d), "uy_quyen", deputy=vice)
    # The sibling ward's chair missed a day: the province counts it, Pleiku does not.
    hoiphu_chair = make_cadre(tree["hoiphu"], "HP-CT-0002", "Võ Thị Thanh Tâm Hội Phú", Title.PEOPLES_COMMITTEE_CHAIR)
    day(hoiphu_chair, chair_t, D(2026, 10, 7), "khong_tiep", unit=tree["hoiphu"])


def test_leaders_are_behind_when_the_days_counted_fall_short(sessions, tree, personas, cadres):
    found = section("reception_duty", tree["pleiku"], personas["commune_officer"], OCTOBER)
    assert values(found) == {
        "Lãnh đạo có trách nhiệm tiếp công dân": (2, 1),
        "Lãnh đạo chưa tiếp đủ số ngày": (1, 0),
        "Ngày lãnh đạo đã tiếp": (6, 3),
        "Ngày ủy quyền cấp phó tiếp": (1, 2),
        "Ngày không tiếp": (1, 0),
    }
    assert cells(found.table("leaders")) == [
        # leader, unit, post, required, held, delegated, missed, verdict
        ["Nguyễn Thị Hồng Nhung Pleiku", "Phường Pleiku", "Chủ tịch Ủy ban nhân dân", 5, 4, 1, 0, "Chưa đủ"],
        ["Trần Văn Quang Minh Pleiku", "Phường Pleiku", "Bí thư Đảng ủy", 2, 2, 0, 1, "Đủ"],
    ]
    assert "Còn 1 lãnh đạo chưa tiếp đủ: Nguyễn Thị Hồng Nhung Pleiku (4/5 ngày)." in found.sentences
    province = section("reception_duty", tree["gialai"], personas["province_leader"], OCTOBER)
    assert values(province)["Ngày không tiếp"] == (2, 0)
    assert values(province)["Lãnh đạo chưa tiếp đủ số ngày"] == (2, 0)
    units = {row.cells[0]: row.cells[1:] for row in province.table("units").rows}
    # unit: leaders, behind, held, delegated, missed
    assert units["Phường Pleiku"] == [2, 1, 6, 1, 1] and units["Phường Hội Phú"] == [1, 1, 0, 0, 1]


# --- dialogues ------------------------------------------------------------------------------------------


@pytest.fixture
def dialogues(tree, cadres):
    def dialogue(unit, level, date, chair, participants, questions):
        held = Dialogue.objects.create(unit=unit, level=level, date=date, chair=chair, chair_role="chu_tich",
                                       topic="Đối thoại về giải phóng mặt bằng đường vành đai phía Tây",
                                       location="Hội trường", participants=participants)  # fmt: skip
        for order in range(1, questions + 1):
            Question.objects.create(dialogue=held, order=order, content="Đề nghị công khai phương án bồi thường.")

    pleiku, chair = tree["pleiku"], cadres["chair"]
    dialogue(pleiku, "xa", D(2026, 4, 10), chair, {"nong_dan": 40, "phu_nu": 25}, 3)
    dialogue(pleiku, "xa", D(2026, 9, 1), chair, {"thanh_nien": 15}, 1)
    dialogue(pleiku, "xa", D(2025, 6, 1), chair, {"khac": 30}, 0)
    dialogue(tree["gialai"], "tinh", D(2026, 5, 5), cadres["province_chair"], {"doanh_nghiep": 60}, 2)
    dialogue(tree["hoiphu"], "xa", D(2026, 8, 8), cadres["sibling_staff"], {"nong_dan": 10}, 1)


def test_dialogues_by_level_with_participants_and_questions(dialogues, tree, personas):
    found = section("dialogues", tree["pleiku"], personas["commune_officer"])
    assert values(found) == {
        "Buổi đối thoại": (2, 1),
        "Lượt người tham dự": (80, 30),
        "Ý kiến nêu tại đối thoại": (4, 0),
    }
    assert cells(found.table("levels")) == [["Cấp tỉnh", 0, 0, 0, 0], ["Cấp xã", 2, 80, 4, 1]]
    province = section("dialogues", tree["gialai"], personas["province_leader"])
    assert values(province) == {"Buổi đối thoại": (4, 1), "Lượt người tham dự": (150, 30),
                                "Ý kiến nêu tại đối thoại": (7, 0)}  # fmt: skip
    assert cells(province.table("levels")) == [["Cấp tỉnh", 1, 60, 2, 0], ["Cấp xã", 3, 90, 5, 1]]


# --- commitments ----------------------------------------------------------------------------------------


def promise(unit, made, due, status="mo", kept=None, parent=None):
    return Commitment.objects.create(unit=unit, content="Sửa chữa đường bê tông tổ dân phố 3", made_on=made,
                                     due_on=due, status=status, kept_on=kept, parent=parent, source="doi_thoai",
                                     progress=100 if status == "da_thuc_hien" else 0)  # fmt: skip


@pytest.fixture
def commitments(tree):
    pleiku = tree["pleiku"]
    kept = promise(pleiku, D(2026, 2, 1), D(2026, 5, 1), "da_thuc_hien", D(2026, 4, 20))  # kept on time
    promise(pleiku, D(2026, 3, 1), D(2026, 6, 1), "da_thuc_hien", D(2026, 7, 15))  # kept late
    promise(pleiku, D(2026, 4, 1), D(2026, 8, 1), "dang_thuc_hien")  # overdue now
    promise(pleiku, D(2026, 9, 1), D(2027, 1, 31))  # not due yet
    promise(pleiku, D(2025, 10, 1), D(2026, 3, 1), "khong_thuc_hien")  # due, not kept
    promise(pleiku, D(2026, 2, 1), D(2026, 3, 1), "da_thuc_hien", D(2026, 2, 20), parent=kept)  # a part: not counted
    promise(pleiku, D(2025, 1, 10), D(2025, 6, 1), "da_thuc_hien", D(2025, 5, 1))  # a year earlier, on time
    promise(tree["hoiphu"], D(2026, 1, 5), D(2026, 2, 1), "da_thuc_hien", D(2026, 1, 20))  # the sibling ward


def test_commitments_made_kept_on_time_overdue_and_the_rate(commitments, tree, personas):
    found = section("commitments", tree["pleiku"], personas["commune_officer"])
    assert values(found) == {
        "Cam kết mới": (4, 2),
        "Cam kết đã thực hiện": (2, 1),
        "Thực hiện đúng hạn": (1, 1),
        "Hiện đang quá hạn": (1, None),
        "Tỷ lệ cam kết thực hiện đúng hạn": (25.0, 100.0),  # 1 of the 4 due this year; 1 of 1 a year earlier
    }
    assert found.figure("Tỷ lệ cam kết thực hiện đúng hạn").note == "1/4 cam kết đến hạn trong kỳ"
    province = section("commitments", tree["gialai"], personas["province_leader"])
    assert values(province)["Cam kết mới"] == (5, 2)
    assert values(province)["Tỷ lệ cam kết thực hiện đúng hạn"] == (40.0, 100.0)  # 2 of 5
    units = {row.cells[0]: row.cells[1:] for row in province.table("units").rows}
    # unit: made, kept, on time, overdue now, rate
    assert units["Phường Pleiku"] == [4, 2, 1, 1, 25.0] and units["Phường Hội Phú"] == [1, 1, 1, 0, 100.0]


def test_every_section_goes_into_the_periodic_report_files(receptions, commitments, tree, personas):
    from danvan.reports.documents import build_xlsx
    from danvan.reports.models import PeriodicReport

    report = PeriodicReport.objects.create(unit=tree["pleiku"], period_kind="nam", year=2026, title="Báo cáo năm 2026")
    ctx = Context(unit=tree["pleiku"], user=personas["commune_officer"], period=YEAR, today=TODAY)
    results = SECTIONS.compute(ctx, ["receptions", "commitments"])
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(build_xlsx(report, results)))
    sheet = next(book[name] for name in book.sheetnames if "biểu mẫu 2a" in name or "2a" in book[name]["A1"].value)
    rows = list(sheet.values)
    assert rows[2] == ("Chỉ tiêu", "Kỳ này", "Cùng kỳ 2025")
    assert rows[3] == ("Tiếp thường xuyên: số lượt", 3, 2)


def test_the_dashboard_and_the_word_and_pdf_files_carry_the_sections(receptions, sessions, dialogues, commitments,
                                                                     tree, personas, client):  # fmt: skip
    from danvan.reports.documents import build_docx, build_pdf
    from danvan.reports.models import PeriodicReport

    client.force_login(personas["province_leader"])
    body = client.get(f"/tong-hop/?unit={tree['gialai'].pk}&ky=nam&nam=2026").content.decode()
    for title in ("Tiếp công dân", "Lãnh đạo tiếp công dân định kỳ", "Người đứng đầu đối thoại với Nhân dân",
                  "Thực hiện cam kết với người dân", "Kết quả tiếp công dân (theo biểu mẫu 2a)"):  # fmt: skip
        assert title in body
    report = PeriodicReport.objects.create(unit=tree["gialai"], period_kind="nam", year=2026, title="Báo cáo năm 2026")
    ctx = Context(unit=tree["gialai"], user=personas["province_leader"], period=YEAR, today=TODAY)
    results = SECTIONS.compute(ctx, ["receptions", "reception_duty", "dialogues", "commitments"])
    from io import BytesIO

    from docx import Document

    doc = Document(BytesIO(build_docx(report, results, TODAY)))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.endswith("Kết quả tiếp công dân (theo biểu mẫu 2a)") for t in texts)
    assert any(row.cells[0].text == "Lãnh đạo tiếp định kỳ, đột xuất: số lượt" for t in doc.tables for row in t.rows)
    assert build_pdf(report, results, TODAY).startswith(b"%PDF")
