"""Hotspots: the spike test on synthetic series (few data points handled honestly, the season), the
forecast and its back-test, and the early warnings on real cases with their scope and notices."""

import datetime
import itertools
import random

import pytest
from django.core.management import call_command

from danvan.cases.models import Case, Field
from danvan.core.models import Notification
from danvan.insight import hotspots, services
from danvan.insight.models import EarlyWarning

D = datetime.date
TODAY = D(2026, 11, 20)


def test_a_clear_jump_over_a_steady_history_is_a_spike():
    result = hotspots.spike_test(14, [2, 3, 1, 2, 2, 3, 2, 1, 3, 2, 2, 2])
    assert result.alert and result.expected == pytest.approx(2.125) and result.p_value < 1e-4


def test_ordinary_weeks_and_small_numbers_are_not():
    assert not hotspots.spike_test(3, [2, 3, 1, 2, 2, 3, 2, 1, 3, 2, 2, 2]).alert
    assert not hotspots.spike_test(4, [0] * 12).alert  # four cases are too few, whatever the past
    assert not hotspots.spike_test(9, [5, 7, 6, 4, 6, 5, 7, 6, 5, 6, 4, 5]).alert  # under twice the usual


def test_few_weeks_of_history_need_a_bigger_jump_and_none_is_no_test():
    assert not hotspots.spike_test(30, [1, 2]).enough and not hotspots.spike_test(30, [1, 2]).alert
    short, long = hotspots.spike_test(7, [1, 1, 1, 1]), hotspots.spike_test(7, [1] * 12)
    assert short.p_value > long.p_value  # the same jump is less surprising with less history


def test_a_busy_season_raises_the_bar():
    history = [2] * 12
    assert hotspots.spike_test(7, history).alert
    assert not hotspots.spike_test(7, history, season=2.5).alert


def test_the_season_ratio_reads_last_year_and_is_shrunk():
    counts = {}
    day = D(2025, 1, 1)
    while day <= TODAY:
        counts[day] = 1 if day.month != 11 else 3  # every November three times as busy
        day += datetime.timedelta(days=1)
    ratio = hotspots.season_ratio(counts, TODAY, D(2025, 1, 1))
    assert 1.5 < ratio < 3
    assert hotspots.season_ratio(counts, TODAY, D(2026, 6, 1)) == 1.0  # less than a year of data


def test_blocks_are_the_weeks_before_the_window():
    counts = {TODAY - datetime.timedelta(days=d): 1 for d in range(30)}
    assert hotspots.blocks_before(counts, TODAY, blocks=4) == [7, 7, 7, 2]


def test_the_forecast_follows_the_level_and_its_interval_comes_from_the_back_test():
    rng = random.Random(7)  # noqa: S311  (test data)
    series = [40 + rng.randint(-5, 5) for _m in range(24)]
    result = hotspots.forecast_next(series)
    assert 35 <= result.value <= 45 and result.low <= result.value <= result.high
    assert result.tested_months == 12 and result.mae is not None and result.naive_mae is not None
    assert result.high - result.low < 25


def test_a_short_series_gets_a_model_interval():
    result = hotspots.forecast_next([3, 5, 4])
    assert result.value == pytest.approx(4) and result.tested_months == 0 and result.low < 4 < result.high
    assert hotspots.forecast_next([]).value == 0


_serial = itertools.count(1)


def make_cases(unit, field, days, per_day=1):
    rows = []
    for day in days:
        for _k in range(per_day):
            rows.append(Case(code=f"PA-2026-T{next(_serial):05d}", kind="phan_anh", content="Nội dung thử nghiệm",
                             content_folded="noi dung thu nghiem", place=unit, unit=unit, field=field, status="tiep_nhan",
                             received_on=day))  # fmt: skip
    Case.objects.bulk_create(rows)


def test_a_spike_raises_one_warning_with_its_reason_and_tells_the_unit(tree, personas, login):
    land = Field.objects.get(code="dat_dai")
    quiet = [TODAY - datetime.timedelta(days=d) for d in range(7, 7 * 13 + 7, 3)]  # about two a week before
    make_cases(tree["pleiku"], land, quiet)
    make_cases(tree["pleiku"], land, [TODAY - datetime.timedelta(days=d) for d in range(7)], per_day=2)
    make_cases(tree["hoiphu"], land, quiet)  # the neighbour stays as usual
    result = services.detect_hotspots(TODAY)
    warning = EarlyWarning.objects.get(unit=tree["pleiku"])
    assert warning.count == 14 and warning.blocks == 12 and 1.5 < warning.expected < 3
    assert services.warning_text(
        warning
    ) == f"Đất đai ở Phường Pleiku: 14 trường hợp trong 7 ngày, bình thường {warning.expected:.1f}".replace(".", ",")
    assert not EarlyWarning.objects.filter(unit=tree["hoiphu"]).exists()
    assert EarlyWarning.objects.filter(unit=tree["gialai"]).exists()  # the province as a whole jumped too
    assert result["warnings"] == 2
    note = Notification.objects.get(user=personas["commune_officer"])
    assert note.title.startswith("Cảnh báo sớm: Đất đai ở Phường Pleiku: 14 trường hợp")
    assert not Notification.objects.filter(user=personas["sibling_officer"]).exists()
    services.detect_hotspots(TODAY)
    assert Notification.objects.filter(user=personas["commune_officer"]).count() == 1  # announced once


def test_the_warning_page_is_scoped_and_links_to_the_cases(tree, personas, login):
    land = Field.objects.get(code="dat_dai")
    make_cases(tree["pleiku"], land, [TODAY - datetime.timedelta(days=d) for d in range(7, 7 * 13 + 7, 3)])
    make_cases(tree["pleiku"], land, [TODAY - datetime.timedelta(days=d) for d in range(7)], per_day=2)
    services.detect_hotspots(TODAY)
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC), tick=False):
        page = login(personas["commune_officer"]).get("/phan-tich/canh-bao/").content.decode()
        assert "Đất đai ở Phường Pleiku: 14 trường hợp trong 7 ngày" in page
        assert "field=dat_dai&from=14/11/2026&to=20/11/2026" in page and 'data-testid="forecast"' in page
        sibling = login(personas["sibling_officer"])
        assert "Phường Pleiku: 14" not in sibling.get("/phan-tich/canh-bao/").content.decode()
        assert sibling.get(f"/phan-tich/canh-bao/?unit={tree['pleiku'].pk}").status_code == 404


def test_the_command(tree, personas):
    from io import StringIO

    out = StringIO()
    call_command("detect_hotspots", "--ngay", "20/11/2026", stdout=out)
    assert "Đã xét 0 cặp đơn vị – lĩnh vực: 0 cảnh báo" in out.getvalue()


def test_the_home_page_shows_the_warnings_in_scope(tree, personas, login):
    land = Field.objects.get(code="dat_dai")
    make_cases(tree["pleiku"], land, [TODAY - datetime.timedelta(days=d) for d in range(7, 7 * 13 + 7, 3)])
    make_cases(tree["pleiku"], land, [TODAY - datetime.timedelta(days=d) for d in range(7)], per_day=2)
    services.detect_hotspots(TODAY)
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC), tick=False):
        home = login(personas["commune_officer"]).get("/").content.decode()
        assert 'data-testid="home-insight"' in home and "Đất đai ở Phường Pleiku: 14 trường hợp" in home
        other = login(personas["other_province_officer"]).get("/").content.decode()
        assert "Phường Pleiku: 14" not in other and "Không có cảnh báo sớm trong 7 ngày qua." in other
