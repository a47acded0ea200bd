"""Writes of the insight module, one module per concern; the names every caller uses are here.

- ``training``: the training data, training, the model registry and the loaded models;
- ``reading``: a new case read by the active models (field suggestion, urgency and anger flags);
- ``decisions``: the officers' decisions on the field and the flag (training examples);
- ``duplicates``: near-duplicate cases (fingerprints, intake check, sweep, the officers' decision);
- ``early_warning``: the daily spike test and its messages;
- ``opinions``: sorting a batch of opinions.

Reads live in ``danvan.insight.selectors`` (``duplicates_for`` and ``monthly_counts`` are named here
too); permissions in ``danvan.insight.rules``.
"""

from ..selectors import duplicates_for, monthly_counts
from .decisions import field_decide, flag_decide
from .duplicates import (
    DUPLICATE_WINDOW_DAYS,
    MAX_COMPARED,
    duplicate_decide,
    duplicate_sweep,
    find_duplicates_of,
    prune_bands,
    same_side_of_the_seal,
)
from .early_warning import detect_hotspots, warning_text
from .opinions import MAX_OPINIONS, read_opinions
from .reading import FLAG_AT, analyse_case, on_case_received, read_case_now, read_signal, suggest_field
from .training import (
    _LOADED,
    BINARY,
    active_model,
    model_activate,
    model_dir,
    train_all,
    train_task,
    training_data,
    training_start,
)

__all__ = [
    "BINARY", "DUPLICATE_WINDOW_DAYS", "FLAG_AT", "MAX_COMPARED", "MAX_OPINIONS", "_LOADED", "active_model",
    "analyse_case", "detect_hotspots", "duplicate_decide", "duplicate_sweep", "duplicates_for", "field_decide",
    "find_duplicates_of", "flag_decide", "model_activate", "training_start", "model_dir", "monthly_counts",
    "on_case_received", "prune_bands", "read_case_now", "read_opinions", "read_signal", "same_side_of_the_seal",
    "suggest_field", "train_all", "train_task", "training_data", "warning_text",
]  # fmt: skip
