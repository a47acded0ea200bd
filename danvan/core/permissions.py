"""Asking and requiring a named permission (the ``rules`` permissions each app declares in its
``rules.py``, built on ``core.scoping``). Every app's ``rules.py`` offers these two as its own
``may`` and ``require``: views and templates ask, services require before they write."""

import rules
from django.core.exceptions import PermissionDenied


def may(perm, user, obj=None):
    """Whether ``user`` (signed in and active) holds ``perm`` on ``obj``; superusers get no shortcut."""
    return bool(user is not None and user.is_authenticated and user.is_active and rules.has_perm(perm, user, obj))


def require(perm, user, obj=None, message=None):
    """Raise ``PermissionDenied`` (with ``message`` when given) unless ``user`` holds ``perm`` on ``obj``:
    the first line of every write."""
    if not may(perm, user, obj):
        raise PermissionDenied(*([message] if message else []))
