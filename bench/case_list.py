"""Benchmark: the officers' case list and the place picker at national scale (issue 12).

A case belongs to the unit that handles it and to the place where it happened, so a unit's list
reads both (``Case.objects.under``). This measures ``GET /vu-viec/?unit=…`` through Django's whole
stack (count, first page of 50, template) for a village team member, the officer of the busiest
commune, the leader of the busiest province and a national administrator, the unit page of a
village and of a commune (with their case counts), and the public place picker, on the data of
``manage.py generate_scale`` (``bench/reports_dashboard.py --setup`` builds it, about five minutes).
No target is set by the issue; the figures are compared with the list before the change (cases of
the handling unit only), measured the same way.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_scale_bench .venv/bin/python bench/case_list.py
"""

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


def main(runs=5):
    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from danvan.accounts.choices import Role
    from danvan.accounts.models import RoleAssignment, User
    from danvan.cases.models import Case
    from danvan.units.choices import UnitKind
    from danvan.units.models import Unit

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    if not Case.objects.exists():
        sys.exit("Chưa có dữ liệu: chạy bench/reports_dashboard.py --setup trước.")
    busiest = dict(
        Case.objects.filter(unit__kind=UnitKind.COMMUNE).values_list("unit").order_by().annotate(n=Count("id"))
        .order_by("-n")[:1]
    )  # fmt: skip
    commune = Unit.objects.get(pk=next(iter(busiest)))
    placed = (
        Case.objects.filter(place__path__startswith=commune.path, place__depth=4).values_list("place")
        .order_by().annotate(n=Count("id")).order_by("-n")[:1]
    )  # fmt: skip
    village = Unit.objects.get(pk=placed[0][0])
    province = Unit.objects.get(path=commune.path[:8])
    nation = Unit.objects.get(depth=1)

    def person(name, role, unit):
        user, _created = User.objects.get_or_create(username=name, defaults={"full_name": name})
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        client = Client()
        client.force_login(user)
        return client

    def timed(client, path):
        client.get(path)
        times = []
        for _i in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        return statistics.median(times)

    anonymous = Client()
    rows = [
        ("Danh sách vụ việc của thôn (thành viên tổ dân vận)", person("bench.tdv", Role.VILLAGE_MEMBER, village), village,
         "/vu-viec/"),
        ("Danh sách vụ việc của xã nhiều vụ việc nhất (cán bộ xã)", person("bench.canbo", Role.OFFICER, commune),
         commune, "/vu-viec/"),
        ("Danh sách vụ việc của tỉnh (lãnh đạo tỉnh)", person("bench.lanhdao", Role.LEADER, province), province,
         "/vu-viec/"),
        ("Danh sách vụ việc toàn quốc (quản trị)", person("bench.quantri", Role.ADMIN, nation), nation, "/vu-viec/"),
    ]  # fmt: skip
    print(f"Dữ liệu: {Case.objects.count():_} vụ việc, {Unit.objects.count():_} đơn vị.".replace("_", "."))
    for label, client, unit, path in rows:
        seconds = timed(client, f"{path}?unit={unit.pk}")
        print(f"{label}: {unit.name}: {1000 * seconds:.0f} ms")
    officer = rows[1][1]
    for unit in (village, commune):
        print(f"Trang đơn vị {unit.name} (có số vụ việc): {1000 * timed(officer, f'/don-vi/{unit.pk}/'):.0f} ms")
    for text in ("to dan pho 1 pleiku", "thon 5 " + commune.name_folded.split(" ", 1)[-1], "dak lak"):
        seconds = timed(anonymous, f"/phan-anh/noi-xay-ra/?q={text}")
        print(f"Ô chọn nơi xảy ra, “{text}”: {1000 * seconds:.0f} ms")


if __name__ == "__main__":
    main()
