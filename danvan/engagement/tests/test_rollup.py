"""The roll-up of a commitment's progress from its sub-commitments, as properties of the arithmetic (no database).

The properties are checked with ``hypothesis`` (a development dependency)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from danvan.engagement.rollup import effective_progress, roll_up, round_half_up, weighted_progress


def test_examples():
    assert weighted_progress([(1, 0), (1, 100)]) == 50
    assert weighted_progress([(1, 0), (1, 1)]) == 1  # 0,5 rounds up
    assert weighted_progress([(3, 40), (1, 80)]) == 50
    assert weighted_progress([(1, 2), (1, 3)]) == 3  # 2,5 rounds up, never to the even 2
    assert weighted_progress([]) is None
    assert round_half_up(Fraction(5, 2)) == 3 and round_half_up(Fraction(49, 2)) == 25
    assert roll_up([("da_thuc_hien", 0, 1), ("mo", 0, 1)]) == 50  # a kept child counts 100
    assert effective_progress("da_thuc_hien", 30) == 100 and effective_progress("khong_thuc_hien", 30) == 30


percents = st.integers(min_value=0, max_value=100)
weights = st.integers(min_value=1, max_value=1000)
statuses = st.sampled_from(["mo", "dang_thuc_hien", "da_thuc_hien", "khong_thuc_hien"])
children = st.lists(st.tuples(statuses, percents, weights), min_size=1, max_size=12)


@given(children)
def test_between_the_least_and_the_most_advanced_child(rows):
    values = [effective_progress(status, progress) for status, progress, _w in rows]
    assert min(values) <= roll_up(rows) <= max(values)


@given(st.lists(percents, min_size=1, max_size=12), weights)
def test_equal_weights_give_the_rounded_mean(values, weight):
    expected = int(Fraction(sum(values), len(values)) + Fraction(1, 2))
    assert weighted_progress([(weight, v) for v in values]) == expected


@given(children, st.integers(min_value=2, max_value=50))
def test_scaling_every_weight_leaves_it_unchanged(rows, factor):
    scaled = [(status, progress, weight * factor) for status, progress, weight in rows]
    assert roll_up(scaled) == roll_up(rows)


@given(st.lists(st.tuples(percents, weights), min_size=1, max_size=12))
def test_all_kept_is_100(rows):
    assert roll_up([("da_thuc_hien", progress, weight) for progress, weight in rows]) == 100


@given(children)
def test_a_whole_percent(rows):
    result = roll_up(rows)
    assert isinstance(result, int) and 0 <= result <= 100
