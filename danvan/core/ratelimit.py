"""Counting requests per client address in the cache (Redis in production), for the public pages.

A fixed window per key: cheap, shared by every worker, and enough to stop a script from filling the
case list or guessing the last four phone digits of a tracking code.
"""

import functools
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


@functools.lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's address, for every counter and log that needs one.

    ``REMOTE_ADDR``, unless the request comes from a proxy named in ``TRUSTED_PROXIES`` (addresses or
    networks). From such a proxy: the rightmost ``X-Forwarded-For`` hop that is not itself a trusted
    proxy (each proxy appends the address it saw, so hops to the left of it are whatever the client
    wrote), else ``X-Real-IP``. A hop that is not an IP address ends the walk: the proxy's own address
    counts then, never text a client could choose.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not _trusted(_address(peer), networks):
        return peer or "unknown"
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if hops:
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                return peer
            if not _trusted(address, networks):
                return str(address)
        return str(_address(hops[0]))  # every hop is one of ours: the first one is the client
    real = _address(request.META.get("HTTP_X_REAL_IP", ""))
    return str(real) if real is not None else peer


def _counted(key):
    """The key a counter uses: an IPv6 client counts by its /64 (one subscriber's whole network, which it
    may rotate through freely), any other key as it is."""
    address = _address(str(key))
    if address is not None and address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    if address is not None and address.version == 6:
        return str(address.ipv4_mapped)
    return key


def _slot(scope, key, window):
    return f"rl:{scope}:{_counted(key)}:{int(time.time() // window)}"


def hit(scope, key, limit, window):
    """Count one hit of ``key`` under ``scope``; False once there were more than ``limit`` in ``window`` seconds."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    slot = _slot(scope, key, window)
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
    return (cache.get(_slot(scope, key, window)) or 0) >= limit
