"""The share of recognised models still active after 1, 2 and 3 years: a hand-built cohort worked out by hand
(who is in each cohort, which follow-up answers for each year), then the same through the database, per unit
and per field, read through the user's scope."""

import datetime

import pytest

from danvan.emulation import figures, selectors
from danvan.emulation.choices import Field, Vitality
from danvan.emulation.figures import Recognised, active_after, survival

from .recognised import follow_up, recognised

D = datetime.date
A, W, S = Vitality.ACTIVE, Vitality.WEAKENING, Vitality.STOPPED
AS_OF = D(2026, 11, 10)

# Worked out by hand (as of 10/11/2026; "window" is the anniversary less 90 days):
#   1 year  2 years  3 years
# a: 01/03/2023  in ✓ (20/01/2024 ≥ 02/12/2023)  in ✗ (first from 01/12/2024: weakening)  in ✓ (15/02/2026)
# b: 29/02/2024  in ✓ (anniversary 28/02/2025)    in ✗ (nothing from 30/11/2025)          out (28/02/2027)
# c: 11/11/2025  out (its year ends tomorrow)
# d: 10/11/2025  in ✗ (01/08/2026 is before the window, 12/08/2026)
# e: 01/06/2024  in ✗ (stopped)                    in ✓ (found active again on 15/06/2026) out
COHORT = [
    Recognised(1, D(2023, 3, 1), [(D(2024, 1, 20), A), (D(2025, 3, 1), W), (D(2026, 2, 15), A)]),
    Recognised(2, D(2024, 2, 29), [(D(2025, 2, 28), A)]),
    Recognised(3, D(2025, 11, 11), [(D(2026, 9, 1), A)]),
    Recognised(4, D(2025, 11, 10), [(D(2026, 8, 1), A)]),
    Recognised(5, D(2024, 6, 1), [(D(2025, 5, 1), S), (D(2026, 6, 15), A)]),
]


def as_table(found):
    return [(item.years, item.cohort, item.active, item.share) for item in found]


def test_a_hand_built_cohort():
    assert as_table(survival(COHORT, AS_OF)) == [(1, 4, 2, 50.0), (2, 3, 1, 33.3), (3, 1, 1, 100.0)]


def test_the_cohort_a_day_later_and_a_year_earlier():
    # c's year is complete on 11/11/2026, and its follow-up of 01/09/2026 lies in the window (from 13/08/2026).
    assert as_table(survival(COHORT, D(2026, 11, 11))) == [(1, 5, 3, 60.0), (2, 3, 1, 33.3), (3, 1, 1, 100.0)]
    # A year earlier a follow-up done later does not count: e's comeback of 2026 is not yet there.
    assert as_table(survival(COHORT, D(2025, 11, 10))) == [(1, 3, 2, 66.7), (2, 1, 0, 0.0), (3, 0, 0, None)]


def test_which_follow_up_answers_for_a_year():
    day = D(2024, 6, 1)
    # A follow-up up to 90 days early counts for the year; 91 days early it does not.
    assert active_after(day, [(D(2025, 3, 3), A)], 1, AS_OF) is True
    assert active_after(day, [(D(2025, 3, 2), A)], 1, AS_OF) is False
    # The first one in the window answers, not the best: a weakening one, then an active one.
    assert active_after(day, [(D(2025, 5, 1), W), (D(2025, 7, 1), A)], 1, AS_OF) is False
    # Late is still an answer for the year it is the first after.
    assert active_after(day, [(D(2026, 1, 20), A)], 1, AS_OF) is True
    # Nobody checked: not shown active. Not yet a year: not in the cohort.
    assert active_after(day, [], 1, AS_OF) is False
    assert active_after(D(2026, 1, 1), [(D(2026, 6, 1), A)], 1, AS_OF) is None
    # Not after the day the figure is read.
    assert active_after(day, [(D(2025, 6, 20), A)], 1, D(2025, 6, 10)) is False


@pytest.mark.django_db
def test_per_unit_and_per_field_through_the_database(tree, personas, frozen):
    officer, sibling = personas["commune_officer"], personas["sibling_officer"]
    road = recognised(officer, tree["pleiku"], D(2024, 3, 4), name="Đường hoa tổ dân phố 1 phường Pleiku")
    follow_up(officer, road, D(2025, 3, 1))
    follow_up(officer, road, D(2026, 3, 2), W)
    camera = recognised(officer, tree["pleiku"], D(2025, 6, 2), field=Field.DEFENCE,
                        name="Camera an ninh tổ dân phố 1 phường Pleiku")  # fmt: skip
    follow_up(officer, camera, D(2026, 6, 1))
    village = recognised(personas["village_member"], tree["village"], D(2025, 9, 1),
                         name="Hũ gạo tình thương tổ dân phố 1")  # fmt: skip
    follow_up(personas["village_member"], village, D(2026, 8, 25), S, values=["0", "0"], files=[])
    shelter = recognised(sibling, tree["hoiphu"], D(2024, 10, 1), name="Mái ấm tình thương phường Hội Phú")
    follow_up(sibling, shelter, D(2025, 10, 1))
    recognised(personas["other_province_officer"], tree["bmt"], D(2024, 1, 5), name="Buôn văn hóa Buôn Ma Thuột")

    table = selectors.survival(personas["province_admin"], tree["gialai"], AS_OF)
    assert table.recognised == 4
    assert as_table(table.total) == [(1, 4, 3, 75.0), (2, 2, 0, 0.0), (3, 0, 0, None)]
    units = {row.label: (row.recognised, as_table(row.figures)) for row in table.units}
    assert units == {
        "Phường Hội Phú": (1, [(1, 1, 1, 100.0), (2, 1, 0, 0.0), (3, 0, 0, None)]),
        # The village's model counts with its commune; the road weakened in its second year.
        "Phường Pleiku": (3, [(1, 3, 2, 66.7), (2, 1, 0, 0.0), (3, 0, 0, None)]),
    }
    fields = {row.label: as_table(row.figures)[0] for row in table.fields}
    assert fields == {
        "Kinh tế": (1, 0, 0, None), "Văn hóa – xã hội": (1, 3, 2, 66.7), "Quốc phòng – an ninh": (1, 1, 1, 100.0),
        "Xây dựng hệ thống chính trị": (1, 0, 0, None),
    }  # fmt: skip
    # The road's second year (04/03/2026) is complete: its follow-up of 02/03/2026 found it weakening.
    mine = selectors.survival(officer, tree["pleiku"], AS_OF)
    assert as_table(mine.total)[1] == (2, 1, 0, 0.0)
    assert [row.label for row in mine.units] == ["Phường Pleiku", "Tổ dân phố 1"]
    assert [row.recognised for row in mine.units] == [2, 1]


@pytest.mark.django_db
def test_the_second_year_of_a_model(tree, personas, frozen):
    officer = personas["commune_officer"]
    road = recognised(officer, tree["pleiku"], D(2024, 3, 4), name="Đường hoa tổ dân phố 1 phường Pleiku")
    follow_up(officer, road, D(2025, 3, 1))
    follow_up(officer, road, D(2026, 3, 2), W)
    models = figures.load(selectors.recognised(officer, tree["pleiku"]), AS_OF)
    assert as_table(survival(models, AS_OF)) == [(1, 1, 1, 100.0), (2, 1, 0, 0.0), (3, 0, 0, None)]
    # Read as of a day before the second follow-up was done, the second year is not complete yet.
    assert as_table(survival(figures.load(selectors.recognised(officer, tree["pleiku"]), D(2026, 3, 1)),
                             D(2026, 3, 1))) == [(1, 1, 1, 100.0), (2, 0, 0, None), (3, 0, 0, None)]  # fmt: skip
