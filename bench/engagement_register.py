"""Benchmark: the reception register of the busiest province for a year, paged and exported (issue 14).

Targets: a page of the register < 1 s (server time), the year's register written as Excel and as PDF
(A4 landscape, Form 03) < 10 s each. The data is the national-scale set of ``manage.py generate_scale``
(about 100,000 register entries a year across 34 provinces and 3,321 communes, skewed like the cases), in the
database ``bench/reports_dashboard.py --setup`` builds (about five minutes); this bench reuses it.

The province's register reads its own entries and those of its communes (the unit's path). Pages are timed
through Django's whole stack in-process (count, 50 rows, template): the first page, a page in the middle,
the last page, a search by ID number and by a name typed without diacritics; each the median and the worst
of ``--runs``. The exports run the job's handler as a worker does (read, write, store).

    .venv/bin/python bench/reports_dashboard.py --setup   # once
    .venv/bin/python bench/engagement_register.py
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_scale_bench")


def count(n):
    return f"{n:,}".replace(",", ".")


def ms(seconds):
    return f"{1000 * seconds:,.0f} ms".replace(",", ".")


def main():
    parser = argparse.ArgumentParser(description="Đo thời gian sổ tiếp công dân của tỉnh đông nhất.")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

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
    from danvan.core import jobs
    from danvan.core.models import Job
    from danvan.core.text import fold
    from danvan.engagement.models import Reception
    from danvan.units.models import Unit

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    total = Reception.objects.count()
    if not total:
        sys.exit("Chưa có sổ tiếp công dân: chạy bench/reports_dashboard.py --setup trước.")
    year = timezone.localdate().year
    start = timezone.make_aware(timezone.datetime(year, 1, 1))
    this_year = Reception.objects.filter(received_at__gte=start)
    per_province = {}
    for path, n in this_year.values_list("unit__path").order_by().annotate(n=Count("id")):
        per_province[path[:8]] = per_province.get(path[:8], 0) + n
    province = Unit.objects.get(path=max(per_province, key=per_province.get))
    rows = per_province[province.path]
    user, _created = User.objects.get_or_create(username="bench.engagement", defaults={"is_superuser": True})
    client = Client()
    client.force_login(user)
    sample = this_year.filter(unit__path__startswith=province.path).exclude(id_number="").first()
    print(f"Dữ liệu: {count(total)} lượt tiếp trong sổ, {count(this_year.count())} năm {year}; "
          f"{connection.vendor}, {os.cpu_count()} lõi.")  # fmt: skip
    print(f"Tỉnh đông nhất: {province.name}, {count(rows)} lượt tiếp năm {year} (cả các xã, phường).")

    def timed(path):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    base = f"/tiep-cong-dan/?unit={province.pk}&year={year}"
    last = max(1, -(-rows // 50))
    pages = [
        ("trang đầu", base),
        ("trang giữa", f"{base}&page={last // 2}"),
        ("trang cuối", f"{base}&page={last}"),
        ("tìm theo số CCCD", f"{base}&q={sample.id_number}"),
        ("tìm theo họ tên không dấu", f"{base}&q={fold(sample.citizen_name)}"),
    ]
    print(f"\nTrang sổ (mục tiêu < 1 s), {args.runs} lần mỗi trang:")
    for label, path in pages:
        timed(path)
        runs = [timed(path) for _i in range(args.runs)]
        worst = max(runs)
        print(f"  {label:<28} trung vị {ms(statistics.median(runs)):>8}, chậm nhất {ms(worst):>8}  "
              f"{'đạt' if worst < 1 else 'CHƯA ĐẠT'}")  # fmt: skip

    print("\nXuất cả sổ năm (mục tiêu < 10 s):")
    for fmt in ("xlsx", "pdf"):
        job = Job.objects.create(
            kind="engagement.register_file", title="bench", unit=province, created_by=user,
            params={"unit": province.pk, "year": year, "format": fmt},
        )  # fmt: skip
        started = time.perf_counter()
        jobs.run_job(job.pk)
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        assert job.status == "xong", job.error
        size = job.result["size"]
        print(f"  {fmt.upper():<5} {count(job.result['rows'])} dòng, {count(size // 1024)} KB: {ms(elapsed):>9}  "
              f"{'đạt' if elapsed < 10 else 'CHƯA ĐẠT'}")  # fmt: skip


if __name__ == "__main__":
    main()
