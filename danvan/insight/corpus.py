"""The seed corpus shipped with the product (``data/``, CC BY 4.0, written for the project) and the
training sets built from it and from officers' decisions."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def _rows(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


def seed_cases():
    """[{"id", "text", "field", "urgent", "angry"}] — citizen feedback across the eleven fields."""
    return _rows("seed_cases.jsonl")


def seed_comments():
    """[{"id", "text", "constructive", "toxic"}] — opinions on local drafts and plans."""
    return _rows("seed_comments.jsonl")


def seed_duplicates():
    """[{"a", "b"}] — pairs of ids in ``seed_cases`` that are the same petition rewritten."""
    return _rows("seed_duplicates.jsonl")
