"""Scoped reads of the "Dân vận khéo" module, one module per sub-domain; callers write ``selectors.x(...)``.
Every read of a registration goes through ``Practice.objects.for_user`` (or a public filter for the showcase)."""

from .councils import (
    annex,
    award_for_page,
    awards_outside_conferences,
    combined_of,
    conference_for_page,
    conferences,
    council_choices,
    criteria_named,
    decision_of,
    evaluation_for_page,
    evaluations_of,
    my_sheets,
    practice_awards,
    recognised_under,
    rubric_for_page,
    rubric_in_force,
    rubrics,
    sheet_for_page,
    sheet_rows,
)
from .practices import practice_for_page, practices

__all__ = [
    "annex",
    "award_for_page",
    "awards_outside_conferences",
    "combined_of",
    "conference_for_page",
    "conferences",
    "council_choices",
    "criteria_named",
    "decision_of",
    "evaluation_for_page",
    "evaluations_of",
    "my_sheets",
    "practice_awards",
    "practice_for_page",
    "practices",
    "recognised_under",
    "rubric_for_page",
    "rubric_in_force",
    "rubrics",
    "sheet_for_page",
    "sheet_rows",
]
