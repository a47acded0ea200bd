"""The rubric, council and commendation pages in the access sweep (see ``danvan/core/tests/sweep.py``).

Built in Phường Pleiku through the services: Gia Lai's rubric (published, and a draft of the next version) and
settings; a model whose evaluation is open (two sheets sent, the province administrator's not yet); a model
evaluated and waiting for its decision; a model recognised and commended at a conference of the ward (a
collective and a person) and outside it; and a monitored model no council has opened yet. ``records`` may hold
``practice_monitored`` (the registrations' part), used for the open evaluation.
"""

import datetime

from django.utils import timezone

from danvan.core.tests.sweep import own, record, unit_page
from danvan.emulation import services
from danvan.emulation.choices import Step

from ..conftest import FORCES, INDICATORS, values

CRITERIA = [
    {"name": "Giải quyết vấn đề bức xúc ở cơ sở Plei Ốp", "weight": 3, "scale_max": 10,
     "guidance": "Chấm theo mức vấn đề được giải quyết, có xác nhận của người dân."},
    {"name": "Thu hút nhiều lực lượng tham gia", "weight": 2, "scale_max": 10},
]  # fmt: skip
WAITING = "Tổ tự quản đường hoa Plei Ốp chờ quyết định công nhận"
PERSON = "Bà Rơ Châm H'Lan Tổ Trưởng Plei Ốp"
CONFERENCE = "Hội nghị biểu dương điển hình Dân vận khéo phường Pleiku Plei Ốp"
COMMENT = "Nhận xét kín của thành viên hội đồng về mô hình Plei Ốp."
NOTE = "Hội đồng trao đổi kín về chênh lệch điểm của mô hình Plei Ốp."


def _monitored(officer, unit, name):
    practice = services.practice_register(
        acting_user=officer, unit=unit, forces=FORCES, indicators=INDICATORS, **values(name=name)
    )
    for step in (Step.SHORTLIST, Step.LAUNCH):
        services.practice_step(acting_user=officer, practice=practice, step=step)
    services.practice_step(
        acting_user=officer, practice=practice, step=Step.MONITOR,
        values={i.pk: "600" for i in practice.indicators.all()},
    )  # fmt: skip
    practice.refresh_from_db()
    return practice


def _marks(rubric, values_):
    return {c.pk: v for c, v in zip(rubric.criteria.order_by("order"), values_, strict=True)}


def _members(personas, practice):
    """Three members who see Pleiku and did not register the model, the province administrator last."""
    names = ("viewer", "province_leader", "national_admin", "province_admin")
    users = [personas[n] for n in names if personas[n].pk != practice.created_by_id]
    return users[:2] + [personas["province_admin"] if personas["province_admin"] in users else users[2]]


def _evaluate(officer, practice, members, rubric, sheets, comment=""):
    evaluation = services.evaluation_open(
        acting_user=officer, practice=practice, council=practice.unit, evaluators=members
    )
    for user, values_ in zip(members, sheets, strict=False):
        sheet = evaluation.sheets.get(evaluator=user)
        services.sheet_submit(acting_user=user, sheet=sheet, marks=_marks(rubric, values_), comment=comment)
    return evaluation


def build(world, records):
    officer, unit, personas = world.owner, world.target, world.personas
    admin, leader = personas["province_admin"], personas["province_leader"]
    province = world.tree["gialai"]
    today = timezone.localdate()
    rubric = services.rubric_save(
        acting_user=admin, province=province, name="Tiêu chí bình xét Dân vận khéo tỉnh Gia Lai",
        effective_from=datetime.date(2025, 1, 1), criteria=CRITERIA,
    )  # fmt: skip
    services.rubric_publish(acting_user=admin, rubric=rubric)
    draft = services.rubric_new_version(acting_user=admin, rubric=rubric, effective_from=today + datetime.timedelta(30))
    setting = services.setting_save(acting_user=admin, province=province, follow_up_months=12, spread_limit=20)

    scoring = records.get("practice_monitored") or _monitored(officer, unit, "Mô hình đang chấm điểm Plei Ốp")
    members = _members(personas, scoring)
    open_evaluation = _evaluate(officer, scoring, members, rubric, [(8, 6), (4, 6)], comment=COMMENT)
    unsent = open_evaluation.sheets.get(evaluator=members[2])

    waiting = _monitored(officer, unit, WAITING)
    closed = _evaluate(officer, waiting, members[:2], rubric, [(8, 6), (4, 6)])
    services.evaluation_close(acting_user=officer, evaluation=closed, note=NOTE)

    recognised = _monitored(officer, unit, "Mô hình hiến đất làm đường Plei Ốp đã công nhận")
    evaluation = _evaluate(officer, recognised, members[:2], rubric, [(8, 6), (7, 6)])
    services.evaluation_close(acting_user=officer, evaluation=evaluation)
    services.decision_record(
        acting_user=leader, evaluation=evaluation, outcome="cong_nhan", number="88-QĐ/ĐU", date=today,
        signer="Bí thư Đảng ủy phường Pleiku",
    )  # fmt: skip
    recognised.refresh_from_db()
    conference = services.conference_save(
        acting_user=officer, unit=unit, name=CONFERENCE, held_on=today, decision_number="90-QĐ/ĐU",
        decision_on=today, signer="Ban Thường vụ Đảng ủy phường Pleiku",
    )  # fmt: skip
    common = {"form": "giay_khen", "level": "xa", "decision_number": "90-QĐ/ĐU", "decision_on": today}
    services.award_save(
        acting_user=officer, unit=unit, conference=conference, recipient_kind="tap_the", practices=[recognised],
        recipient="Ban Công tác Mặt trận tổ dân phố 1 Plei Ốp", **common,
    )  # fmt: skip
    person = services.award_save(
        acting_user=officer, unit=unit, conference=conference, recipient_kind="ca_nhan", practices=[recognised],
        recipient=PERSON, recipient_detail="Tổ trưởng tổ dân phố 1", **common,
    )  # fmt: skip
    loose = services.award_save(
        acting_user=officer, unit=unit, recipient_kind="tap_the", practices=[recognised],
        recipient="Chi hội Phụ nữ tổ dân phố 1 Plei Ốp", **common,
    )  # fmt: skip
    unopened = _monitored(officer, unit, "Mô hình chưa mở chấm Plei Ốp")
    world.mark(WAITING, PERSON, CONFERENCE, COMMENT, NOTE)
    return {
        "council_rubric": rubric, "council_draft": draft, "council_setting": setting,
        "council_open": open_evaluation, "council_unsent": unsent, "council_closed": closed,
        "council_recognised": recognised, "council_conference": conference, "council_person": person,
        "council_loose_award": loose, "council_unopened": unopened,
    }  # fmt: skip


def entries(r):
    unit = r["council_recognised"].unit_id
    rubric, draft = r["council_rubric"].pk, r["council_draft"].pk
    opened, closed, sheet = r["council_open"].pk, r["council_closed"].pk, r["council_unsent"]
    conference, practice = r["council_conference"].pk, r["council_recognised"].pk
    day = timezone.localdate().strftime("%d/%m/%Y")
    rows = {"c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0", "c-0-name": "Tiêu chí ghi thử", "c-0-weight": "1",
            "c-0-scale_max": "10"}  # fmt: skip
    award = {"recipient_kind": "tap_the", "recipient": "Tập thể ghi thử", "form": "giay_khen", "level": "xa",
             "decision_number": "1-QĐ", "decision_on": day, "practices": [practice]}  # fmt: skip
    held = {"name": "Hội nghị ghi thử", "held_on": day, "decision_number": "1-QĐ", "decision_on": day,
            "signer": "Người ký thử"}  # fmt: skip
    marks = {f"mark_{c.pk}": "5" for c in sheet.evaluation.rubric.criteria.all()}
    members = "\n".join(s.evaluator.username for s in r["council_open"].sheets.all())
    return {
        "emulation:rubrics": unit_page(f"/dan-van-kheo/bang-tieu-chi/?unit={unit}", get_only=True),
        "emulation:rubric_add": unit_page(
            f"/dan-van-kheo/bang-tieu-chi/them/?unit={unit}",
            post={"name": "Bảng ghi thử", "effective_from": "01/01/2030", **rows},
        ),  # fmt: skip
        # The published version is read by everyone in the province (test_council_pages); its draft is not.
        "emulation:rubric": record(f"/dan-van-kheo/bang-tieu-chi/{draft}/", get_only=True),  # fmt: skip
        "emulation:rubric_edit": record(
            f"/dan-van-kheo/bang-tieu-chi/{draft}/sua/",
            post={"name": "Đổi tên", "effective_from": "01/01/2030", **rows},
        ),  # fmt: skip
        "emulation:rubric_publish": record(f"/dan-van-kheo/bang-tieu-chi/{draft}/ban-hanh/"),
        "emulation:rubric_new_version": record(
            f"/dan-van-kheo/bang-tieu-chi/{rubric}/phien-ban-moi/", post={"effective_from": "01/01/2030"}
        ),  # fmt: skip
        "emulation:settings": unit_page(
            f"/dan-van-kheo/thiet-lap/?unit={unit}", post={"follow_up_months": 3, "spread_limit": 5}
        ),  # fmt: skip
        "emulation:evaluation_open": record(
            f"/dan-van-kheo/mo-hinh/{r['council_unopened'].pk}/cham-diem/mo/",
            post={"council": unit, "evaluators": members, "opened_on": day},
        ),  # fmt: skip
        "emulation:evaluation": record(
            f"/dan-van-kheo/cham-diem/{opened}/", f"/dan-van-kheo/cham-diem/{closed}/", get_only=True
        ),  # fmt: skip
        "emulation:evaluation_close": record(
            f"/dan-van-kheo/cham-diem/{opened}/ket-thuc/", post={"note": "Kết thúc thử"}
        ),
        "emulation:decision_add": record(
            f"/dan-van-kheo/cham-diem/{closed}/quyet-dinh/",
            post={"outcome": "cong_nhan", "number": "1-QĐ", "date": day, "signer": "Người ký thử"},
        ),  # fmt: skip
        "emulation:my_sheets": own("/dan-van-kheo/phieu-cham/", get_only=True, note="the visitor's own sheets"),
        "emulation:sheet": record(f"/dan-van-kheo/phieu-cham/{sheet.pk}/", post={**marks, "comment": "Thử"}),
        "emulation:conferences": unit_page(f"/dan-van-kheo/hoi-nghi/?unit={unit}", get_only=True),
        "emulation:conference_add": unit_page(f"/dan-van-kheo/hoi-nghi/them/?unit={unit}", post={**held, "unit": unit}),
        "emulation:conference": record(f"/dan-van-kheo/hoi-nghi/{conference}/", get_only=True),
        "emulation:conference_edit": record(f"/dan-van-kheo/hoi-nghi/{conference}/sua/", post=held),
        "emulation:conference_award_add": record(f"/dan-van-kheo/hoi-nghi/{conference}/khen-thuong/", post=award),
        "emulation:annex": record(f"/dan-van-kheo/hoi-nghi/{conference}/phu-luc/", get_only=True),
        "emulation:award_add": unit_page(
            f"/dan-van-kheo/khen-thuong/them/?unit={unit}&practice={practice}", post={**award, "unit": unit}
        ),  # fmt: skip
        "emulation:award_edit": record(f"/dan-van-kheo/khen-thuong/{r['council_loose_award'].pk}/sua/", post=award),
    }
