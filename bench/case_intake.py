"""Benchmark: intake of 10,000 cases through the public form view.

Issue 4 asks for the throughput and the 95th-percentile time of a submission (no target figure is
named). Each submission is a real POST to ``/phan-anh/gui/`` through Django's full request stack
(middleware, session, form, validation, routing, tracking code, the case and its receipt event in
one transaction, the redirect); requests run one after another in one process.

    .venv/bin/python bench/case_intake.py --cases 1000            # SQLite, a quick try
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_intake .venv/bin/python bench/case_intake.py
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("DANVAN_RATELIMIT", "0")  # ten thousand submissions from one address, on purpose
os.environ.setdefault("DEBUG", "0")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()
warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for a bench

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

TEXTS = [
    "Đường liên thôn xuống cấp nghiêm trọng, mùa mưa lầy lội, học sinh đi học rất khó khăn.",
    "Rác thải tồn đọng nhiều ngày ở bãi tập kết gần khu dân cư, bốc mùi, ruồi muỗi nhiều.",
    "Gia đình tôi chưa nhận được tiền trợ cấp người cao tuổi hai tháng nay, đề nghị xem xét.",
    "Hàng xóm xây tường lấn sang phần đất nhà tôi khoảng nửa mét, đề nghị xã giải quyết.",
    "Đèn đường ở khu phố hỏng hơn một tháng, buổi tối rất tối, người dân đi lại nguy hiểm.",
]


def number(value):
    return f"{value:,.0f}".replace(",", ".")


def main():
    parser = argparse.ArgumentParser(description="Đo tốc độ tiếp nhận qua biểu mẫu công khai.")
    parser.add_argument("--cases", type=int, default=10_000, help="số lần gửi (mặc định 10000)")
    args = parser.parse_args()
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        sys.exit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa và tạo lại: tên phải chứa “bench”.")
    connection.settings_dict["TEST"]["NAME"] = name
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=set())
    try:
        from danvan.cases.models import Case
        from danvan.units import services
        from danvan.units.choices import UnitKind
        from danvan.units.models import Unit

        services.units_load_official()
        places = list(Unit.objects.filter(kind=UnitKind.COMMUNE).values_list("code", flat=True))
        rng = random.Random(2026)
        client = Client()
        client.get("/phan-anh/gui/")  # warm up: templates, translations
        times = []
        started = time.perf_counter()
        for n in range(args.cases):
            data = {
                "kind": "phan_anh" if n % 4 else "kien_nghi", "content": rng.choice(TEXTS), "place_code": rng.choice(places),
                "petitioner_name": "Người dân", "petitioner_phone": f"09{rng.randint(0, 99_999_999):08d}",
                "idempotency_key": uuid.uuid4().hex,
            }  # fmt: skip
            t = time.perf_counter()
            response = client.post("/phan-anh/gui/", data)
            times.append(time.perf_counter() - t)
            if response.status_code != 302:
                sys.exit(f"Lần gửi {n} không thành công: {response.status_code}")
        elapsed = time.perf_counter() - started
        times.sort()
        p95 = times[int(0.95 * len(times)) - 1]
        print(f"Cơ sở dữ liệu: {connection.vendor}")
        print(
            f"{number(args.cases)} lần gửi trong {elapsed:.1f} s: {args.cases / elapsed:,.0f} vụ việc/s (một tiến trình)"
        )
        print(f"thời gian một lần gửi: trung vị {1000 * statistics.median(times):.1f} ms, p95 {1000 * p95:.1f} ms, "
              f"lớn nhất {1000 * times[-1]:.1f} ms")  # fmt: skip
        print(f"Đã lưu {number(Case.objects.count())} vụ việc, mã theo dõi không trùng: "
              f"{Case.objects.values('code').distinct().count() == Case.objects.count()}")  # fmt: skip
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
