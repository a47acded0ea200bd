"""Sorting a batch of opinions (consultation answers, public comments) by the constructive and toxic models."""

from .. import engine
from ..models import Task
from .reading import FLAG_AT, reasons
from .training import active_model

MAX_OPINIONS = 2000


def read_opinions(texts):
    """Score opinions: constructive and toxic probabilities with the words behind them, the constructive
    and civil first, the toxic last. Untrained tasks score 0. Reads only: nothing is stored."""
    texts = [t.strip() for t in texts if t and t.strip()][:MAX_OPINIONS]
    found = []
    scores = {}
    for task in (Task.CONSTRUCTIVE, Task.TOXIC):
        version, pipeline = active_model(task)
        if pipeline is None or not texts:
            scores[task] = ([0.0] * len(texts), None)
            continue
        column = list(pipeline.classes_).index("1")
        scores[task] = ([float(p) for p in engine.predict(pipeline, texts)[:, column]], pipeline)
    for n, item in enumerate(texts):
        constructive, toxic = scores[Task.CONSTRUCTIVE][0][n], scores[Task.TOXIC][0][n]
        toxic_words = (
            reasons(scores[Task.TOXIC][1], item, "1", k=3) if toxic >= FLAG_AT and scores[Task.TOXIC][1] else []
        )
        found.append({"text": item, "constructive": constructive, "toxic": toxic, "toxic_words": toxic_words})
    found.sort(key=lambda row: (row["toxic"] >= FLAG_AT, -row["constructive"]))
    return found
