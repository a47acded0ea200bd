"""Writes of the "Dân vận khéo" module, one module per sub-domain, each write in one transaction and beginning by
requiring its permission (``rules.py``). Callers write ``services.x(...)``."""

from .followups import follow_up_record
from .registrations import evidence_add, evidence_publish, practice_register, practice_replicate, practice_update
from .steps import measure, move, practice_step

__all__ = [
    "evidence_add",
    "evidence_publish",
    "follow_up_record",
    "measure",
    "move",
    "practice_register",
    "practice_replicate",
    "practice_step",
    "practice_update",
]
