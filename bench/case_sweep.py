"""Benchmark: the daily deadline sweep over 1,000,000 open cases.

Target (issue 4): under 60 s on PostgreSQL. Builds the official unit tree, two officers per commune
and a leader and an officer per province, then 1,000,000 open cases spread over the 3,321 communes
with due dates from 60 days ago to 60 days ahead (so half are overdue on the first sweep), written
with multi-row inserts. Times the first sweep (every overdue case announced: the worst day, when a
deployment starts) and the next day's sweep (only what became due or overdue since).

    .venv/bin/python bench/case_sweep.py --cases 100000             # SQLite, a quick try
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_sweep .venv/bin/python bench/case_sweep.py
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("DEBUG", "0")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET = 60.0
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TEXTS = [
    "Đường liên thôn xuống cấp, mùa mưa lầy lội, học sinh đi học khó khăn.",
    "Rác thải tồn đọng ở bãi tập kết gần khu dân cư, bốc mùi.",
    "Chậm chi trả trợ cấp cho người cao tuổi trong tháng này.",
    "Tranh chấp ranh giới đất giữa hai hộ chưa được hòa giải.",
    "Đèn đường khu phố hỏng nhiều ngày chưa được sửa.",
]


def number(value):
    return f"{value:,.0f}".replace(",", ".")


def throwaway_database():
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        sys.exit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa và tạo lại: tên phải chứa “bench”, ví dụ danvan_bench_sweep.")
    connection.settings_dict["TEST"]["NAME"] = name
    return setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=set())


def code_of(n):
    body = ""
    for _i in range(5):
        n, r = divmod(n, 32)
        body = ALPHABET[r] + body
    return body


def build(total, rng, today):
    from danvan.accounts.choices import Role
    from danvan.accounts.models import RoleAssignment, User
    from danvan.cases.models import Case
    from danvan.core import bulk
    from danvan.core.text import fold
    from danvan.units import services
    from danvan.units.choices import UnitKind
    from danvan.units.models import Unit

    started = time.perf_counter()
    services.units_load_official()
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE))
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE))
    users = User.objects.bulk_create(
        [User(username=f"cb{n}", full_name=f"Cán bộ {n}") for n in range(2 * len(communes) + 2 * len(provinces))]
    )
    people = iter(users)
    assignments = [RoleAssignment(user=next(people), role=Role.OFFICER, unit=c) for c in communes for _n in range(2)]
    assignments += [RoleAssignment(user=next(people), role=role, unit=p) for p in provinces for role in (Role.LEADER, Role.OFFICER)]  # fmt: skip
    RoleAssignment.objects.bulk_create(assignments)
    print(f"Đơn vị và {number(len(users))} cán bộ ({time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    names = ["code", "kind", "round", "content", "content_folded", "place", "unit", "channel", "petitioner_name",
             "petitioner_phone", "petitioner_address", "on_behalf", "complexity", "is_remote", "status", "received_on",
             "due_on", "created_at", "signers", "handler"]  # fmt: skip
    fields = [Case._meta.get_field(n) for n in names]
    now = timezone.now()
    folded = {t: fold(t) for t in TEXTS}
    # Accepted cases mostly have a handler named (one of the commune's two officers); the rest go to the unit.
    officers = {}
    for a in assignments:
        if a.unit.kind == UnitKind.COMMUNE:
            officers.setdefault(a.unit_id, []).append(a.user_id)
    weights = [rng.lognormvariate(0, 0.6) for _c in communes]
    picked = rng.choices([c.pk for c in communes], weights=weights, k=total)  # busy communes get more
    with transaction.atomic():
        rows = []
        for n, unit_id in enumerate(picked):
            text = TEXTS[n % len(TEXTS)]
            due = today + datetime.timedelta(days=rng.randint(-60, 60))
            received = due - datetime.timedelta(days=rng.randint(10, 45))
            status = "thu_ly" if rng.random() < 0.6 else "tiep_nhan"
            handler = rng.choice(officers[unit_id]) if status == "thu_ly" and rng.random() < 0.8 else None
            rows.append((f"PA-{received.year}-{code_of(n)}", "phan_anh", 1, text, folded[text], unit_id, unit_id, "truc_tuyen",
                         "", "", "", False, 0, False, status, received, due, now, 1, handler))  # fmt: skip
            if len(rows) >= 20_000:
                bulk.insert_rows(Case, fields, rows, returning=False)
                rows = []
        bulk.insert_rows(Case, fields, rows, returning=False)
    print(f"Vụ việc đang mở: {number(Case.objects.count())} ({time.perf_counter() - started:.1f} s)")


def main():
    parser = argparse.ArgumentParser(description="Đo thời gian quét thời hạn.")
    parser.add_argument("--cases", type=int, default=1_000_000, help="số vụ việc đang mở (mặc định 1000000)")
    args = parser.parse_args()
    old = throwaway_database()
    try:
        from danvan.cases.models import CaseNotice
        from danvan.cases.sweep import sweep
        from danvan.core.models import Notification

        print(f"Cơ sở dữ liệu: {connection.vendor}")
        today = timezone.localdate()
        build(args.cases, random.Random(2026), today)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for label, day in (("lần quét đầu (mọi vụ quá hạn đều được báo)", today),
                           ("ngày hôm sau (chỉ phần mới đến hạn, quá hạn)", today + datetime.timedelta(days=1))):  # fmt: skip
            started = time.perf_counter()
            result = sweep(day)
            elapsed = time.perf_counter() - started
            verdict = "đạt" if elapsed < TARGET else "KHÔNG ĐẠT"
            print(f"{label:<52} {elapsed:7.1f} s   mục tiêu < {TARGET:.0f} s   {verdict}")
            print(f"  sắp đến hạn {number(result['due_soon'])}, quá hạn {number(result['overdue'])}, "
                  f"{number(result['notifications'])} thông báo")  # fmt: skip
        print(
            f"Tổng: {number(CaseNotice.objects.count())} lần báo hạn, {number(Notification.objects.count())} thông báo"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
