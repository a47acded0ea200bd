"""Training coverage: the roll-up per child unit, the unit's own staff, and the named list of the untrained."""

import datetime

import pytest
import time_machine

from danvan.cadres import services
from danvan.cadres.choices import AttendanceResult
from danvan.cadres.selectors import training_coverage, untrained_cadres

from .conftest import TODAY, AttendanceFactory, CadreFactory, CourseFactory, at

pytestmark = pytest.mark.django_db

YEAR = 2025


def trained(cadre, course, result=AttendanceResult.PASSED):
    return AttendanceFactory(course=course, cadre=cadre, result=result)


@pytest.fixture
def corps(tree):
    """Cadres of Gia Lai (and one of Đắk Lắk) with their 2025 training."""
    course = CourseFactory(unit=tree["gialai"])
    old_course = CourseFactory(unit=tree["gialai"], start=datetime.date(2024, 5, 5), end=datetime.date(2024, 5, 9))
    # Ends in January: it counts for 2025.
    new_year_course = CourseFactory(
        unit=tree["gialai"], start=datetime.date(2024, 12, 30), end=datetime.date(2025, 1, 3)
    )
    c = {}
    # Province staff: 2, one trained.
    c["prov_trained"] = CadreFactory(unit=tree["gialai"], full_name="Trần Văn Tỉnh")
    c["prov_untrained"] = CadreFactory(unit=tree["gialai"], full_name="Lê Thị Tỉnh")
    trained(c["prov_trained"], course)
    # Pleiku: 3 at the commune and 1 in its village; 3 trained (passed, passed well, new-year course).
    c["pk_passed"] = CadreFactory(unit=tree["pleiku"], full_name="An")
    c["pk_good"] = CadreFactory(unit=tree["pleiku"], full_name="Bình")
    c["pk_old"] = CadreFactory(unit=tree["pleiku"], full_name="Cường")  # trained only in 2024
    c["vil_trained"] = CadreFactory(unit=tree["village"], full_name="Dũng")
    trained(c["pk_passed"], course)
    trained(c["pk_good"], course, AttendanceResult.PASSED_GOOD)
    trained(c["pk_old"], old_course)
    trained(c["vil_trained"], new_year_course)
    # Left in June 2025, trained: not in the 2025 corps at 31/12.
    c["pk_left"] = CadreFactory(unit=tree["pleiku"], full_name="Đào", left_on=datetime.date(2025, 6, 1))
    trained(c["pk_left"], course)
    # Leaves in 2026: still at work on 31/12/2025.
    c["pk_leaves_later"] = CadreFactory(unit=tree["pleiku"], full_name="Giang", left_on=datetime.date(2026, 2, 1))
    # Starts in 2026: not yet in the 2025 corps.
    CadreFactory(unit=tree["pleiku"], full_name="Hà", started_on=datetime.date(2026, 1, 5))
    # Hội Phú: failed, absent, pending: none trained.
    c["hp_failed"] = CadreFactory(unit=tree["hoiphu"], full_name="Khánh")
    c["hp_absent"] = CadreFactory(unit=tree["hoiphu"], full_name="Lan")
    c["hp_pending"] = CadreFactory(unit=tree["hoiphu"], full_name="Minh")
    trained(c["hp_failed"], course, AttendanceResult.FAILED)
    trained(c["hp_absent"], course, AttendanceResult.ABSENT)
    trained(c["hp_pending"], course, AttendanceResult.PENDING)
    # Another province: never counted for Gia Lai.
    c["bmt"] = CadreFactory(unit=tree["bmt"], full_name="Nam")
    trained(c["bmt"], CourseFactory(unit=tree["daklak"]))
    return c


def row_tuple(row):
    return (row["unit"].code, row["cadres"], row["trained"], row["untrained"], row["share"], row["own_staff"])


def test_province_sees_each_commune_and_its_own_staff(tree, corps):
    coverage = training_coverage(tree["gialai"], YEAR)
    assert coverage["day"] == datetime.date(2025, 12, 31)
    assert [row_tuple(r) for r in coverage["rows"]] == [
        ("52", 2, 1, 1, 50.0, True),  # the province's own staff first
        ("23586", 3, 0, 3, 0.0, False),  # Hội Phú: failed/absent/pending are not trained
        ("23575", 5, 3, 2, 60.0, False),  # Pleiku with its village; left and not-yet-started excluded
    ]
    total = coverage["total"]
    assert row_tuple(total) == ("52", 10, 4, 6, 40.0, False)


def test_totals_equal_the_sum_of_the_rows(tree, corps):
    for unit in (tree["nation"], tree["gialai"], tree["pleiku"]):
        coverage = training_coverage(unit, YEAR)
        rows = coverage["rows"]
        assert coverage["total"]["cadres"] == sum(r["cadres"] for r in rows)
        assert coverage["total"]["trained"] == sum(r["trained"] for r in rows)
        assert coverage["total"]["untrained"] == sum(r["untrained"] for r in rows)


def test_nation_rolls_up_provinces(tree, corps):
    coverage = training_coverage(tree["nation"], YEAR)
    assert [row_tuple(r) for r in coverage["rows"]] == [
        ("66", 1, 1, 0, 100.0, False),  # Đắk Lắk sorts before Gia Lai (folded names)
        ("52", 10, 4, 6, 40.0, False),
    ]


def test_commune_sees_its_own_staff_and_its_villages(tree, corps):
    coverage = training_coverage(tree["pleiku"], YEAR)
    assert [row_tuple(r) for r in coverage["rows"]] == [
        ("23575", 4, 2, 2, 50.0, True),
        (tree["village"].code, 1, 1, 0, 100.0, False),
    ]


def test_unit_without_cadres_has_no_share(tree):
    coverage = training_coverage(tree["gialai"], YEAR)
    assert [row_tuple(r) for r in coverage["rows"]] == [
        ("23586", 0, 0, 0, None, False),
        ("23575", 0, 0, 0, None, False),
    ]
    assert coverage["total"]["share"] is None


def test_share_is_rounded_to_one_decimal(tree):
    course = CourseFactory(unit=tree["pleiku"])
    cadres = [CadreFactory(unit=tree["hoiphu"]) for _ in range(3)]
    trained(cadres[0], course)
    row = training_coverage(tree["gialai"], YEAR)["rows"][0]
    assert (row["unit"].code, row["share"]) == ("23586", 33.3)


def test_training_of_another_year_does_not_count(tree, corps):
    coverage = training_coverage(tree["gialai"], 2024)
    # In 2024 only Cường passed (the course of 30/12/2024–03/01/2025 counts for 2025).
    assert coverage["total"]["trained"] == 1
    assert corps["pk_old"] not in untrained_cadres(tree["pleiku"], 2024)
    assert corps["pk_passed"] in untrained_cadres(tree["pleiku"], 2024)


def test_untrained_list_is_exactly_the_complement(tree, corps):
    for unit in (tree["gialai"], tree["pleiku"], tree["hoiphu"]):
        untrained = list(untrained_cadres(unit, YEAR))
        assert len(untrained) == training_coverage(unit, YEAR)["total"]["untrained"]
    names = [c.full_name for c in untrained_cadres(tree["gialai"], YEAR)]
    # Ordered by unit (province, Pleiku, Hội Phú by path) then name.
    assert names == ["Lê Thị Tỉnh", "Cường", "Giang", "Khánh", "Lan", "Minh"]


def test_result_change_moves_a_cadre_between_lists(tree, corps, personas):
    course = corps["hp_failed"].attendances.get().course
    services.attendance_record(
        acting_user=personas["province_admin"], course=course, cadre=corps["hp_failed"], result=AttendanceResult.PASSED
    )
    row = next(r for r in training_coverage(tree["gialai"], YEAR)["rows"] if r["unit"] == tree["hoiphu"])
    assert (row["cadres"], row["trained"]) == (3, 1)
    assert corps["hp_failed"] not in untrained_cadres(tree["hoiphu"], YEAR)


def test_course_moved_to_another_year_moves_its_attendance(tree, corps, personas):
    course = corps["pk_passed"].attendances.get().course
    with time_machine.travel(at(TODAY), tick=False):
        services.course_update(
            acting_user=personas["province_admin"],
            course=course,
            start=datetime.date(2024, 3, 1),
            end=datetime.date(2024, 3, 5),
            title=course.title,
        )
    assert training_coverage(tree["gialai"], YEAR)["total"]["trained"] == 1  # only the new-year course is left
    assert training_coverage(tree["gialai"], 2024)["total"]["trained"] == 5


def test_current_year_is_judged_today(tree):
    course = CourseFactory(unit=tree["gialai"], start=datetime.date(2026, 1, 5), end=datetime.date(2026, 1, 9))
    gone = CadreFactory(unit=tree["pleiku"], left_on=datetime.date(2026, 3, 1))
    staying = CadreFactory(unit=tree["pleiku"], left_on=datetime.date(2026, 6, 1))
    trained(gone, course)
    trained(staying, course)
    with time_machine.travel(at(TODAY), tick=False):
        coverage = training_coverage(tree["gialai"], 2026)
        untrained = list(untrained_cadres(tree["gialai"], 2026))
    assert coverage["day"] == TODAY
    assert (coverage["total"]["cadres"], coverage["total"]["trained"]) == (1, 1)
    assert untrained == []
