"""The citizen-reception and dialogue pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

import datetime

from django.utils import timezone

from danvan.cadres import services as cadre_services
from danvan.cadres.choices import Gender, Title
from danvan.core import jobs
from danvan.core.tests.sweep import own, public, record, unit_page
from danvan.engagement import services

CITIZEN = "Nguyễn Thị Lan Anh Plei Ốp"
CONTENT = "Kiến nghị làm lại rãnh thoát nước hẻm 41 Plei Ốp bị tắc, nước tràn vào nhà dân khi mưa."
ID_NUMBER = "064185007788"
LEADER = "Kpă Thị Hoa Chủ Tịch Plei Ốp"
PLACE = "Phòng tiếp công dân Plei Ốp"


def build(world):
    officer, unit = world.owner, world.target
    staff = cadre_services.cadre_create(
        acting_user=officer, unit=unit, full_name="Võ Thị Tiếp Dân Plei Ốp", gender=Gender.FEMALE, birth_year=1988
    )
    cadre_services.appointment_add(
        acting_user=officer, cadre=staff, unit=unit, title=Title.CIVIL_SERVANT, start=datetime.date(2024, 1, 2)
    )
    reception, _created = services.reception_record(
        acting_user=officer, unit=unit, received_at=timezone.now() - datetime.timedelta(hours=2),
        location="Trụ sở tiếp công dân Plei Ốp", kind="thuong_xuyen", official=staff, content=CONTENT,
        case_kind="kien_nghi", place=unit, handling="thu_ly", citizen_name=CITIZEN, id_number=ID_NUMBER,
        phone="0905246810", address="Hẻm 41 Plei Ốp",
    )  # fmt: skip
    chair = cadre_services.cadre_create(
        acting_user=officer, unit=unit, full_name=LEADER, gender=Gender.MALE, birth_year=1972, phone="0905135790"
    )
    cadre_services.appointment_add(
        acting_user=officer,
        cadre=chair,
        unit=unit,
        title=Title.PEOPLES_COMMITTEE_CHAIR,
        start=datetime.date(2024, 1, 2),
    )
    schedule = services.schedule_save(
        acting_user=officer, unit=unit, leader=chair, title=Title.PEOPLES_COMMITTEE_CHAIR, pattern="thu_trong_tuan",
        days="5", starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 0), place=PLACE,
        valid_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    job = jobs.job_start(
        kind="engagement.register_file", title="Sổ tiếp công dân", unit=unit, acting_user=officer,
        params={"unit": unit.pk, "year": timezone.localdate().year, "format": "xlsx"},
    )  # fmt: skip
    jobs.run_job(job.pk)
    world.mark(CITIZEN, CONTENT[:40], ID_NUMBER, "0905246810", staff.full_name, "0905135790")
    return {"reception": reception, "register_job": job, "reception_staff": staff, "schedule": schedule}


def entries(r):
    reception, unit, schedule = r["reception"], r["reception"].unit_id, r["schedule"].pk
    entry = {
        "received_at": "01/11/2026 09:00", "location": "Nơi khác", "kind": "thuong_xuyen",
        "official_code": r["reception_staff"].code, "citizen_name": "Người Lạ", "people": 1, "case_kind": "kien_nghi",
        "place_code": r["reception"].place.code, "content": "Nội dung ghi thử ở đơn vị khác để kiểm tra quyền.",
        "handling": "thu_ly",
    }  # fmt: skip
    return {
        "engagement:register": unit_page(
            f"/tiep-cong-dan/?unit={unit}", f"/tiep-cong-dan/?unit={unit}&q={ID_NUMBER}", get_only=True
        ),  # fmt: skip
        "engagement:register_export": unit_page(
            "/tiep-cong-dan/xuat-so/", posts=[{"unit": unit, "format": "xlsx"}, {"unit": unit, "format": "pdf"}]
        ),  # fmt: skip
        "engagement:register_file": record(f"/tiep-cong-dan/xuat-so/{r['register_job'].pk}/tep/", get_only=True),
        "engagement:reception_add": unit_page(f"/tiep-cong-dan/ghi-so/?unit={unit}", post={**entry, "unit": unit}),
        "engagement:earlier_visits": own(
            f"/tiep-cong-dan/lan-tiep-truoc/?id_number={ID_NUMBER}&phone=0905246810&case_kind=kien_nghi",
            get_only=True,
            note="earlier visits within the visitor's own scope",
        ),  # fmt: skip
        "engagement:reception": record(
            f"/tiep-cong-dan/luot-tiep/{reception.pk}/",
            post={"handling": "huong_dan", "follow_up": "Đổi kết quả từ ngoài phạm vi."},
        ),  # fmt: skip
        "engagement:reception_to_case": record(f"/tiep-cong-dan/luot-tiep/{reception.pk}/chuyen-vu-viec/"),
        "engagement:schedules": unit_page(f"/tiep-cong-dan/lich-tiep/?unit={unit}", get_only=True),
        "engagement:schedule_add": unit_page(
            f"/tiep-cong-dan/lich-tiep/them/?unit={unit}",
            post={
                "leader_code": r["schedule"].leader.code,
                "title": "chu_tich_ubnd",
                "pattern": "thu_trong_tuan",
                "days": "3",
                "starts_at": "07:30",
                "ends_at": "11:00",
                "place": "Nơi khác",
                "valid_from": "01/01/2026",
            },
        ),  # fmt: skip
        "engagement:schedule_edit": record(
            f"/tiep-cong-dan/lich-tiep/{schedule}/sua/",
            post={
                "leader_code": r["schedule"].leader.code,
                "title": "chu_tich_ubnd",
                "pattern": "thu_trong_tuan",
                "days": "2",
                "starts_at": "07:30",
                "ends_at": "11:00",
                "place": "Đổi",
                "valid_from": "01/01/2026",
            },
        ),  # fmt: skip
        "engagement:session_record": record(
            f"/tiep-cong-dan/lich-tiep/{schedule}/ghi-buoi-tiep/?date=06/11/2026",
            post={"date": "06/11/2026", "status": "khong_tiep"},
        ),  # fmt: skip
        "engagement:compliance": unit_page(f"/tiep-cong-dan/lich-tiep/theo-doi/?unit={unit}", get_only=True),
        "engagement:public_calendar": public(
            f"/tiep-cong-dan/lich/{unit}/", get_only=True, note="the unit's published reception calendar"
        ),  # fmt: skip
    }
