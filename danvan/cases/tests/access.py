"""The case pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import enrol, totp_code
from danvan.cases import services
from danvan.cases.models import Field, RoutingRule
from danvan.cases.workflow import Event
from danvan.core.tests.sweep import own, public, record, unit_page

FEEDBACK = "Bãi rác tự phát ở đầu hẻm 27 Plei Ốp bốc mùi suốt hai tuần, đề nghị phường thu gom."
COMPLAINT = "Khiếu nại việc thu hồi đất vườn nhà bà Ksor H'Blơng ở Plei Ốp không đúng diện tích đo đạc."
DENUNCIATION = "Tố cáo cán bộ địa chính nhận tiền để hợp thức hóa đất lấn chiếm gần suối Plei Ốp."
DENOUNCER = {"name": "Siu Văn Thắng Plei Ốp", "address": "Hẻm 27, Plei Ốp", "phone": "0905888999"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def build(world):
    officer, village = world.owner, world.records["own_village"]
    today = timezone.localdate()
    feedback, _created = services.case_submit(
        kind="phan_anh", content=FEEDBACK, place=village, petitioner_name="Lê Thị Mận Plei Ốp",
        petitioner_phone="0905111222", field=Field.objects.get(code="moi_truong"),
    )  # fmt: skip
    attachment = services.attachments_add(case=feedback, files=[_upload()])[0]
    complaint, _created = services.case_submit(
        kind="khieu_nai", content=COMPLAINT, place=village, petitioner_name="Ksor H'Blơng",
        petitioner_phone="0905333444", received_on=today - datetime.timedelta(days=20),
    )  # fmt: skip
    accepted = today - datetime.timedelta(days=18)
    services.case_record(case=complaint, event=Event.ACCEPT, acting_user=officer, day=accepted)
    services.case_record(
        case=complaint, event=Event.ANSWER, acting_user=officer, day=today, note="Đã có quyết định số 12."
    )
    denunciation, _created = services.denunciation_receive(
        acting_user=officer, content=DENUNCIATION, place=village, identity=DENOUNCER,
        documents=[SimpleUploadedFile("don.png", PNG)],
    )  # fmt: skip
    # The owner read the identity with a code a moment ago, so the scan opens for them (the control).
    services.identity_reveal(
        case=denunciation, acting_user=officer, reason="Đối chiếu đơn", otp_token=totp_code(enrol(officer).key)
    )
    rule = RoutingRule.objects.create(unit=world.target, target=world.target, note="Quy tắc Plei Ốp")
    world.mark(FEEDBACK[:40], COMPLAINT[:40], DENUNCIATION[:40], DENOUNCER["name"], DENOUNCER["phone"],
               "Lê Thị Mận Plei Ốp", "0905111222", "Ksor H'Blơng", feedback.code, complaint.code, denunciation.code,
               "Quy tắc Plei Ốp")  # fmt: skip
    return {
        "feedback": feedback, "attachment": attachment, "complaint": complaint, "denunciation": denunciation,
        "denouncer_document": denunciation.denouncer.documents.get(), "rule": rule,
    }  # fmt: skip


def entries(r):
    feedback, complaint, denunciation = r["feedback"], r["complaint"].pk, r["denunciation"].pk
    unit, village = feedback.unit_id, r["own_village"]
    steps = [
        {"action": "step", "step-event": Event.ACCEPT, "step-day": "01/01/2026", "step-note": "x"},
        {"action": "assign", "assign-handler": feedback.unit_id, "assign-note": "x"},
        {"action": "classify", "classify-complexity": 1, "classify-note": "x"},
        {"action": "forward", "forward-recipient": "Sở X", "forward-letter_no": "1/UBND", "forward-letter_date":
         "01/01/2026", "forward-note": "x"},
        {"action": "link", "link-other_code": r["complaint"].code, "link-reason": "cung_su_viec"},
        {"action": "rate", "rate-timeliness": 5, "rate-attitude": 5, "rate-result": 5},
    ]  # fmt: skip
    reception = {
        "kind": "phan_anh", "channel": "tiep_dan", "content": "Nội dung ghi thay người dân ở thôn khác.",
        "place_code": village.code, "received_on": "01/01/2026", "idempotency_key": "k-sweep",
    }  # fmt: skip
    return {
        "cases:submit": public(
            "/phan-anh/gui/", get_only=True, note="the public form; posting it is the intake itself"
        ),
        "cases:sent": public(
            f"/phan-anh/da-gui/{feedback.code}/",
            get_only=True,
            note="the receipt shows only in the browser that sent the case",
        ),  # fmt: skip
        "cases:lookup": public(
            "/phan-anh/tra-cuu/",
            post={"code": feedback.code, "phone_tail": "9999"},
            note="the status page needs the code and the phone's last digits",
        ),  # fmt: skip
        "cases:place_options": public(
            f"/phan-anh/noi-xay-ra/?q={village.name}", get_only=True, note="place names are public"
        ),  # fmt: skip
        "cases_staff:list": own(
            "/vu-viec/",
            f"/vu-viec/?q={feedback.code}",
            f"/vu-viec/?q={FEEDBACK[:20]}",
            get_only=True,
            note="the visitor's own cases",
        ),  # fmt: skip
        "cases_staff:reception": own(
            "/vu-viec/tiep-nhan/", post=reception, note="a place outside the visitor's scope is refused"
        ),  # fmt: skip
        "cases_staff:attachment": record(f"/vu-viec/tep/{r['attachment'].pk}/", get_only=True),
        "cases_staff:detail": record(
            f"/vu-viec/{feedback.pk}/", f"/vu-viec/{complaint}/", f"/vu-viec/{denunciation}/", posts=steps
        ),  # fmt: skip
        "cases_staff:identity": record(
            f"/vu-viec/{denunciation}/danh-tinh/",
            posts=[
                {"action": "reveal", "reason": "Xem thử", "otp_token": "000000"},
                {"action": "resolver", "username": "canbo.pleiku"},
                {"action": "designate", "username": "canbo.pleiku"},
            ],
        ),  # fmt: skip
        "cases_staff:identity_document": record(
            f"/vu-viec/{denunciation}/danh-tinh/tai-lieu/{r['denouncer_document'].pk}/", get_only=True
        ),  # fmt: skip
        "cases_staff:second_round": record(
            f"/vu-viec/{complaint}/lan-2/",
            post={
                "content": "Khiếu nại lần hai vì quyết định lần đầu chưa thỏa đáng.",
                "channel": "tiep_dan",
                "received_on": "01/01/2026",
            },
        ),  # fmt: skip
        "cases_staff:identity_register": unit_page(
            f"/vu-viec/so-mo-danh-tinh/?unit={unit}",
            f"/vu-viec/so-mo-danh-tinh/?unit={unit}&format=xlsx",
            get_only=True,
        ),  # fmt: skip
        "cases_staff:routing_rules": unit_page(
            f"/vu-viec/quy-tac-chuyen/?unit={unit}",
            posts=[
                {"action": "delete", "rule": r["rule"].pk},
                {"action": "save", "unit_code": village.code, "target_code": village.code},
            ],
        ),  # fmt: skip
    }
