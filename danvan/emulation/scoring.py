"""How a council's scores combine: each sheet on a scale of 100, their mean, and their spread.

A sheet's score is the weighted mean of its marks, each mark taken as a share of its criterion's top
(``100 × Σ wᵢ·mᵢ/maxᵢ ÷ Σ wᵢ``), so criteria on different scales weigh only by their weights. The combined score
is the mean of the sheets' scores; its spread is the highest minus the lowest, with the standard deviation
beside it; a spread above the province's limit is flagged for the council to discuss before it decides. A
criterion on which the members lie further apart than the limit (as a share of its scale) is named too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Line:
    """A criterion as scored: its key, weight and the top of its scale."""

    key: int
    weight: int
    scale_max: int


@dataclass(frozen=True)
class Combined:
    score: float
    spread: float
    deviation: float
    flagged: bool
    sheets: tuple[float, ...]
    disputed: tuple[int, ...]  # the criteria the members disagree on


def sheet_score(lines: Sequence[Line], marks: Mapping[int, float]) -> float:
    """0–100: one member's weighted score. Every line must be marked, between 0 and its top."""
    total = sum(line.weight for line in lines)
    if not lines or total <= 0:
        raise ValueError("a rubric with no weight cannot be scored")
    acc = 0.0
    for line in lines:
        mark = float(marks[line.key])
        if not 0 <= mark <= line.scale_max:
            raise ValueError(f"mark {mark} outside 0–{line.scale_max}")
        acc += line.weight * mark / line.scale_max
    return 100 * acc / total


def combine(lines: Sequence[Line], sheets: Sequence[Mapping[int, float]], spread_limit: float) -> Combined:
    """The council's combined score of ``sheets`` (one mapping of marks per member, at least one)."""
    if not sheets:
        raise ValueError("no sheet to combine")
    scores = tuple(sheet_score(lines, marks) for marks in sheets)
    mean = math.fsum(scores) / len(scores)
    spread = max(scores) - min(scores)
    deviation = math.sqrt(math.fsum((s - mean) ** 2 for s in scores) / len(scores))
    disputed = tuple(
        line.key
        for line in lines
        if len(sheets) > 1
        and 100 * (max(float(m[line.key]) for m in sheets) - min(float(m[line.key]) for m in sheets)) / line.scale_max
        > spread_limit
    )
    return Combined(
        score=mean, spread=spread, deviation=deviation, flagged=len(scores) > 1 and spread > spread_limit,
        sheets=scores, disputed=disputed,
    )  # fmt: skip


def stored(value: float) -> Decimal:
    """A score as kept (two decimals, half up)."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
