"""Benchmark: the training-coverage roll-up of a province (3,321 communes, 300,000 cadres).

Target (issue: "coverage of a province opens in under a second"): the largest
province's roll-up under 1 s on PostgreSQL; SQLite is measured and reported too.
Builds a fresh database (SQLite file, or PostgreSQL when DATABASE_URL names one),
loads the official unit tree, spreads 300,000 cadres over the 3,321 communes with
a realistic skew (a few left, a few not started yet), records this year's and
last year's courses with about 80% of the corps trained this year, then times,
warm (one run first, then the median of five):

* ``training_coverage`` of the largest province (the province page),
* ``training_coverage`` of the nation (34 provinces),
* ``untrained_cadres`` of the largest province: the first page of 50 and the count.

    .venv/bin/python bench/cadre_coverage.py
    .venv/bin/python bench/cadre_coverage.py --cadres 30000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_coverage .venv/bin/python bench/cadre_coverage.py

The database named by DATABASE_URL is dropped and created again: its name must
contain "bench".
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("DEBUG", "0")  # as in production: no SQL log kept in memory
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

BATCH = 5000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Ksor", "Rơ Châm", "Siu", "Lò", "Cầm", "Giàng", "Nông", "Hà"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Thu", "Quang", "Kim"]
GIVEN = ["Hùng", "Dũng", "Tuấn", "Hải", "Lan", "Hoa", "Hương", "Mai", "Nam", "Sơn", "Thảo", "Linh", "Trang", "Bình",
         "Khánh", "Phong", "Hằng", "Yến", "Phun", "Blơng", "Pảo", "Xuân", "Vinh", "Hạnh"]  # fmt: skip


def number(value):
    return f"{value:,.0f}".replace(",", ".")


def throwaway_database():
    """Create and migrate the database named by DATABASE_URL itself (not ``test_…``)."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        sys.exit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa và tạo lại: tên phải chứa “bench”, ví dụ danvan_bench_coverage.")
    connection.settings_dict["TEST"]["NAME"] = name
    return setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=set())


def timed(label, target, func, runs=5):
    """Run ``func`` once to warm up, then ``runs`` times; print the median beside the target."""
    result = func()
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    elapsed = statistics.median(times)
    verdict = "đạt" if elapsed < target else "KHÔNG ĐẠT"
    print(f"{label:<56} {elapsed:8.3f} s   mục tiêu < {target:.1f} s   {verdict}")
    return result


def spread(total, weights):
    """Split ``total`` into whole numbers in proportion to ``weights`` (largest remainders)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    for index in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[index] += 1
    return counts


def build(total, rng, today):
    """Units, cadres, courses and attendance; return (province, what the largest province should show)."""
    from danvan.cadres.choices import AttendanceResult, CourseLevel
    from danvan.cadres.models import Attendance, Cadre, Course
    from danvan.core.text import fold
    from danvan.units import services
    from danvan.units.choices import UnitKind
    from danvan.units.models import Unit

    started = time.perf_counter()
    services.units_load_official()
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("path"))
    print(f"Cây đơn vị: {len(provinces)} tỉnh, {number(len(communes))} xã ({time.perf_counter() - started:.1f} s)")

    # Skew: some provinces staff more per commune than others, wards more than rural communes,
    # and communes vary a lot; about 1% of the corps works at the province itself.
    province_factor = {p.path: rng.lognormvariate(0, 0.35) for p in provinces}
    units = provinces + communes
    weights = [30 * province_factor[p.path] for p in provinces] + [
        province_factor[c.path[: 2 * Unit.steplen]]
        * rng.lognormvariate(0, 0.5)
        * (1.4 if c.division_type == "phường" else 1.0)
        for c in communes
    ]
    counts = spread(total, weights)

    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    folded = {name: fold(name) for name in names}
    year = today.year
    started = time.perf_counter()
    cadres = []  # (pk, unit path, active today)
    code = 0
    pending = []

    def flush():
        for cadre in Cadre.objects.bulk_create(pending, batch_size=BATCH):
            day_ok = (cadre.started_on is None or cadre.started_on <= today) and (
                cadre.left_on is None or cadre.left_on > today
            )
            cadres.append((cadre.pk, cadre.unit_path, day_ok))
        pending.clear()

    with transaction.atomic():
        for unit, count in zip(units, counts, strict=True):
            for _n in range(count):
                code += 1
                name = rng.choice(names)
                draw = rng.random()
                left_on = started_on = None
                if draw < 0.04:  # left: retired, moved or resigned, mostly before today
                    left_on = today - datetime.timedelta(days=rng.randint(-30, 700))
                elif draw < 0.05:  # joins later this year or next
                    started_on = today + datetime.timedelta(days=rng.randint(1, 120))
                elif draw < 0.25:
                    started_on = today - datetime.timedelta(days=rng.randint(30, 9000))
                cadre = Cadre(
                    unit_id=unit.pk,
                    code=f"CB{code:08d}",
                    full_name=name,
                    full_name_folded=folded[name],
                    gender="nu" if " Thị " in name else "nam",
                    birth_year=year - rng.randint(22, 62),
                    phone=f"09{rng.randint(0, 99999999):08d}",
                    is_party_member=rng.random() < 0.7,
                    started_on=started_on,
                    left_on=left_on,
                )
                cadre.unit_path = unit.path
                pending.append(cadre)
                if len(pending) >= BATCH:
                    flush()
        flush()
    print(f"Cán bộ: {number(len(cadres))} ({time.perf_counter() - started:.1f} s)")

    # Courses of each province: six this year (all ended by today), four last year.
    started = time.perf_counter()
    courses = []
    for province in provinces:
        for index in range(10):
            this_year = index < 6
            end = (
                datetime.date(year, 1, 10) + (today - datetime.date(year, 1, 10)) * (index + 1) // 7
                if this_year
                else datetime.date(year - 1, 2 + index, 20)
            )
            title = f"Bồi dưỡng nghiệp vụ công tác dân vận năm {end.year}, lớp {index + 1}"
            courses.append(
                Course(
                    unit_id=province.pk,
                    title=title,
                    title_folded=fold(title),
                    level=rng.choice(CourseLevel.values),
                    start=end - datetime.timedelta(days=4),
                    end=end,
                    hours=32,
                )
            )
    Course.objects.bulk_create(courses)
    by_province = {}
    for course in courses:
        by_province.setdefault(course.unit_id, {}).setdefault(course.end.year, []).append(course)
    path_to_province = {p.path: p.pk for p in provinces}

    # ~80% trained this year; a few failed or absent; a quarter of the trained took two courses;
    # most took a course last year too (which must not count).
    passed = [AttendanceResult.PASSED] * 6 + [AttendanceResult.PASSED_GOOD]
    not_passed = [AttendanceResult.FAILED, AttendanceResult.ABSENT, AttendanceResult.PENDING]
    trained = set()
    written = 0
    pending = []
    with transaction.atomic():
        for pk, path, _active in cadres:
            own = by_province[path_to_province[path[: 2 * Unit.steplen]]]
            draw = rng.random()
            picked = rng.sample(own[year], 2)
            if draw < 0.80:
                trained.add(pk)
                pending.append(Attendance(course=picked[0], cadre_id=pk, result=rng.choice(passed), year=year))
                if rng.random() < 0.25:
                    pending.append(Attendance(course=picked[1], cadre_id=pk, result=rng.choice(passed), year=year))
            elif draw < 0.86:
                pending.append(Attendance(course=picked[0], cadre_id=pk, result=rng.choice(not_passed), year=year))
            if rng.random() < 0.7:
                pending.append(
                    Attendance(course=rng.choice(own[year - 1]), cadre_id=pk, result=AttendanceResult.PASSED,
                               year=year - 1)
                )  # fmt: skip
            if len(pending) >= BATCH:
                Attendance.objects.bulk_create(pending, batch_size=BATCH)
                written += len(pending)
                pending = []
        Attendance.objects.bulk_create(pending, batch_size=BATCH)
        written += len(pending)
    print(f"Lớp: {len(courses)}; lượt học viên: {number(written)} ({time.perf_counter() - started:.1f} s)")

    # Field days of last month: most cadres log three to five working days, some none. The
    # selector never reads the village, so each day points at the cadre's own unit here.
    from danvan.cadres.models import FieldDay
    from danvan.core import bulk, calendar

    last = today.replace(day=1) - datetime.timedelta(days=1)
    first, last = calendar.month_bounds(last.year, last.month)
    workdays = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    workdays = [d for d in workdays if calendar.is_working_day(d)]
    unit_of = {u.path: u.pk for u in units}
    fields = [FieldDay._meta.get_field(name) for name in ("cadre", "date", "village", "purpose", "people_met",
                                                          "issues_heard", "created_at")]  # fmt: skip
    stamp = timezone.now()
    started = time.perf_counter()
    rows = []
    with transaction.atomic():
        for pk, path, _active in cadres:
            if rng.random() < 0.85:
                for date in rng.sample(workdays, rng.choice((3, 4, 4, 5))):
                    rows.append((pk, date, unit_of[path], "Nắm tình hình nhân dân", rng.randint(5, 60), "", stamp))
            if len(rows) >= 50_000:
                bulk.insert_rows(FieldDay, fields, rows, returning=False)
                rows = []
        bulk.insert_rows(FieldDay, fields, rows, returning=False)
    print(f"Ngày công tác cơ sở tháng {last.month}/{last.year}: {number(FieldDay.objects.count())} "
          f"({time.perf_counter() - started:.1f} s)")  # fmt: skip

    sizes = Counter(path[: 2 * Unit.steplen] for _pk, path, _a in cadres)
    largest_path, _size = sizes.most_common(1)[0]
    province = next(p for p in provinces if p.path == largest_path)
    mine = [(pk, active) for pk, path, active in cadres if path.startswith(largest_path)]
    expected = (sum(1 for _pk, a in mine if a), sum(1 for pk, a in mine if a and pk in trained))
    return province, expected


def main():
    parser = argparse.ArgumentParser(description="Đo tốc độ tổng hợp tỷ lệ cán bộ được bồi dưỡng.")
    parser.add_argument("--cadres", type=int, default=300_000, help="số cán bộ (mặc định 300000)")
    args = parser.parse_args()

    old = throwaway_database()
    try:
        from danvan.cadres.selectors import field_day_compliance, review_figures, training_coverage, untrained_cadres
        from danvan.units.models import Unit

        print(f"Cơ sở dữ liệu: {connection.vendor}")
        today = datetime.date.today()
        province, (active, trained) = build(args.cadres, random.Random(2026), today)
        if connection.vendor == "postgresql":
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"ANALYZE ({time.perf_counter() - started:.1f} s)")
        year = today.year
        communes = Unit.objects.filter(path__startswith=province.path, depth=province.depth + 1).count()
        print(f"Tỉnh lớn nhất: {province.name}, {communes} xã, {number(active)} cán bộ đang công tác, "
              f"{number(trained)} đã được bồi dưỡng năm {year}")  # fmt: skip
        nation = Unit.objects.get(code="VN")

        coverage = timed(
            f"tỷ lệ bồi dưỡng của {province.name} ({communes} xã)", 1.0, lambda: training_coverage(province, year)
        )
        total = coverage["total"]
        check = "khớp" if (total["cadres"], total["trained"]) == (active, trained) else "LỆCH"
        print(f"  {number(total['cadres'])} cán bộ, {number(total['trained'])} đã bồi dưỡng "
              f"({total['share']}%), {len(coverage['rows'])} dòng: {check} với dữ liệu đã tạo")  # fmt: skip
        national = timed("tỷ lệ bồi dưỡng toàn quốc (34 tỉnh)", 1.0, lambda: training_coverage(nation, year))
        print(f"  {number(national['total']['cadres'])} cán bộ, {national['total']['share']}%")
        page = timed(
            f"chưa bồi dưỡng ở {province.name}: trang đầu 50 người",
            1.0,
            lambda: list(untrained_cadres(province, year)[:50]),
        )
        count = timed(f"chưa bồi dưỡng ở {province.name}: đếm", 1.0, lambda: untrained_cadres(province, year).count())
        check = "khớp" if count == active - trained and len(page) == min(50, count) else "LỆCH"
        print(f"  {number(count)} người chưa bồi dưỡng: {check} với dữ liệu đã tạo")
        last = today.replace(day=1) - datetime.timedelta(days=1)
        fd = timed(
            f"ngày ở cơ sở tháng {last.month}/{last.year} của {province.name}",
            1.0,
            lambda: field_day_compliance(province, last.year, last.month),
        )
        print(f"  {number(fd['cadres'])} cán bộ phải thực hiện, {fd['share']}% đạt")
        fd = timed(
            f"ngày ở cơ sở tháng {last.month}/{last.year} toàn quốc",
            2.0,
            lambda: field_day_compliance(nation, last.year, last.month),
        )
        print(f"  {number(fd['cadres'])} cán bộ phải thực hiện, {fd['share']}% đạt")
        figures = timed(f"rà soát đội ngũ của {province.name}", 2.0, lambda: review_figures(province, today), runs=3)
        print(f"  {number(figures['cadres'])} cán bộ, {figures['finding_total']} thiếu sót về tổ chức")
        figures = timed("rà soát đội ngũ toàn quốc", 10.0, lambda: review_figures(nation, today), runs=3)
        print(f"  {number(figures['cadres'])} cán bộ, {number(figures['finding_total'])} thiếu sót về tổ chức")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
