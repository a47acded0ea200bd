"""Writes of the citizen-reception and dialogue module, one module per sub-domain, each write in one
transaction and beginning by requiring its permission (``rules.py``). Callers write ``services.x(...)``."""

from .commitments import (
    commitment_close,
    commitment_make,
    commitment_progress,
    evidence_add,
    field_day_case_key,
    field_day_lines,
    field_day_to_case,
)
from .dialogues import dialogue_publish, dialogue_record, dialogue_update, level_of, question_save
from .receptions import match_keys, reception_follow_up, reception_record, reception_to_case
from .schedules import schedule_save, session_record

__all__ = [
    "commitment_close",
    "commitment_make",
    "commitment_progress",
    "dialogue_publish",
    "dialogue_record",
    "dialogue_update",
    "evidence_add",
    "field_day_case_key",
    "field_day_lines",
    "field_day_to_case",
    "level_of",
    "match_keys",
    "question_save",
    "reception_follow_up",
    "reception_record",
    "reception_to_case",
    "schedule_save",
    "session_record",
]
