"""The "Dân vận khéo" pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``). Each page module
has its part in ``tests/parts/``: ``build(world, records)`` adds its records, ``entries(records)`` its URLs."""

from .parts import councils, practices, sustainability

PARTS = (practices, councils, sustainability)


def build(world):
    records = {}
    for part in PARTS:
        records |= part.build(world, records) or {}
    return records


def entries(records):
    found = {}
    for part in PARTS:
        found |= part.entries(records)
    return found
