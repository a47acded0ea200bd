"""Pages of the citizen-reception and dialogue module, one module per sub-domain (thin: form → service)."""

from . import commitments, dialogues, receptions, schedules

__all__ = ["commitments", "dialogues", "receptions", "schedules"]
