"""Benchmark: the dashboard and the province's annual report at national scale (issue 6).

Targets: province dashboard < 500 ms and national < 2 s (server time, warm); the province's annual
report as .docx < 10 s. The data is built once by ``manage.py generate_scale`` (34 provinces, 3,321
communes, ~60,000 villages, ~300,000 cadres, 2,000,000 cases over three years) into its own
PostgreSQL database; ``--setup`` (re)creates it (about five minutes), later runs reuse it.

Server time is the time Django takes to answer ``GET /tong-hop/`` through its whole stack, measured
in-process. "Computed" forces every section to be computed (``lam-moi=1``); "warm" is the same page
again, served from the reports cache (Redis when ``REDIS_URL`` is set, else the process's memory),
with PostgreSQL's buffers warm in both cases.

    .venv/bin/python bench/reports_dashboard.py --setup
    .venv/bin/python bench/reports_dashboard.py
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/danvan_scale_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)


def setup_database(url, scale):
    """Drop and create the database, migrate, load the official units and generate the data."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    if "bench" not in name:
        sys.exit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa và tạo lại: tên phải chứa “bench”.")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "-v", "0"], ["load_units"], ["generate_scale", "--scale", str(scale)]):
        started = time.monotonic()
        subprocess.run([*manage, *args], env=env, check=True)  # noqa: S603
        print(f"  {' '.join(args)}: {time.monotonic() - started:.0f} s")


def count(n):
    return f"{n:,}".replace(",", ".")


def ms(seconds):
    return f"{1000 * seconds:,.0f} ms".replace(",", ".")


def main():
    parser = argparse.ArgumentParser(description="Đo thời gian trang tổng hợp và báo cáo năm ở quy mô toàn quốc.")
    parser.add_argument("--setup", action="store_true", help="tạo lại cơ sở dữ liệu và sinh dữ liệu")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if args.setup:
        setup_database(url, args.scale)

    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from danvan.accounts.models import User
    from danvan.cases.models import Case
    from danvan.core.periods import Period
    from danvan.core.sections import SECTIONS, Context
    from danvan.reports import documents, services
    from danvan.reports.compute import heavy_queries
    from danvan.units.models import Unit

    if connection.vendor != "postgresql":
        sys.exit("Cần PostgreSQL (DATABASE_URL).")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.REPORTS_CACHE_SECONDS = 600
    cases = Case.objects.count()
    if not cases:
        sys.exit("Chưa có dữ liệu: chạy lại với --setup.")
    user, _created = User.objects.get_or_create(username="bench.reports", defaults={"is_superuser": True})
    client = Client()
    client.force_login(user)
    nation = Unit.objects.get(depth=1)
    by_province = (
        Case.objects.values("unit__path")
        .order_by()  # the busiest province by cases handled
        .annotate(n=Count("id"))
    )
    totals = {}
    for row in by_province:
        totals[row["unit__path"][:8]] = totals.get(row["unit__path"][:8], 0) + row["n"]
    busiest = Unit.objects.get(path=max(totals, key=totals.get))
    median_path = sorted(totals, key=totals.get)[len(totals) // 2]
    median = Unit.objects.get(path=median_path)
    year = timezone.localdate().year
    print(f"Dữ liệu: {count(cases)} vụ việc, {count(Unit.objects.count())} đơn vị; năm {year} (đến hôm nay).")
    print(f"Máy: {os.cpu_count()} lõi; PostgreSQL {connection.pg_version // 10000}; bộ nhớ đệm: "
          f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}.")  # fmt: skip

    def timed(path):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    rows = []
    for label, unit, target in (
        (f"Toàn quốc ({nation.name})", nation, 2.0),
        (f"Tỉnh nhiều vụ việc nhất ({busiest.name}, {count(totals[busiest.path])} vụ việc)", busiest, 0.5),
        (f"Tỉnh trung vị ({median.name}, {count(totals[median.path])} vụ việc)", median, 0.5),
    ):
        path = f"/tong-hop/?unit={unit.pk}&ky=nam&nam={year}"
        timed(path + "&lam-moi=1")  # warm PostgreSQL's buffers
        computed = [timed(path + "&lam-moi=1") for _i in range(args.runs)]
        warm = [timed(path) for _i in range(args.runs)]
        ctx = Context(unit=unit, user=user, period=Period("nam", year), today=timezone.localdate())
        parts = {}
        with heavy_queries():
            for section in SECTIONS.all():
                started = time.perf_counter()
                section.compute(ctx)
                parts[section.key] = time.perf_counter() - started
        rows.append((label, statistics.median(computed), statistics.median(warm), target, parts))

    print()
    print(f"{'Trang tổng hợp, năm ' + str(year):<62} {'tính mới':>10} {'đã có sẵn':>10}   mục tiêu")
    for label, computed, warm, target, _parts in rows:
        verdict = "đạt" if computed < target else "CHƯA ĐẠT khi tính mới" if warm < target else "CHƯA ĐẠT"
        print(f"{label:<62} {ms(computed):>10} {ms(warm):>10}   < {ms(target)} ({verdict})")
    print()
    print("Thời gian từng mục khi tính mới:")
    for label, _c, _w, _t, parts in rows:
        print(f"  {label}: " + ", ".join(f"{k} {ms(v)}" for k, v in parts.items()))

    # The province's annual report as .docx: figures computed afresh, then the document written.
    report, _created = services.report_create(unit=busiest, period=Period("nam", year), acting_user=user)
    started = time.perf_counter()
    results, day = services.report_results(report, user, refresh=True)
    computed = time.perf_counter() - started
    data = documents.build_docx(report, results, day)
    total = time.perf_counter() - started
    tables = sum(1 for r in results for t in r.tables if t.rows)
    print()
    print(f"Báo cáo năm {year} của {busiest.name} (.docx, {len(data) // 1024} KB, {tables} bảng): {total:.1f} s "
          f"(tính số liệu {computed:.1f} s, viết tệp {total - computed:.1f} s); mục tiêu < 10 s "
          f"({'đạt' if total < 10 else 'CHƯA ĐẠT'}).")  # fmt: skip


if __name__ == "__main__":
    main()
