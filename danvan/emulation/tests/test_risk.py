"""When a recognised model is at risk: the rules on plain data (overdue, below baseline in the indicator's
direction, stalled, weakening or stopped), then the at-risk list of a unit: the models of the unit and below in
the user's scope, with their reasons, read in a number of queries that does not grow with the models."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.emulation import selectors
from danvan.emulation.choices import Vitality
from danvan.emulation.risk import Latest, Point, Reason, Track, flags, labels

from .recognised import follow_up, recognised

D = datetime.date
TODAY = D(2026, 11, 10)


def track(baseline, target, *points, higher=True):
    return Track(1, "Số hộ tham gia tổ tự quản", "hộ", Decimal(baseline), Decimal(target), higher,
                 [Point(day, Decimal(value), fu) for day, value, fu in points])  # fmt: skip


def test_overdue_from_the_day_after_the_due_date():
    assert flags(today=D(2026, 3, 1), next_follow_up_on=D(2026, 3, 1), latest=None, tracks=[]) == []
    assert flags(today=D(2026, 3, 2), next_follow_up_on=D(2026, 3, 1), latest=None, tracks=[]) == [Reason.OVERDUE]
    assert flags(today=D(2030, 1, 1), next_follow_up_on=None, latest=None, tracks=[]) == []


def test_below_baseline_in_the_indicators_direction():
    more = track("40", "100", (D(2025, 6, 1), "39", None))
    assert flags(today=TODAY, next_follow_up_on=None, latest=None, tracks=[more]) == [Reason.BELOW_BASELINE]
    at_baseline = track("40", "100", (D(2025, 6, 1), "40", None))
    assert flags(today=TODAY, next_follow_up_on=None, latest=None, tracks=[at_baseline]) == []
    # Fewer is better (households in poverty): a rise above the baseline is the fall.
    poor = track("30", "5", (D(2025, 6, 1), "31", None), higher=False)
    assert flags(today=TODAY, next_follow_up_on=None, latest=None, tracks=[poor]) == [Reason.BELOW_BASELINE]
    fewer = track("30", "5", (D(2025, 6, 1), "12", None), higher=False)
    assert flags(today=TODAY, next_follow_up_on=None, latest=None, tracks=[fewer]) == []
    # Only the latest value counts: a model that recovered is not flagged for an old dip.
    recovered = track("40", "100", (D(2025, 6, 1), "35", None), (D(2026, 6, 1), "60", 7))
    assert Reason.BELOW_BASELINE not in flags(
        today=TODAY, next_follow_up_on=None, latest=Latest(7, D(2026, 6, 1), Vitality.ACTIVE), tracks=[recovered]
    )  # fmt: skip


def test_stalled_when_no_indicator_improved_at_the_latest_follow_up_while_a_target_is_not_reached():
    latest = Latest(9, D(2026, 6, 1), Vitality.ACTIVE)
    flat = track("0", "100", (D(2025, 6, 1), "60", 8), (D(2026, 6, 1), "60", 9))
    worse = track("0", "46", (D(2025, 6, 1), "30", 8), (D(2026, 6, 1), "28", 9))
    assert flags(today=TODAY, next_follow_up_on=None, latest=latest, tracks=[flat, worse]) == [Reason.STALLED]
    # One indicator improved: not stalled.
    better = track("0", "46", (D(2025, 6, 1), "30", 8), (D(2026, 6, 1), "31", 9))
    assert flags(today=TODAY, next_follow_up_on=None, latest=latest, tracks=[flat, better]) == []
    # Every target reached and kept: a model that holds its results has not stalled.
    held = track("0", "60", (D(2025, 6, 1), "60", 8), (D(2026, 6, 1), "60", 9))
    assert flags(today=TODAY, next_follow_up_on=None, latest=latest, tracks=[held]) == []
    # The first follow-up is compared with the baseline when nothing was measured before it.
    first = track("20", "100", (D(2026, 6, 1), "20", 9))
    assert flags(today=TODAY, next_follow_up_on=None, latest=latest, tracks=[first]) == [Reason.STALLED]
    # Fewer is better: going down is improving.
    poor = track("30", "5", (D(2025, 6, 1), "20", 8), (D(2026, 6, 1), "18", 9), higher=False)
    assert flags(today=TODAY, next_follow_up_on=None, latest=latest, tracks=[poor]) == []
    # Without a follow-up there is nothing to stall at.
    assert flags(today=TODAY, next_follow_up_on=None, latest=None, tracks=[flat]) == []


def test_what_the_latest_follow_up_found():
    for vitality, expected in ((Vitality.ACTIVE, []), (Vitality.WEAKENING, [Reason.WEAKENING]),
                               (Vitality.STOPPED, [Reason.STOPPED])):  # fmt: skip
        latest = Latest(3, D(2026, 6, 1), vitality)
        assert flags(today=TODAY, next_follow_up_on=D(2027, 6, 1), latest=latest, tracks=[]) == expected


def test_reasons_add_up_and_read_in_vietnamese():
    latest = Latest(9, D(2025, 6, 1), Vitality.WEAKENING)
    fell = track("40", "100", (D(2025, 6, 1), "35", 9))
    found = flags(today=TODAY, next_follow_up_on=D(2026, 6, 1), latest=latest, tracks=[fell])
    assert found == [Reason.OVERDUE, Reason.BELOW_BASELINE, Reason.STALLED, Reason.WEAKENING]
    assert labels(found) == [
        "Quá hạn phúc tra", "Chỉ tiêu kém hơn giá trị ban đầu", "Chỉ tiêu không tiến triển, chưa đạt mục tiêu",
        "Lần phúc tra gần nhất: suy giảm",
    ]  # fmt: skip


# --- the at-risk list ----------------------------------------------------------------------------------------


@pytest.fixture
def models(tree, personas, frozen):
    """Recognised models of Gia Lai and Đắk Lắk (today is 10/11/2026)."""
    officer, sibling = personas["commune_officer"], personas["sibling_officer"]
    late = recognised(officer, tree["pleiku"], D(2025, 10, 1), name="Tổ tự quản đường hoa Ksor H'Blơng")
    fine = recognised(officer, tree["pleiku"], D(2026, 3, 1), name="Camera an ninh tổ dân phố 1 phường Pleiku")
    weak = recognised(sibling, tree["hoiphu"], D(2025, 5, 10), name="Mái ấm tình thương phường Hội Phú")
    follow_up(sibling, weak, D(2026, 5, 2), Vitality.WEAKENING)
    village = recognised(personas["village_member"], tree["village"], D(2025, 2, 1),
                         name="Hũ gạo tình thương tổ dân phố 1")  # fmt: skip
    follow_up(personas["village_member"], village, D(2026, 1, 20), values=["200", "10"])
    far = recognised(personas["other_province_officer"], tree["bmt"], D(2024, 1, 5),
                     name="Dân vận khéo trong xây dựng buôn văn hóa Buôn Ma Thuột")  # fmt: skip
    return {"late": late, "fine": fine, "weak": weak, "village": village, "far": far}


@pytest.mark.django_db
def test_the_at_risk_list_of_a_commune_and_of_a_province(tree, personas, models):
    def names(user, unit, reason=""):
        return {row.practice.name: row.labels for row in selectors.at_risk(user, unit, TODAY, reason)}

    assert names(personas["commune_officer"], tree["pleiku"]) == {
        "Tổ tự quản đường hoa Ksor H'Blơng": ["Quá hạn phúc tra"],
        # 200 m² of 1,250 and 10 of 46 households at its only follow-up: better than the baseline (0), not stalled.
    }
    assert names(personas["province_admin"], tree["gialai"]) == {
        "Tổ tự quản đường hoa Ksor H'Blơng": ["Quá hạn phúc tra"],
        "Mái ấm tình thương phường Hội Phú": ["Lần phúc tra gần nhất: suy giảm"],
    }
    assert names(personas["province_admin"], tree["gialai"], Reason.WEAKENING) == {
        "Mái ấm tình thương phường Hội Phú": ["Lần phúc tra gần nhất: suy giảm"],
    }
    assert names(personas["other_province_officer"], tree["bmt"]) == {
        "Dân vận khéo trong xây dựng buôn văn hóa Buôn Ma Thuột": ["Quá hạn phúc tra"],
    }
    # The nation's administrator sees both provinces; a viewer of another commune sees nothing of Pleiku.
    assert len(names(personas["national_admin"], tree["nation"])) == 3
    assert names(personas["sibling_officer"], tree["hoiphu"]) == {
        "Mái ấm tình thương phường Hội Phú": ["Lần phúc tra gần nhất: suy giảm"],
    }


@pytest.mark.django_db
def test_a_follow_up_that_finds_an_indicator_below_its_baseline_or_stalled(tree, personas, models):
    officer = personas["commune_officer"]
    fine = models["fine"]
    follow_up(officer, fine, D(2026, 9, 1), values=["300", "12"])
    follow_up(officer, fine, D(2026, 11, 2), values=["300", "11"])  # nothing improved, targets far
    rows = {row.practice.pk: row.reasons for row in selectors.at_risk(officer, tree["pleiku"], TODAY)}
    assert rows[fine.pk] == [Reason.STALLED]
    fine.indicators.filter(order=1).update(baseline=Decimal("400"))  # the road had 400 m² before: now below it
    rows = {row.practice.pk: row.reasons for row in selectors.at_risk(officer, tree["pleiku"], TODAY)}
    assert rows[fine.pk] == [Reason.BELOW_BASELINE, Reason.STALLED]


@pytest.mark.django_db
def test_the_list_reads_in_the_same_number_of_queries_however_many_models(tree, personas, models):
    admin = personas["province_admin"]

    def count():
        with CaptureQueriesContext(connection) as captured:
            rows = selectors.at_risk(admin, tree["gialai"], TODAY)
            [row.practice.unit.name for row in rows]
        return len(captured), len(rows)

    count()  # the first read of the user's scope is kept on the user for the request
    before, shown = count()
    for n in range(4):
        late = recognised(personas["sibling_officer"], tree["hoiphu"], D(2024, 3, 1 + n),
                          name=f"Mô hình quá hạn số {n + 1} phường Hội Phú")  # fmt: skip
        follow_up(personas["sibling_officer"], late, D(2025, 2, 20), Vitality.WEAKENING, values=["10", "1"])
    after, more = count()
    assert more == shown + 4
    assert after == before <= 5
