"""Scoped reads of the "Dân vận khéo" module, one module per sub-domain; callers write ``selectors.x(...)``.
Every read of a registration goes through ``Practice.objects.for_user`` (or a public filter for the showcase)."""

from .practices import (
    evidence_for_file,
    indicators_with_latest,
    practice_for_page,
    practice_rows,
    practice_rows_for_form,
    practices,
    registering_units,
    units_to_pick,
)
from .showcase import public_photo, showcase_practice, showcase_practices

__all__ = [
    "evidence_for_file",
    "indicators_with_latest",
    "practice_for_page",
    "practice_rows",
    "practice_rows_for_form",
    "practices",
    "public_photo",
    "registering_units",
    "showcase_practice",
    "showcase_practices",
    "units_to_pick",
]
