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
TOPIC = "Đối thoại về chỉnh trang hẻm và thoát nước Plei Ốp"
QUESTION = "Hẻm 41 Plei Ốp ngập mỗi khi mưa, đề nghị làm lại rãnh thoát nước."
ASKER = "Rơ Châm Y Blúp Người Hỏi"
PROMISE = "Làm lại rãnh thoát nước hẻm 41 Plei Ốp trước mùa mưa năm sau."
HEARD = "Đèn đường tổ 5 Plei Ốp hỏng hai tháng chưa thay\nĐề nghị mở lớp dạy nghề cho thanh niên Plei Ốp"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("anh.png", PNG, content_type="image/png")


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
    dialogue = services.dialogue_record(
        acting_user=officer, unit=unit, date=datetime.date(2026, 10, 15), chair=chair, chair_role="chu_tich",
        topic=TOPIC, location="Hội trường Plei Ốp", participants={"nong_dan": 40, "phu_nu": 25},
    )  # fmt: skip
    question = services.question_save(
        acting_user=officer, dialogue=dialogue, content=QUESTION, asker=ASKER, asker_public=False,
        answer="Phường sẽ khảo sát và bố trí kinh phí trong quý I năm sau.", answered_by=chair.full_name,
    )  # fmt: skip
    services.dialogue_publish(acting_user=world.personas["province_admin"], dialogue=dialogue, published=True)
    commitment = services.commitment_make(
        acting_user=officer, unit=unit, content=PROMISE, due_on=datetime.date(2027, 3, 31), owner=staff,
        source="doi_thoai", question=question,
    )  # fmt: skip
    child = services.commitment_make(
        acting_user=officer, unit=unit, content="Khảo sát hiện trạng rãnh thoát nước hẻm 41 Plei Ốp.",
        due_on=datetime.date(2027, 1, 31), parent=commitment, source="doi_thoai", question=question,
    )  # fmt: skip
    evidence = services.evidence_add(acting_user=officer, commitment=child, files=[_png()], note="Ảnh hiện trạng")[0]
    field_day = cadre_services.field_day_log(
        acting_user=officer, cadre=staff, date=datetime.date(2026, 11, 3), village=world.records["own_village"],
        purpose="Nắm tình hình Plei Ốp", people_met=12, issues_heard=HEARD,
    )  # fmt: skip
    job = jobs.job_start(
        kind="engagement.register_file", title="Sổ tiếp công dân", unit=unit, acting_user=officer,
        params={"unit": unit.pk, "year": timezone.localdate().year, "format": "xlsx"},
    )  # fmt: skip
    jobs.run_job(job.pk)
    world.mark(CITIZEN, CONTENT[:40], ID_NUMBER, "0905246810", staff.full_name, "0905135790")
    world.mark(ASKER, HEARD[:30])  # the promise and the question are public once the dialogue is published
    return {
        "reception": reception, "register_job": job, "reception_staff": staff, "schedule": schedule,
        "dialogue": dialogue, "question": question, "commitment": commitment, "child": child, "evidence": evidence,
        "field_day": field_day,
    }  # fmt: skip


def entries(r):
    reception, unit, schedule = r["reception"], r["reception"].unit_id, r["schedule"].pk
    dialogue, question, commitment, child = r["dialogue"].pk, r["question"].pk, r["commitment"].pk, r["child"].pk
    field_day = r["field_day"].pk
    dialogue_form = {"date": "01/11/2026", "chair_code": r["schedule"].leader.code, "chair_role": "chu_tich",
                     "topic": "Chủ đề khác", "location": "Nơi khác", "p_nong_dan": 5}  # fmt: skip
    question_form = {"content": "Một ý kiến ghi thử từ ngoài phạm vi.", "answer": "Trả lời thử."}
    promise = {"content": "Một cam kết ghi thử từ ngoài phạm vi.", "due_on": "31/12/2026"}
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
        "engagement:dialogues": unit_page(f"/tiep-cong-dan/doi-thoai/?unit={unit}", get_only=True),
        "engagement:dialogue_add": unit_page(
            f"/tiep-cong-dan/doi-thoai/them/?unit={unit}", post={**dialogue_form, "unit": unit}
        ),
        "engagement:dialogue": record(f"/tiep-cong-dan/doi-thoai/{dialogue}/", get_only=True),
        "engagement:dialogue_edit": record(f"/tiep-cong-dan/doi-thoai/{dialogue}/sua/", post=dialogue_form),
        "engagement:dialogue_publish": record(f"/tiep-cong-dan/doi-thoai/{dialogue}/cong-bo/", post={"published": ""}),
        "engagement:question_add": record(f"/tiep-cong-dan/doi-thoai/{dialogue}/y-kien/them/", post=question_form),
        "engagement:question_edit": record(f"/tiep-cong-dan/y-kien/{question}/sua/", post=question_form),
        "engagement:public_dialogue": public(
            f"/tiep-cong-dan/cong-khai/doi-thoai/{dialogue}/",
            get_only=True,
            note="a published dialogue: questions, answers and whether each promise was kept, no asker's name "
            "unless agreed",
        ),  # fmt: skip
        "engagement:commitments": unit_page(
            f"/tiep-cong-dan/cam-ket/?unit={unit}", f"/tiep-cong-dan/cam-ket/?unit={unit}&due=overdue", get_only=True
        ),  # fmt: skip
        "engagement:commitment": record(
            f"/tiep-cong-dan/cam-ket/{commitment}/", f"/tiep-cong-dan/cam-ket/{child}/", get_only=True
        ),  # fmt: skip
        "engagement:commitment_progress": record(f"/tiep-cong-dan/cam-ket/{child}/tien-do/", post={"progress": 80}),
        "engagement:evidence_add": record(f"/tiep-cong-dan/cam-ket/{child}/minh-chung/", post={"note": "x"}),
        "engagement:commitment_close": record(
            f"/tiep-cong-dan/cam-ket/{child}/dong/", post={"kept": "0", "reason": "Đóng từ ngoài phạm vi."}
        ),  # fmt: skip
        "engagement:sub_commitment_add": record(
            f"/tiep-cong-dan/cam-ket/{commitment}/cam-ket-con/", post={**promise, "unit": unit, "weight": 2}
        ),  # fmt: skip
        "engagement:commitment_from_question": record(f"/tiep-cong-dan/cam-ket/tu-y-kien/{question}/", post=promise),
        "engagement:commitment_from_reception": record(
            f"/tiep-cong-dan/cam-ket/tu-luot-tiep/{reception.pk}/", post=promise
        ),  # fmt: skip
        "engagement:evidence_file": record(f"/tiep-cong-dan/minh-chung/{r['evidence'].pk}/", get_only=True),
        "engagement:field_day": record(f"/tiep-cong-dan/ngay-co-so/{field_day}/", get_only=True),
        "engagement:field_day_commitment": record(f"/tiep-cong-dan/ngay-co-so/{field_day}/cam-ket/0/", post=promise),
        "engagement:field_day_case": record(f"/tiep-cong-dan/ngay-co-so/{field_day}/vu-viec/1/"),
        "engagement:public_calendar": public(
            f"/tiep-cong-dan/lich/{unit}/", get_only=True, note="the unit's published reception calendar"
        ),  # fmt: skip
    }
