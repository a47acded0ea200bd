"""The council's combined score and its spread: worked examples computed by hand, and properties (hypothesis)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.emulation.scoring import Line, combine, sheet_score, stored

LINES = (Line(1, 3, 10), Line(2, 2, 10), Line(3, 3, 10), Line(4, 2, 5))


def test_a_sheet_is_the_weighted_mean_of_each_mark_as_a_share_of_its_scale():
    # (3·8/10 + 2·6/10 + 3·9/10 + 2·4/5) / 10 = (2.4 + 1.2 + 2.7 + 1.6) / 10 = 0.79
    assert sheet_score(LINES, {1: 8, 2: 6, 3: 9, 4: 4}) == pytest.approx(79.0)
    assert sheet_score(LINES, {1: 10, 2: 10, 3: 10, 4: 5}) == pytest.approx(100.0)
    assert sheet_score(LINES, {1: 0, 2: 0, 3: 0, 4: 0}) == 0


def test_three_members_combine_and_a_spread_beyond_the_limit_is_flagged():
    sheets = [{1: 8, 2: 6, 3: 9, 4: 4}, {1: 7, 2: 7, 3: 8, 4: 4}, {1: 4, 2: 3, 3: 5, 4: 2}]
    # 79; (2.1 + 1.4 + 2.4 + 1.6)/10 = 75; (1.2 + 0.6 + 1.5 + 0.8)/10 = 41
    result = combine(LINES, sheets, spread_limit=20)
    assert result.sheets == pytest.approx((79.0, 75.0, 41.0))
    assert result.score == pytest.approx(65.0) and result.spread == pytest.approx(38.0)
    assert result.flagged
    # criterion 1: 8 vs 4 of 10 = 40 points apart; 3: 9 vs 5 = 40; 2: 7 vs 3 = 40; 4: 4 vs 2 of 5 = 40
    assert result.disputed == (1, 2, 3, 4)
    assert not combine(LINES, sheets[:2], spread_limit=20).flagged  # 79 and 75: 4 points apart
    assert stored(result.score).as_tuple().exponent == -2


def test_one_sheet_is_never_flagged_and_marks_off_the_scale_are_refused():
    assert not combine(LINES, [{1: 1, 2: 10, 3: 1, 4: 5}], spread_limit=1).flagged
    with pytest.raises(ValueError):
        sheet_score(LINES, {1: 11, 2: 0, 3: 0, 4: 0})
    with pytest.raises(ValueError):
        combine(LINES, [], spread_limit=20)


lines = st.lists(
    st.builds(Line, key=st.integers(0, 10**6), weight=st.integers(1, 20), scale_max=st.integers(1, 100)),
    min_size=1, max_size=8, unique_by=lambda line: line.key,
)  # fmt: skip


@st.composite
def rubric_and_sheets(draw):
    rubric = draw(lines)
    sheet = st.fixed_dictionaries({line.key: st.integers(0, line.scale_max) for line in rubric})
    return rubric, draw(st.lists(sheet, min_size=1, max_size=9))


@settings(max_examples=200, deadline=None)
@given(rubric_and_sheets(), st.integers(1, 100))
def test_the_combined_score_lies_between_the_members_and_ignores_their_order(data, limit):
    rubric, sheets = data
    result = combine(rubric, sheets, limit)
    assert all(0 <= s <= 100 + 1e-9 for s in result.sheets)
    assert min(result.sheets) - 1e-9 <= result.score <= max(result.sheets) + 1e-9
    assert result.spread == pytest.approx(max(result.sheets) - min(result.sheets))
    assert 0 <= result.deviation <= result.spread / 2 + 1e-9  # a standard deviation is at most half the range
    assert result.flagged == (len(sheets) > 1 and result.spread > limit)
    backwards = combine(rubric, list(reversed(sheets)), limit)
    assert backwards.score == pytest.approx(result.score) and backwards.spread == pytest.approx(result.spread)


@settings(max_examples=200, deadline=None)
@given(rubric_and_sheets(), st.integers(2, 6))
def test_members_who_agree_have_no_spread_and_weights_scale_away(data, copies):
    rubric, sheets = data
    same = combine(rubric, [sheets[0]] * copies, 1)
    assert same.spread == 0 and not same.flagged and same.disputed == ()
    assert same.score == pytest.approx(sheet_score(rubric, sheets[0]))
    doubled = [Line(line.key, 2 * line.weight, line.scale_max) for line in rubric]
    assert sheet_score(doubled, sheets[0]) == pytest.approx(sheet_score(rubric, sheets[0]))
    assert math.isfinite(combine(rubric, sheets, 50).score)
