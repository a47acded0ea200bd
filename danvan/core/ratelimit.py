"""Counting requests per client address in the cache (Redis in production), for the public pages.

A fixed window per key: cheap, shared by every worker, and enough to stop a script from filling the
case list or guessing the last four phone digits of a tracking code.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The client's address: from the header the reverse proxy sets (``CLIENT_IP_HEADER``), else the peer."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")) or "unknown"


def hit(scope, key, limit, window):
    """Count one hit of ``key`` under ``scope``; False once there were more than ``limit`` in ``window`` seconds."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    slot = f"rl:{scope}:{key}:{int(time.time() // window)}"
    cache.add(slot, 0, window + 5)
    try:
        count = cache.incr(slot)
    except ValueError:  # expired between add and incr
        cache.set(slot, 1, window + 5)
        count = 1
    return count <= limit


def blocked(scope, key, limit, window):
    """Whether ``key`` already used its ``limit`` hits in this window (without counting one)."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return False
    return (cache.get(f"rl:{scope}:{key}:{int(time.time() // window)}") or 0) >= limit
