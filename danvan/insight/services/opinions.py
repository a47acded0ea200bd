"""Sorting a batch of opinions (consultation answers, public comments) by the constructive and toxic models."""

from collections.abc import Iterable
from typing import Any

from .. import engine
from ..models import Task
from .reading import FLAG_AT, reasons
from .training import active_model

MAX_OPINIONS = 2000


def read_opinions(texts: Iterable[str | None]) -> list[dict[str, Any]]:
    """Score opinions: constructive and toxic probabilities with the words behind them, the constructive
    and civil first, the toxic last. Untrained tasks score 0. Reads only: nothing is stored."""
    kept = [t.strip() for t in texts if t and t.strip()][:MAX_OPINIONS]
    found: list[dict[str, Any]] = []
    scores: dict[str, tuple[list[float], Any]] = {}
    for task in (Task.CONSTRUCTIVE, Task.TOXIC):
        version, pipeline = active_model(task)
        if pipeline is None or not kept:
            scores[task] = ([0.0] * len(kept), None)
            continue
        column = list(pipeline.classes_).index("1")
        scores[task] = ([float(p) for p in engine.predict(pipeline, kept)[:, column]], pipeline)
    for n, item in enumerate(kept):
        constructive, toxic = scores[Task.CONSTRUCTIVE][0][n], scores[Task.TOXIC][0][n]
        toxic_words: list[str] = (
            reasons(scores[Task.TOXIC][1], item, "1", k=3) if toxic >= FLAG_AT and scores[Task.TOXIC][1] else []
        )
        found.append({"text": item, "constructive": constructive, "toxic": toxic, "toxic_words": toxic_words})
    found.sort(key=lambda row: (row["toxic"] >= FLAG_AT, -row["constructive"]))
    return found
