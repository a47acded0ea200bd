"""The figures for leaders: the movement (registered, recognised by kind, field and level, commended) and whether
it lasts and spreads (follow-ups on time, at risk now, still active after N years, replicated), each compared
with the same period a year earlier, per unit below for a province, scoped, and told in the report's text.

Today is 10/11/2026: the year 2026 is counted to today and compared with 01/01–10/11/2025. Models are
registered (on the days given) through the service and recognised with ``move``."""

import datetime

import pytest
import time_machine

from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.emulation import services
from danvan.emulation.choices import Field, Kind, Level, Vitality
from danvan.emulation.models import Award

from .conftest import FORCES, at
from .recognised import follow_up, recognised

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 10)
YEAR = Period("nam", 2026)


def section(key, unit, user, period=YEAR):
    (found,) = SECTIONS.compute(Context(unit=unit, user=user, period=period, today=TODAY), [key])
    return found


def values(result):
    return {f.label: (f.value, f.previous) for f in result.figures}


def cells(table):
    return [row.cells for row in table.rows]


def registered(user, unit, on, **over):
    from .conftest import register

    with time_machine.travel(at(on), tick=False):
        return register(user, unit, year=on.year, start_on=on, evaluation_on=on + datetime.timedelta(days=200), **over)


def replica(user, origin, unit, on, **over):
    with time_machine.travel(at(on), tick=False):
        return services.practice_replicate(
            acting_user=user, origin=origin, unit=unit, year=on.year, start_on=on,
            evaluation_on=on + datetime.timedelta(days=120), forces=FORCES[:1], **over,
        )  # fmt: skip


def award(unit, kind, on, name):
    return Award.objects.create(
        unit=unit, recipient_kind=kind, recipient=name, form="bang_khen", level=Level.PROVINCE,
        decision_number=f"{on:%j}/QĐ-UBND", decision_on=on,
    )  # fmt: skip


@pytest.fixture
def movement(tree, personas, frozen):
    officer, sibling, village = personas["commune_officer"], personas["sibling_officer"], personas["village_member"]
    p1 = recognised(officer, tree["pleiku"], D(2025, 3, 1), registered=D(2025, 1, 15),
                    name="Hiến đất mở đường tổ dân phố 1 phường Pleiku")  # fmt: skip
    p2 = recognised(sibling, tree["hoiphu"], D(2025, 6, 1), registered=D(2025, 2, 10), level=Level.PROVINCE,
                    kind=Kind.EXEMPLAR, holder="Ksor H'Blơng Người Uy Tín", field=Field.ECONOMY,
                    name="Người uy tín vận động đồng bào trồng cà phê sạch")  # fmt: skip
    registered(officer, tree["pleiku"], D(2025, 4, 1), name="Sân chơi thiếu nhi tổ dân phố 3 phường Pleiku")
    replica(sibling, p1, tree["hoiphu"], D(2025, 8, 1))
    recognised(officer, tree["pleiku"], D(2026, 5, 1), registered=D(2026, 1, 15), field=Field.DEFENCE,
               name="Camera an ninh tổ dân phố 1 phường Pleiku")  # fmt: skip
    recognised(sibling, tree["hoiphu"], D(2026, 7, 1), registered=D(2026, 2, 1), level=Level.PROVINCE,
               name="Mái ấm tình thương phường Hội Phú")  # fmt: skip
    registered(village, tree["village"], D(2026, 3, 1), name="Hũ gạo tình thương tổ dân phố 1")
    replica(sibling, p1, tree["hoiphu"], D(2026, 9, 15))
    replica(officer, p2, tree["pleiku"], D(2026, 10, 1), holder="Rơ Mah Thị Hoa Người Uy Tín")
    recognised(personas["other_province_officer"], tree["bmt"], D(2026, 6, 1), registered=D(2026, 3, 1),
               name="Buôn văn hóa Buôn Ma Thuột")  # fmt: skip
    follow_up(officer, p1, D(2026, 2, 20))  # due 01/03/2026: on time
    follow_up(sibling, p2, D(2026, 6, 20), Vitality.WEAKENING)  # due 01/06/2026: late
    award(tree["gialai"], "tap_the", D(2026, 4, 10), "Ban Công tác Mặt trận tổ dân phố 1")
    award(tree["gialai"], "ca_nhan", D(2026, 4, 10), "Ksor H'Blơng Người Uy Tín")
    award(tree["gialai"], "tap_the", D(2025, 5, 5), "Chi hội Phụ nữ tổ dân phố 1")
    award(tree["gialai"], "tap_the", D(2025, 5, 5), "Chi đoàn tổ dân phố 1")
    award(tree["gialai"], "tap_the", D(2025, 12, 20), "Hội Cựu chiến binh phường Pleiku")  # after 10/11/2025
    award(tree["daklak"], "tap_the", D(2026, 4, 10), "Buôn Ako Dhông")
    return {"p1": p1, "p2": p2}


def test_the_movement_of_a_province(tree, personas, movement):
    result = section("emulation", tree["gialai"], personas["province_leader"])
    assert values(result) == {
        "Mô hình, điển hình đăng ký": (5, 4),
        "Được công nhận": (2, 2),
        "Mô hình (tập thể) được công nhận": (2, 1),
        "Điển hình (cá nhân) được công nhận": (0, 1),
        "Tập thể được khen thưởng": (1, 2),
        "Cá nhân được khen thưởng": (1, 0),
    }
    assert cells(result.table("fields")) == [
        ["Kinh tế", 1, 0, 1], ["Văn hóa – xã hội", 3, 1, 1], ["Quốc phòng – an ninh", 1, 1, 0],
        ["Xây dựng hệ thống chính trị", 0, 0, 0],
    ]  # fmt: skip
    assert cells(result.table("kinds")) == [["Mô hình (tập thể)", 4, 2, 1], ["Điển hình (cá nhân)", 1, 0, 1]]
    assert cells(result.table("levels")) == [["Cấp xã", 1, 1], ["Cấp tỉnh", 1, 1], ["Cấp Trung ương", 0, 0]]
    assert cells(result.table("units")) == [
        ["Gia Lai (trực tiếp)", 0, 0, 0, 0, 2],
        ["Phường Hội Phú", 2, 1, 1, 0, 0],
        ["Phường Pleiku", 3, 1, 1, 0, 0],
    ]
    assert result.sentences == [
        "Có 5 mô hình, điển hình đăng ký thi đua “Dân vận khéo”, tăng 1 mô hình so với cùng kỳ năm 2025; 2 mô "
        "hình, điển hình được công nhận (2 mô hình tập thể), bằng cùng kỳ năm 2025.",
        "Khen thưởng 1 tập thể và 1 cá nhân có thành tích trong phong trào thi đua “Dân vận khéo”.",
    ]


def test_lasting_and_spreading_in_a_province(tree, personas, movement):
    result = section("emulation_lasting", tree["gialai"], personas["province_leader"])
    assert values(result) == {
        "Lượt phúc tra mô hình": (2, 0),
        "Phúc tra đúng hạn": (1, 0),
        "Tỷ lệ phúc tra đúng hạn": (50.0, None),
        "Mô hình có nguy cơ không duy trì": (1, None),
        # 01/03/2025 and 01/06/2025 have had their first year; a year earlier no model had.
        "Còn hoạt động sau 1 năm": (50.0, None),
        "Còn hoạt động sau 2 năm": (None, None),
        "Còn hoạt động sau 3 năm": (None, None),
        "Mô hình được nhân rộng": (2, 1),
        "Mô hình gốc được nhân rộng": (2, 1),
    }
    assert cells(result.table("lasting")) == [["1 năm", 2, 1, 50.0, None], ["2 năm", 0, 0, None, None],
                                              ["3 năm", 0, 0, None, None]]  # fmt: skip
    assert cells(result.table("risk"))[3] == ["Lần phúc tra gần nhất: suy giảm", 1]
    assert cells(result.table("units")) == [
        ["Phường Hội Phú", 1, 0.0, 1, 0.0, None, None, 1],
        ["Phường Pleiku", 1, 100.0, 0, 100.0, None, None, 1],
    ]
    assert result.sentences == [
        "Phúc tra 2 lượt mô hình, điển hình, trong đó 1 lượt đúng hạn (đạt 50,0%).",
        "Hiện có 1 mô hình có nguy cơ không duy trì: 1 mô hình suy giảm.",
        "Tỷ lệ mô hình còn hoạt động hiệu quả sau 1 năm đạt 50,0% (1/2 mô hình).",
        "Có 2 mô hình được nhân rộng từ 2 mô hình gốc, tăng 1 mô hình so với cùng kỳ năm 2025.",
    ]


def test_a_year_later_the_figures_of_2026_are_the_comparison(tree, personas, movement):
    with time_machine.travel(at(D(2027, 11, 10)), tick=False):
        ctx = Context(unit=tree["gialai"], user=personas["province_leader"], period=Period("nam", 2027),
                      today=D(2027, 11, 10))  # fmt: skip
        movement_, lasting = SECTIONS.compute(ctx, ["emulation", "emulation_lasting"])
    assert values(movement_)["Mô hình, điển hình đăng ký"] == (0, 5)
    assert values(movement_)["Được công nhận"] == (0, 2)
    lasting_ = values(lasting)
    assert lasting_["Lượt phúc tra mô hình"] == (0, 2)
    assert lasting_["Còn hoạt động sau 1 năm"] == (25.0, 50.0)  # four models have had a year; only p1 was checked
    assert lasting_["Mô hình được nhân rộng"] == (0, 2)
    # Four models overdue (the two of 2026 never followed up, p1 and p2 due again in 2027).
    assert lasting_["Mô hình có nguy cơ không duy trì"] == (4, None)
    assert movement_.sentences == ["Trong kỳ chưa có mô hình, điển hình nào đăng ký hoặc được công nhận."]


def test_a_commune_sees_its_own_and_no_table_of_units(tree, personas, movement):
    result = section("emulation", tree["pleiku"], personas["commune_officer"])
    assert values(result)["Mô hình, điển hình đăng ký"] == (3, 2)  # the village's counts with its commune
    assert values(result)["Được công nhận"] == (1, 1)
    assert [t.key for t in result.tables] == ["fields", "kinds", "levels"]
    lasting = section("emulation_lasting", tree["pleiku"], personas["commune_officer"])
    assert values(lasting)["Mô hình có nguy cơ không duy trì"] == (0, None)
    assert values(lasting)["Còn hoạt động sau 1 năm"] == (100.0, None)
    assert values(lasting)["Mô hình được nhân rộng"] == (1, 0)
    assert "Hiện có" not in " ".join(lasting.sentences)


def test_the_figures_stay_in_the_users_scope(tree, personas, movement):
    # Hội Phú's officer asking about Gia Lai sees only Hội Phú's records.
    result = section("emulation", tree["gialai"], personas["sibling_officer"])
    assert values(result)["Mô hình, điển hình đăng ký"] == (2, 2)
    assert values(result)["Tập thể được khen thưởng"] == (0, 0)  # the province's awards are not Hội Phú's
    lasting = section("emulation_lasting", tree["gialai"], personas["sibling_officer"])
    assert values(lasting)["Mô hình có nguy cơ không duy trì"] == (1, None)
    assert values(lasting)["Lượt phúc tra mô hình"] == (1, 0)
    # The nation counts both provinces.
    nation = section("emulation", tree["nation"], personas["national_admin"])
    assert values(nation)["Được công nhận"] == (3, 2)
    assert values(nation)["Tập thể được khen thưởng"] == (2, 2)


def test_a_month_and_its_month_a_year_earlier(tree, personas, movement):
    result = section("emulation", tree["gialai"], personas["province_leader"], Period("thang", 2026, 5))
    assert values(result)["Được công nhận"] == (1, 0)  # the camera of 01/05/2026; none in May 2025
    june = section("emulation", tree["gialai"], personas["province_leader"], Period("thang", 2026, 6))
    assert values(june)["Được công nhận"] == (0, 1)  # p2 in June 2025


def test_an_empty_year_tells_no_figure_of_nothing(tree, personas, frozen):
    movement_ = section("emulation", tree["gialai"], personas["province_leader"])
    lasting = section("emulation_lasting", tree["gialai"], personas["province_leader"])
    assert movement_.sentences == ["Trong kỳ chưa có mô hình, điển hình nào đăng ký hoặc được công nhận."]
    assert lasting.sentences == []
    assert values(lasting)["Còn hoạt động sau 1 năm"] == (None, None)
