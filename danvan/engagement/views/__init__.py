"""Pages of the citizen-reception and dialogue module, one module per sub-domain (thin: form → service)."""

from . import receptions, schedules

__all__ = ["receptions", "schedules"]
