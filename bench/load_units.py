"""Benchmark: load the official unit tree (34 provinces, 3,321 communes).

Target (issue: "loads … idempotently, in seconds"): a first load under 5 s and a
repeat load under 2 s. Builds a fresh database (SQLite file, or PostgreSQL when
DATABASE_URL names one), times both loads and a province-page roll-up query, and
prints each figure beside its target.

    .venv/bin/python bench/load_units.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python bench/load_units.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def timed(label, target, func):
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    verdict = "đạt" if elapsed <= target else "KHÔNG ĐẠT"
    print(f"{label:<48} {elapsed:8.3f} s   mục tiêu ≤ {target:.1f} s   {verdict}")
    return result


def main():
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        from danvan.units import selectors, services
        from danvan.units.models import Unit

        print(f"Cơ sở dữ liệu: {connection.vendor}")
        timed("load_units lần đầu (34 tỉnh, 3.321 xã)", 5.0, services.units_load_official)
        timed("load_units lần hai (không đổi gì)", 2.0, services.units_load_official)
        nation = Unit.objects.get(code="VN")
        timed("đếm đơn vị dưới toàn quốc theo cấp", 0.5, lambda: selectors.unit_kind_counts(nation))
        timed(
            "34 tỉnh kèm số xã mỗi tỉnh (trang toàn quốc)",
            0.5,
            lambda: selectors.unit_children_with_counts(nation),
        )
        timed("tìm “dak lak” không dấu", 0.5, lambda: list(Unit.objects.all().search("dak lak")[:50]))
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
