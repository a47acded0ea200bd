"""Officers' list and case page: scoped, filtered, searchable, exportable; steps recorded from the page."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from conftest import enrol, totp_code
from danvan.cases import services
from danvan.cases.models import Case
from danvan.cases.workflow import Event, Status

TEXT = "Rác thải đổ trộm ven suối đầu làng, bốc mùi suốt tuần nay."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


def step(event, day, note=""):
    """The case page's step form, as posted."""
    return {"action": "step", "step-event": event, "step-day": day, "step-note": note}


@pytest.fixture
def case(tree):
    made, _created = services.case_submit(
        kind="phan_anh",
        content=TEXT,
        place=tree["village"],
        petitioner_name="Lê Thị Hồng",
        petitioner_phone="0905000111",
    )
    return made


def test_the_handling_unit_and_those_above_see_the_case_others_get_404(case, personas, login, tree):
    for persona in ("commune_officer", "province_leader", "viewer"):
        client = login(personas[persona])
        assert case.code in client.get("/vu-viec/").content.decode(), persona
        assert client.get(f"/vu-viec/{case.pk}/").status_code == 200
    for persona in ("sibling_officer", "other_province_officer"):
        client = login(personas[persona])
        assert case.code not in client.get("/vu-viec/").content.decode()
        assert client.get(f"/vu-viec/{case.pk}/").status_code == 404
        assert client.get(f"/vu-viec/?unit={tree['pleiku'].pk}").status_code == 404
        assert client.get(f"/vu-viec/?unit={tree['pleiku'].pk}&format=xlsx").status_code == 404
        assert client.post(f"/vu-viec/{case.pk}/", step("thu_ly", "02/03/2026")).status_code == 404
    assert Case.objects.get().status == Status.RECEIVED


def test_search_ignores_diacritics_and_reads_a_loose_code(case, personas, login):
    client = login(personas["commune_officer"])
    assert case.code in client.get("/vu-viec/?q=rac thai do trom").content.decode()
    assert case.code in client.get(f"/vu-viec/?q={case.code.lower().replace('-', ' ')}").content.decode()
    assert case.code not in client.get("/vu-viec/?q=dat dai").content.decode()


def test_overdue_filter_and_export(case, personas, login):
    client = login(personas["commune_officer"])
    assert case.code not in client.get("/vu-viec/?due=overdue").content.decode()
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC), tick=False):
        later = login(personas["commune_officer"])  # a fresh session, 18 days on
        assert case.code in later.get("/vu-viec/?due=overdue").content.decode()
    sheet = load_workbook(io.BytesIO(client.get("/vu-viec/?format=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã theo dõi" and rows[1][0] == case.code and rows[1][6] == "16/03/2026"
    assert "Lê Thị Hồng" not in str(rows)


def test_an_officer_records_steps_from_the_page_and_illegal_ones_are_refused(case, personas, login):
    client = login(personas["commune_officer"])
    page = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Lê Thị Hồng" in page and "16/03/2026" in page
    refused = client.post(f"/vu-viec/{case.pk}/", step("khong_thu_ly", "02/03/2026"))
    assert "Ghi chú, lý do: Ghi rõ lý do." in refused.content.decode()
    done = client.post(f"/vu-viec/{case.pk}/", step("thu_ly", "02/03/2026"))
    assert done.status_code == 302
    assert list(Case.objects.get().events.values_list("event", flat=True)) == [Event.RECEIVE, Event.ACCEPT]
    viewer = login(personas["viewer"])
    assert viewer.post(f"/vu-viec/{case.pk}/", step("tra_loi", "02/03/2026", "x")).status_code == 403


def test_a_denunciation_page_shows_the_pseudonym_only(tree, personas, login):
    denunciation, _created = services.denunciation_receive(
        acting_user=personas["commune_officer"], content="Cán bộ thu tiền sai quy định khi cấp giấy tờ.",
        place=tree["village"], identity={"name": "Phạm Văn Tố", "phone": "0977000222"},
    )  # fmt: skip
    client = login(personas["province_leader"])
    page = client.get(f"/vu-viec/{denunciation.pk}/").content.decode()
    assert "Người tố cáo #1" in page and "Phạm Văn Tố" not in page and "0977000222" not in page
    listing = client.get("/vu-viec/?q=pham van to").content.decode()
    assert denunciation.code not in listing


def reception_form(tree, **extra):
    return {
        "kind": "phan_anh", "channel": "tiep_dan", "content": TEXT, "place_code": tree["village"].code,
        "received_on": "02/03/2026", "petitioner_name": "Bùi Văn Khánh", "petitioner_phone": "0911222333",
        "idempotency_key": "r" * 32, **extra,
    }  # fmt: skip


def test_an_officer_enters_a_case_at_the_reception_desk(tree, personas, login):
    client = login(personas["commune_officer"])
    assert client.get("/vu-viec/tiep-nhan/").status_code == 200
    response = client.post("/vu-viec/tiep-nhan/", reception_form(tree))
    case = Case.objects.get()
    assert response.status_code == 302 and (case.channel, case.on_behalf, case.entered_by) == (
        "tiep_dan", True, personas["commune_officer"],
    )  # fmt: skip
    again = client.post("/vu-viec/tiep-nhan/", reception_form(tree))
    assert again.url == response.url and Case.objects.count() == 1
    outside = client.post(
        "/vu-viec/tiep-nhan/", reception_form(tree, place_code=tree["hoiphu"].code, idempotency_key="x")
    )
    assert "Không có xã, phường hoặc thôn này trong phạm vi bạn được tiếp nhận." in outside.content.decode()


def test_a_denunciation_entered_at_the_desk_hides_the_denouncer_and_reveals_only_by_grant(tree, personas, login):
    officer = login(personas["commune_officer"])
    response = officer.post(
        "/vu-viec/tiep-nhan/",
        reception_form(tree, kind="to_cao", petitioner_name="Đỗ Văn Tín", petitioner_phone="0933444555"),
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.petitioner_name == "" and case.petitioner_phone == ""
    page = login(personas["province_leader"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Người tố cáo #1" in page and "Đỗ Văn Tín" not in page
    # The leader may not read it, even with a code of their own, and the refused attempt is logged.
    url = f"/vu-viec/{case.pk}/danh-tinh/"
    leader = login(personas["province_leader"])
    leader_key = enrol(personas["province_leader"]).key
    refused = leader.post(url, {"action": "reveal", "reason": "Xem", "otp_token": totp_code(leader_key)})
    assert refused.status_code == 403 and "không được giao quyền xem" in refused.content.decode()
    officer = login(personas["commune_officer"])  # the same test client, signed in again
    assert 'data-testid="needs-second-factor"' in officer.get(url).content.decode()
    key = enrol(personas["commune_officer"]).key
    missing = officer.post(url, {"action": "reveal", "reason": "Đối chiếu"})
    assert missing.status_code == 400 and "Mã xác thực" in missing.content.decode()
    shown = officer.post(url, {"action": "reveal", "reason": "Đối chiếu", "otp_token": totp_code(key)})
    assert "Đỗ Văn Tín" in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert 'data-testid="reveal-log"' not in shown.content.decode()  # the register is for the leaders above
    log = login(personas["province_leader"]).get(url).content.decode()
    assert "bị từ chối" in log and "Đối chiếu" in log and "Đỗ Văn Tín" not in log
    assert login(personas["viewer"]).get(url).status_code == 403
    assert "danh tính (mật)" not in login(personas["viewer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert login(personas["sibling_officer"]).get(f"/vu-viec/{case.pk}/danh-tinh/").status_code == 404


@pytest.mark.parametrize("note", ["", "   \n  "])
def test_an_answer_without_its_text_is_refused_on_the_note_field_and_keeps_the_case_open(case, personas, login, note):
    officer = personas["commune_officer"]
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer)
    with pytest.raises(ValidationError) as excinfo:
        services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note=note)
    assert excinfo.value.message_dict == {"note": ["Ghi nội dung trả lời gửi người dân."]}
    client = login(officer)
    refused = client.post(f"/vu-viec/{case.pk}/", step("tra_loi", "02/03/2026", note))
    assert refused.status_code == 200
    assert "Ghi chú, lý do: Ghi nội dung trả lời gửi người dân." in refused.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and not case.events.filter(event=Event.ANSWER).exists()
    assert services.answer_of(case) is None


def test_one_submission_with_a_control_character_does_not_stop_the_excel_export_anywhere(tree, personas, login):
    pasted = 'Đường ngập\x0bsâu sau mưa,\x0cxe không qua\x1fđược; =HYPERLINK("x")'
    sent, _created = services.case_submit(kind="phan_anh", content="Đường ngập sâu sau mưa.", place=tree["village"])
    Case.objects.filter(pk=sent.pk).update(content=pasted)  # as stored before intake cleaned pasted text
    for persona, unit in (("commune_officer", "pleiku"), ("province_leader", "gialai"), ("national_admin", "nation")):
        response = login(personas[persona]).get(f"/vu-viec/?unit={tree[unit].pk}&format=xlsx")
        assert response.status_code == 200, persona
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[1][0] == sent.code
        assert "Đường ngập sâu sau mưa, xe không qua được; =HYPERLINK" in rows[1][11]


def test_control_characters_pasted_into_a_submission_are_stored_as_spaces(tree):
    case, _created = services.case_submit(
        kind="phan_anh", content="Cống\x00tắc\x0bnước tràn\tra đường,\ncả tuần nay.", place=tree["village"]
    )
    case.refresh_from_db()
    assert case.content == "Cống tắc nước tràn\tra đường,\ncả tuần nay."


def test_the_desk_names_every_wrong_field_at_once(tree, personas, login):
    from danvan.units import services as unit_services

    unit_services.villages_add_many(
        commune=tree["pleiku"], items=[{"name": "Tổ dân phố 1A", "division_type": "tổ dân phố"}]
    )
    sent = reception_form(tree, place_code="", place_name="to dan pho", content="ngắn", petitioner_phone="12")
    html = login(personas["commune_officer"]).post("/vu-viec/tiep-nhan/", sent).content.decode()
    assert "Nội dung: Nội dung cần ít nhất 10 ký tự." in html
    assert "Có nhiều nơi khớp với “to dan pho”" in html
    assert "Số điện thoại: Số điện thoại không hợp lệ." in html
    denunciation = reception_form(tree, kind="to_cao", petitioner_name="", petitioner_phone="", content="ngắn")
    html = login(personas["commune_officer"]).post("/vu-viec/tiep-nhan/", denunciation).content.decode()
    assert "Họ và tên người gửi: Tố cáo phải ghi họ và tên người tố cáo." in html
    assert "Địa chỉ: Tố cáo phải có địa chỉ hoặc số điện thoại của người tố cáo." in html
    assert "Nội dung: Nội dung cần ít nhất 10 ký tự." in html
    assert not Case.objects.exists()


def clock_badges(page):
    """The acceptance and resolution badges of the case page, as read: {step: text}."""
    import re
    from html import unescape

    found = re.findall(r'data-testid="clock-(\w+)">(.*?)</td>', page, flags=re.S)
    return {step: " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for step, cell in found}


def test_the_clocks_say_working_days_when_the_rule_counts_them(case, personas, login, tree):
    client = login(personas["commune_officer"])
    assert clock_badges(client.get(f"/vu-viec/{case.pk}/").content.decode()) == {"thu_ly": "còn 10 ngày làm việc"}
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC), tick=False):
        page = login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert clock_badges(page) == {"thu_ly": "quá hạn 4 ngày làm việc"}  # due 16/03, a Monday
    complaint, _created = services.case_submit(
        kind="khieu_nai", content=TEXT + " Khiếu nại.", place=tree["village"], petitioner_name="Lê Thị Hồng",
        petitioner_phone="0905000111",
    )  # fmt: skip
    services.case_record(case=complaint, event=Event.ACCEPT, acting_user=personas["commune_officer"])
    badges = clock_badges(client.get(f"/vu-viec/{complaint.pk}/").content.decode())
    assert badges == {"thu_ly": "thụ lý 02/03/2026, trong hạn", "giai_quyet": "còn 30 ngày"}  # calendar days


@pytest.mark.parametrize(
    ("event", "day", "badge"),
    [
        ("chuyen_don", "2026-03-04", "chuyển đơn 04/03/2026, trong hạn"),
        ("chuyen_don", "2026-03-20", "chuyển đơn 20/03/2026, trễ hạn"),
        ("khong_thu_ly", "2026-03-13", "không thụ lý 13/03/2026, trong hạn"),
        ("rut_don", "2026-03-18", "rút đơn 18/03/2026, trễ hạn"),
        ("gop_vao", "2026-03-05", "gộp vào vụ việc khác 05/03/2026, trong hạn"),
    ],
)
def test_a_case_that_left_before_acceptance_names_what_stopped_its_clock(
    case, personas, login, tree, event, day, badge
):
    officer = personas["commune_officer"]
    moment = datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        if event == "chuyen_don":
            services.case_forward(
                case=case, acting_user=officer, recipient="Sở Tài nguyên và Môi trường tỉnh Gia Lai", letter_no="58/UBND",
                letter_date=moment.date(), reason="Không thuộc thẩm quyền của phường",
            )  # fmt: skip
        elif event == "gop_vao":
            into, _created = services.case_submit(kind="phan_anh", content=TEXT + " Cùng việc.", place=tree["village"])
            services.case_merge(case=case, into=into, acting_user=officer, reason="Cùng một sự việc")
        else:
            services.case_record(case=case, event=event, acting_user=officer, note="Người gửi đề nghị")
        page = login(officer).get(f"/vu-viec/{case.pk}/").content.decode()
    assert clock_badges(page) == {"thu_ly": badge}


@pytest.mark.parametrize(
    ("posted", "title", "panel"),
    [
        (step("khong_thu_ly", "02/03/2026"), "Ghi bước tiếp theo", "step"),
        ({"action": "forward", "forward-day": "02/03/2026"}, "Chuyển đơn đến cơ quan có thẩm quyền", "forward"),
        ({"action": "classify", "classify-complexity": "1"}, "Đánh giá mức độ phức tạp", "classify"),
    ],
)
def test_an_error_in_a_panel_is_named_at_the_top_of_the_page(case, personas, login, posted, title, panel):
    page = login(personas["commune_officer"]).post(f"/vu-viec/{case.pk}/", posted).content.decode()
    alert = page.split('data-testid="panel-error"', 1)[1].split("</div>", 1)[0]
    assert f"Chưa ghi được “{title}”" in alert and f'href="#panel-{panel}"' in alert
    assert page.index('data-testid="panel-error"') < page.index('data-testid="timeline"')  # above the case
    marked = page.split(f'id="panel-{panel}"', 1)[1].split(">", 1)[0]
    assert "data-focus-invalid" in marked and page.count("data-focus-invalid ") + page.count("data-focus-invalid>") == 1
    assert (
        'data-testid="panel-error"'
        not in login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    )
