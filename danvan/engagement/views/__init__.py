"""Pages of the citizen-reception and dialogue module, one module per sub-domain (thin: form → service)."""

from . import commitments, dialogues, receptions

__all__ = ["commitments", "dialogues", "receptions"]
