"""The roll-up of a commitment's progress from its sub-commitments: pure arithmetic, in fractions (no floats).

A commitment with sub-commitments has the weighted mean of its children's effective progress, rounded half
up to a whole percent; a child kept counts 100 whatever its recorded progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from .choices import CommitmentStatus

FULL = 100


def effective_progress(status: str, progress: int) -> int:
    """What a commitment counts for in its parent's roll-up: 100 once kept, else its recorded progress."""
    if status == CommitmentStatus.KEPT:
        return FULL
    return max(0, min(FULL, int(progress)))


def round_half_up(value: Fraction) -> int:
    """The nearest integer, a half going up (``Fraction`` keeps 2,5 exact: 3, never banker's 2)."""
    return int((value + Fraction(1, 2)).__floor__())


def weighted_progress(parts: Iterable[tuple[int, int]]) -> int | None:
    """The weighted mean of ``(weight, percent)`` pairs rounded half up, or None when there are none (or no
    weight at all)."""
    total = Fraction(0)
    weights = 0
    for weight, percent in parts:
        total += Fraction(int(weight) * int(percent))
        weights += int(weight)
    if weights <= 0:
        return None
    return round_half_up(total / weights)


def roll_up(children: Iterable[tuple[str, int, int]]) -> int | None:
    """The progress of a parent from its children's ``(status, progress, weight)``; None without children."""
    return weighted_progress((weight, effective_progress(status, progress)) for status, progress, weight in children)
