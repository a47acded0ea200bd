"""Writes of the citizen-reception and dialogue module, one module per sub-domain, each write in one
transaction and beginning by requiring its permission (``rules.py``). Callers write ``services.x(...)``."""

from .receptions import match_keys, reception_follow_up, reception_record, reception_to_case
from .schedules import schedule_save, session_record

__all__ = [
    "match_keys",
    "reception_follow_up",
    "reception_record",
    "reception_to_case",
    "schedule_save",
    "session_record",
]
