"""Shared fixtures of the emulation tests: a valid registration through the service, and a province rubric."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from danvan.emulation import services
from danvan.emulation.models import Criterion, Rubric

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 11, 10)

FORCES = [
    {"role": "chu_tri", "name": "Ban Công tác Mặt trận tổ dân phố 1", "duty": "Chủ trì, vận động các hộ"},
    {"role": "phoi_hop", "name": "Chi hội Phụ nữ tổ dân phố 1", "duty": "Vận động hội viên hiến đất"},
    {"role": "tham_gia", "name": "Các hộ dân tổ dân phố 1"},
]
INDICATORS = [
    {"name": "Diện tích đất hiến mở rộng đường", "measure": "m²", "baseline": "0", "target": "1250"},
    {"name": "Số hộ tham gia hiến đất", "measure": "hộ", "baseline": "0", "target": "46"},
]


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield TODAY


def values(**over):
    """The fields of a valid registration (a collective model in the culture–society field)."""
    base = {
        "kind": "mo_hinh", "field": "van_hoa_xa_hoi", "year": timezone.localdate().year,
        "name": "Hiến đất mở rộng đường bê tông tổ dân phố 1 phường Pleiku",
        "situation": "Đường vào tổ dân phố hẹp, xe cứu thương không vào được; người dân nhiều lần kiến nghị.",
        "goals": "Mở rộng 600 m đường lên 5 m; 100% hộ hai bên đường đồng thuận hiến đất.",
        "content": "Họp dân từng đoạn, cán bộ tổ dân vận đến từng hộ vận động; công khai diện tích từng hộ hiến.",
        "area": "Tổ dân phố 1, phường Pleiku", "target_group": "46 hộ dân hai bên đường",
        "money": 350_000_000, "person_days": 820, "contributions": "Nhân dân góp 120 triệu đồng và 600 ngày công",
        "start_on": datetime.date(timezone.localdate().year, 1, 15),
        "evaluation_on": datetime.date(timezone.localdate().year, 11, 30),
        "people_reached": 190, "sustainability": "Tổ tự quản duy trì vệ sinh, sửa chữa nhỏ hằng năm.",
        "replicability": "Áp dụng được cho các tổ dân phố có đường hẹp.",
    }  # fmt: skip
    return base | over


def register(user, unit, forces=None, indicators=None, **over):
    return services.practice_register(
        acting_user=user, unit=unit, forces=forces or FORCES, indicators=indicators or INDICATORS, **values(**over)
    )


@pytest.fixture
def rubric(tree):
    """The province's rubric, version 1, in force from 2025 (made directly: the rubric services have their own
    tests)."""
    rubric = Rubric.objects.create(
        province=tree["gialai"], version=1, name="Tiêu chí bình xét mô hình Dân vận khéo tỉnh Gia Lai",
        effective_from=datetime.date(2025, 1, 1), published_at=timezone.now(),
    )  # fmt: skip
    for n, (name, weight, top) in enumerate(
        [("Giải quyết vấn đề bức xúc ở cơ sở", 3, 10), ("Thu hút nhiều lực lượng tham gia", 2, 10),
         ("Hiệu quả thiết thực, kiểm chứng được", 3, 10), ("Bền vững, nhân rộng được", 2, 5)], 1
    ):  # fmt: skip
        Criterion.objects.create(rubric=rubric, order=n, name=name, weight=weight, scale_max=top)
    return rubric
