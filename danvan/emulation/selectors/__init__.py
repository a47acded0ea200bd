"""Scoped reads of the "Dân vận khéo" module, one module per sub-domain; callers write ``selectors.x(...)``.
Every read of a registration goes through ``Practice.objects.for_user`` (or a public filter for the showcase)."""

from .practices import practice_for_page, practices

__all__ = ["practice_for_page", "practices"]
