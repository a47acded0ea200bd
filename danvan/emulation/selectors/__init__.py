"""Scoped reads of the "Dân vận khéo" module, one module per sub-domain; callers write ``selectors.x(...)``.
Every read of a registration goes through ``Practice.objects.for_user`` (or a public filter for the showcase)."""

from .practices import practice_for_page, practices
from .sustainability import (
    assessment,
    at_risk,
    family,
    follow_ups,
    origin_for_replication,
    recognised,
    replicates_anywhere,
    replicating_units,
    survival,
)

__all__ = [
    "assessment",
    "at_risk",
    "family",
    "follow_ups",
    "origin_for_replication",
    "practice_for_page",
    "practices",
    "recognised",
    "replicates_anywhere",
    "replicating_units",
    "survival",
]
