"""The cadre pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

import datetime

from django.core.files.base import ContentFile

from danvan.cadres import services
from danvan.cadres.choices import AttendanceResult, Gender, TeamRole, Title
from danvan.core.tests.sweep import own, record, unit_page

D = datetime.date
CADRE = "Rơ Mah Thị Hồng Nhung Plei Ốp"
COURSE = "Bồi dưỡng kỹ năng dân vận khéo cho tổ trưởng Plei Ốp"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def build(world):
    officer, unit = world.owner, world.target
    cadre = services.cadre_create(
        acting_user=officer, unit=unit, full_name=CADRE, gender=Gender.FEMALE, birth_year=1985, phone="0905777123"
    )
    cadre.photo.save("anh.png", ContentFile(PNG), save=True)
    appointment = services.appointment_add(
        acting_user=officer, cadre=cadre, unit=unit, title=Title.FRONT_CHAIR, start=D(2025, 7, 1)
    )
    team = services.team_create(acting_user=officer, unit=unit, established_on=D(2025, 7, 1))
    seat = services.team_member_add(
        acting_user=officer, team=team, cadre=cadre, role=TeamRole.HEAD, start=D(2025, 7, 1)
    )
    course = services.course_create(
        acting_user=officer, unit=unit, title=COURSE, start=D(2025, 9, 1), end=D(2025, 9, 3), hours=24
    )
    services.attendance_record(acting_user=officer, course=course, cadre=cadre, result=AttendanceResult.PASSED)
    organisation = services.organisation_create(acting_user=officer, unit=unit, kind="mttq")
    membership = services.organisation_member_add(
        acting_user=officer, organisation=organisation, cadre=cadre, start=D(2025, 7, 1)
    )
    review = services.review_record(acting_user=officer, unit=unit, on_date=D(2025, 12, 31))
    world.mark(CADRE, COURSE, cadre.code, "0905777123")
    return {
        "cadre": cadre, "appointment": appointment, "team": team, "seat": seat, "course": course,
        "organisation": organisation, "membership": membership, "review": review,
    }  # fmt: skip


def entries(r):
    c, unit, team, seat = r["cadre"].pk, r["cadre"].unit_id, r["team"].pk, r["seat"].pk
    edit = {"full_name": "Tên Bị Đổi", "gender": "nam", "birth_year": 1980}
    return {
        "cadres:overview": unit_page(f"/can-bo/?unit={unit}", get_only=True),
        "cadres:list": unit_page(
            f"/can-bo/danh-sach/?unit={unit}", f"/can-bo/danh-sach/?unit={unit}&format=xlsx", get_only=True
        ),  # fmt: skip
        "cadres:create": unit_page(f"/can-bo/them/?unit={unit}", post={**edit, "unit": unit}),
        "cadres:options": own(f"/can-bo/goi-y/?q={CADRE}", get_only=True, note="cadres in the visitor's scope"),
        "cadres:import": unit_page(f"/can-bo/nhap/?unit={unit}"),
        "cadres:import_confirm": record(f"/can-bo/nhap/{r['job'].pk}/xac-nhan/"),
        "cadres:template": own("/can-bo/mau-nhap-can-bo.xlsx", get_only=True, note="an empty template"),
        "cadres:detail": record(f"/can-bo/{c}/", get_only=True),
        "cadres:edit": record(f"/can-bo/{c}/sua/", post=edit),
        "cadres:photo": record(f"/can-bo/{c}/anh/", get_only=True),
        "cadres:leave": record(f"/can-bo/{c}/thoi-cong-tac/", post={"on_date": "01/01/2026", "reason": "Nghỉ hưu"}),
        "cadres:appointment_add": record(
            f"/can-bo/{c}/chuc-danh/them/", post={"title": Title.FRONT_CHAIR, "start": "01/01/2026"}
        ),  # fmt: skip
        "cadres:field_day_add": record(
            f"/can-bo/{c}/ngay-co-so/them/", post={"date": "03/11/2026", "purpose": "Nắm tình hình"}
        ),  # fmt: skip
        "cadres:appointment_end": record(
            f"/can-bo/chuc-danh/{r['appointment'].pk}/ket-thuc/", post={"end": "01/01/2026"}
        ),  # fmt: skip
        "cadres:teams": unit_page(
            f"/can-bo/khoi-to/?unit={unit}", f"/can-bo/khoi-to/?unit={unit}&format=xlsx", get_only=True
        ),  # fmt: skip
        "cadres:team_detail": record(f"/can-bo/khoi-to/{team}/", get_only=True),
        "cadres:seat_add": record(
            f"/can-bo/khoi-to/{team}/them-thanh-vien/",
            post={"cadre_code": r["cadre"].code, "role": "pho", "start": "01/08/2025"},
        ),  # fmt: skip
        "cadres:team_create": record(f"/can-bo/khoi-to/lap/{unit}/", post={"established_on": "01/01/2026"}),
        "cadres:team_rules": record(f"/can-bo/khoi-to/quy-dinh/{unit}/", post={"block_min_size": 3}),
        "cadres:seat_end": record(f"/can-bo/thanh-vien/{seat}/thoi/", post={"end": "01/01/2026"}),
        "cadres:seat_role": record(
            f"/can-bo/thanh-vien/{seat}/doi-vai-tro/", post={"role": "pho", "on_date": "01/01/2026"}
        ),  # fmt: skip
        "cadres:organisations": unit_page(f"/can-bo/to-chuc/?unit={unit}", post={"kind": "hnd"}),
        "cadres:organisation_detail": record(
            f"/can-bo/to-chuc/{r['organisation'].pk}/", post={"cadre_code": r["cadre"].code, "start": "01/01/2026"}
        ),  # fmt: skip
        "cadres:organisation_member_end": record(
            f"/can-bo/to-chuc/thanh-vien/{r['membership'].pk}/thoi/", post={"end": "01/01/2026"}
        ),  # fmt: skip
        "cadres:courses": unit_page(
            f"/can-bo/lop/?unit={unit}", f"/can-bo/lop/?unit={unit}&format=xlsx", get_only=True
        ),  # fmt: skip
        "cadres:course_create": unit_page(
            f"/can-bo/lop/them/?unit={unit}",
            post={"title": "Lớp mới", "start": "01/01/2026", "end": "02/01/2026", "hours": 8},
        ),  # fmt: skip
        "cadres:course_detail": record(
            f"/can-bo/lop/{r['course'].pk}/",
            f"/can-bo/lop/{r['course'].pk}/?format=xlsx",
            post={"action": "add", "cadre_code": r["cadre"].code, "result": "dat"},
        ),  # fmt: skip
        "cadres:course_edit": record(f"/can-bo/lop/{r['course'].pk}/sua/", post={"title": "Tên Bị Đổi"}),
        "cadres:coverage": unit_page(
            f"/can-bo/bao-phu-boi-duong/?unit={unit}",
            f"/can-bo/bao-phu-boi-duong/?unit={unit}&format=xlsx",
            get_only=True,
        ),  # fmt: skip
        "cadres:field_days": unit_page(
            f"/can-bo/ngay-co-so/?unit={unit}", f"/can-bo/ngay-co-so/?unit={unit}&format=xlsx", get_only=True
        ),  # fmt: skip
        "cadres:review": unit_page(
            f"/can-bo/ra-soat/?unit={unit}", f"/can-bo/ra-soat/?unit={unit}&format=xlsx", post={"conclusion": "Tốt"}
        ),  # fmt: skip
        "cadres:review_detail": record(
            f"/can-bo/ra-soat/{r['review'].pk}/", f"/can-bo/ra-soat/{r['review'].pk}/?format=xlsx", get_only=True
        ),  # fmt: skip
    }
