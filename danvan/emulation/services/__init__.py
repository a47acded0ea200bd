"""Writes of the "Dân vận khéo" module, one module per sub-domain, each write in one transaction and beginning by
requiring its permission (``rules.py``). Callers write ``services.x(...)``."""

from .awards import award_save, conference_save
from .evaluations import decision_record, evaluation_close, evaluation_open, sheet_submit
from .followups import follow_up_record
from .registrations import evidence_add, evidence_publish, practice_register, practice_replicate, practice_update
from .rubrics import rubric_new_version, rubric_publish, rubric_save, setting_save
from .steps import measure, move, practice_step

__all__ = [
    "award_save",
    "conference_save",
    "decision_record",
    "evaluation_close",
    "evaluation_open",
    "evidence_add",
    "evidence_publish",
    "follow_up_record",
    "measure",
    "move",
    "practice_register",
    "practice_replicate",
    "practice_step",
    "practice_update",
    "rubric_new_version",
    "rubric_publish",
    "rubric_save",
    "setting_save",
    "sheet_submit",
]
