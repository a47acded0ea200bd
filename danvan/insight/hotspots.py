"""Hotspots and early warning: is a unit receiving unusually many cases of a field this week, and how
many cases will it receive next month?

Spike test. For each unit and field, the cases of the last 7 days are compared with the 12 blocks
of 7 days before them. The expected weekly count is their mean, corrected for the season when a
year of history exists (the same weeks last year against the weeks before them, shrunk towards 1
so two cases do not make a season). With few blocks the rate is uncertain, so the test uses the
Gamma–Poisson (negative binomial) predictive distribution rather than a plain Poisson: a unit with
4 weeks of history needs a bigger jump than one with 12 to raise a warning. A warning needs at
least ``MIN_COUNT`` cases, twice the expected count and a tail probability under ``ALPHA``; with
fewer than ``MIN_BLOCKS`` blocks of history nothing is tested ("chưa đủ dữ liệu").

Forecast. Next month's count per unit: the mean of the last three months, blended half and half
with the same month last year scaled by the year's trend when 13 months of history exist. Its
interval comes from the unit's own back-test (the errors the same method made on each of the last
twelve months, rolling origin), or, with fewer than six back-test months, from the negative
binomial around the forecast. The back-test's mean absolute error is reported beside the error of
the naive forecast (last month's count).
"""

import datetime
import math
from dataclasses import dataclass

from scipy import stats

WINDOW = 7
BLOCKS = 12
MIN_BLOCKS = 4
MIN_COUNT = 5
ALPHA = 0.01
SEASON_SHRINK = 2.0  # pseudo-count pulling the seasonal ratio towards 1


@dataclass(frozen=True)
class Spike:
    count: int
    expected: float
    p_value: float
    blocks: int
    season: float
    alert: bool
    enough: bool


def blocks_before(counts_by_day, end, blocks=BLOCKS, window=WINDOW):
    """Counts of the ``blocks`` windows of ``window`` days ending the day before ``end``'s window, newest
    first. ``counts_by_day``: {date: n}."""
    found = []
    for b in range(1, blocks + 1):
        last = end - datetime.timedelta(days=window * b)
        found.append(sum(counts_by_day.get(last - datetime.timedelta(days=d), 0) for d in range(window)))
    return found


def season_ratio(counts_by_day, end, first_day):
    """How much busier these weeks were last year than the weeks before them (1 without a year of data)."""
    year_ago = end - datetime.timedelta(days=364)
    if year_ago - datetime.timedelta(days=WINDOW * (BLOCKS + 2)) < first_day:
        return 1.0
    around = sum(blocks_before(counts_by_day, year_ago + datetime.timedelta(days=WINDOW * 2), blocks=3))
    before = sum(blocks_before(counts_by_day, year_ago - datetime.timedelta(days=WINDOW), blocks=BLOCKS))
    return ((around / 3) + SEASON_SHRINK) / ((before / BLOCKS) + SEASON_SHRINK)


def spike_test(count, history, season=1.0):
    """Test ``count`` (this window) against ``history`` (earlier windows' counts)."""
    k = len(history)
    if k < MIN_BLOCKS:
        return Spike(count, float("nan"), 1.0, k, season, False, False)
    total = sum(history)
    shape = total + 0.5  # Jeffreys-like prior on the weekly rate
    p = k / (k + season)
    expected = shape * (1 - p) / p
    p_value = float(stats.nbinom.sf(count - 1, shape, p)) if count > 0 else 1.0
    alert = count >= MIN_COUNT and count >= 2 * expected and p_value < ALPHA
    return Spike(count, expected, p_value, k, season, alert, True)


# --- monthly forecast -----------------------------------------------------------------------


def _forecast(series, index):
    """The forecast for month ``index`` of ``series`` (monthly counts) from the months before it."""
    recent = series[max(0, index - 3) : index]
    if not recent:
        return None
    level = sum(recent) / len(recent)
    if index >= 13:
        last_year = series[index - 12]
        before = series[index - 15 : index - 12] if index >= 15 else series[index - 12 - len(recent) : index - 12]
        base = sum(before) / len(before) if before and sum(before) else None
        if base:
            return 0.5 * level + 0.5 * last_year * (level / base)
    return level


@dataclass(frozen=True)
class Forecast:
    value: float
    low: float
    high: float
    mae: float | None
    naive_mae: float | None
    tested_months: int


def forecast_next(series, *, level=0.8):
    """Forecast the month after ``series`` (monthly counts, oldest first) with a ``level`` interval."""
    n = len(series)
    value = _forecast(series, n)
    if value is None:
        return Forecast(0.0, 0.0, 0.0, None, None, 0)
    errors, naive = [], []
    for index in range(max(3, n - 12), n):
        predicted = _forecast(series, index)
        if predicted is not None:
            errors.append(series[index] - predicted)
            naive.append(abs(series[index] - series[index - 1]))
    tail = (1 - level) / 2
    if len(errors) >= 6:
        ordered = sorted(errors)
        low = value + _quantile(ordered, tail)
        high = value + _quantile(ordered, 1 - tail)
    else:
        # Negative binomial with the dispersion of the months seen (at least Poisson's).
        mean = max(value, 0.5)
        var = max(_variance(series[-6:]), mean)
        if var > mean:
            size = mean * mean / (var - mean)
            low, high = stats.nbinom.ppf([tail, 1 - tail], size, size / (size + mean))
        else:
            low, high = stats.poisson.ppf([tail, 1 - tail], mean)
    mae = sum(abs(e) for e in errors) / len(errors) if errors else None
    naive_mae = sum(naive) / len(naive) if naive else None
    return Forecast(value, max(0.0, float(low)), max(float(high), value), mae, naive_mae, len(errors))


def _quantile(ordered, q):
    position = q * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _variance(values):
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)
