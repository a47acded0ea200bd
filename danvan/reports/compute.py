"""Computing the sections for a page or a report: heavy-query settings, and a short-lived cache.

Leaders open the same province and national pages many times a day. A computed set of sections is
kept for ``REPORTS_CACHE_SECONDS`` (10 minutes by default; 0 turns the cache off) under the unit, the
period, the day, the language and the user's scope; the page says when its figures were computed and
offers to compute them again. The view checks the user's access to the unit before the cache is read.
"""

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language

from danvan.core import scoping
from danvan.core.sections import SECTIONS

_pool = None
_pool_lock = threading.Lock()


@contextmanager
def heavy_queries():
    """On PostgreSQL: no JIT (it costs more than it saves on these grouped counts) and room to hash in memory."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true)",
                           [settings.REPORTS_WORK_MEM])  # fmt: skip
        yield


def cache_key(ctx, keys=None):
    """The unit, period, day, language and sections, and the user's scope as well: every section reads
    through the scope, so users whose scopes differ never share an entry even if a section's reading
    of the scope changes."""
    p = ctx.period
    which = ",".join(sorted(keys)) if keys else "*"
    paths = scoping.scope_paths(ctx.user)
    scope = "all" if paths is scoping.ALL else hashlib.sha256(",".join(paths).encode()).hexdigest()[:16]
    return f"reports:v2:{ctx.unit.pk}:{p.kind}:{p.year}:{p.number}:{ctx.today:%Y%m%d}:{get_language()}:{which}:{scope}"


def compute(ctx, *, keys=None, refresh=False, progress=None):
    """``(results, computed_at)`` for the sections (all, or ``keys``)."""
    seconds = settings.REPORTS_CACHE_SECONDS
    key = cache_key(ctx, keys)
    if seconds and not refresh:
        found = cache.get(key)
        if found is not None:
            return found
    if _parallel():
        results = _compute_parallel(ctx, keys, progress)
    else:
        with heavy_queries():
            results = SECTIONS.compute(ctx, keys, progress=progress)
    found = (results, timezone.now())
    if seconds:
        cache.set(key, found, seconds)
    return found


def _parallel():
    """Sections run side by side on PostgreSQL, each on its own connection, unless turned off.

    Not inside a transaction: other connections would not see its rows (tests, and the code that
    writes before it reads, use the sequential path).
    """
    return settings.REPORTS_WORKERS > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block


def _executor():
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.REPORTS_WORKERS, thread_name_prefix="reports")
        return _pool


def _compute_parallel(ctx, keys, progress):
    """Each section in a worker thread, on a connection of its own that is closed when the section is done."""
    language = get_language()
    sections = [s for s in SECTIONS.all() if keys is None or s.key in keys]
    ctx.children  # noqa: B018  (computed once here, not raced for in the workers)

    def run(section):
        try:
            with translation.override(language), heavy_queries():
                return section.compute(ctx)
        finally:
            connection.close()

    futures = [_executor().submit(run, section) for section in sections]
    results = []
    for index, future in enumerate(futures):
        result = future.result()
        if result is not None:
            results.append(result)
        if progress:
            progress(index + 1, len(futures))
    return results
