"""Handling a case from its page: reassign, forward with a letter, assign, classify and extend,
link and merge, the second round of a complaint, a rating taken at a meeting. Each through the page
a user has, with its errors naming the field, and its scope."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import enrol, make_user, totp_code
from danvan.accounts.choices import Role
from danvan.cases import services
from danvan.cases.models import Case, CaseAttachment, CaseLink, CaseRating
from danvan.cases.workflow import Event, Status
from danvan.core.models import Notification

D = datetime.date
PDF = b"%PDF-1.4\n%letter\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


def submit(tree, kind="phan_anh", phone="0905000111", place=None, **extra):
    case, _created = services.case_submit(
        kind=kind, content="Nước thải từ xưởng chế biến chảy ra mương tưới của thôn.", place=place or tree["village"],
        petitioner_name="Lê Thị Hồng", petitioner_phone=phone, **extra,
    )  # fmt: skip
    return case


def post(client, case, action, **fields):
    return client.post(f"/vu-viec/{case.pk}/", {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}})


def test_reassigning_moves_the_case_and_restarts_acceptance_at_the_new_unit(tree, personas, login):
    case = submit(tree)
    client = login(personas["commune_officer"])
    refused = post(client, case, "reassign", target_code="23586", day="02/03/2026", note="")
    assert "Lý do: Trường này là bắt buộc." in refused.content.decode()
    unknown = post(client, case, "reassign", target_code="99999", day="02/03/2026", note="Sai địa bàn")
    assert "Chuyển đến đơn vị (mã xã, phường hoặc tỉnh): Chọn một xã" in unknown.content.decode()
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, tzinfo=datetime.UTC), tick=False):
        client = login(personas["commune_officer"])  # a fresh session a week on
        done = post(client, case, "reassign", target_code="23586", day="09/03/2026", note="Sự việc ở phường Hội Phú")
        assert done.status_code == 302 and done["Location"] == f"/vu-viec/{case.pk}/"
        case.refresh_from_db()
        assert case.unit == tree["hoiphu"] and case.status == Status.RECEIVED
        # Feedback is accepted within 10 working days of the day the new unit got it (09/03), not of 02/03.
        assert case.due_on == D(2026, 3, 23)
        # Out of the officer's hands; still read where the place (a village of Pleiku) is theirs.
        kept = client.get(f"/vu-viec/{case.pk}/").content.decode()
        assert "Phường Pleiku → Phường Hội Phú" in kept and 'data-action="step"' not in kept
        assert post(client, case, "step", event="thu_ly", day="09/03/2026").status_code == 403
        page = login(personas["sibling_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
        assert "Phường Pleiku → Phường Hội Phú" in page and "Sự việc ở phường Hội Phú" in page
        services.case_record(case=case, event=Event.ACCEPT, acting_user=personas["sibling_officer"])
        with pytest.raises(ValidationError, match="chuyển đơn vị xử lý"):  # once accepted, it stays
            services.case_reassign(
                case=case, target=tree["pleiku"], acting_user=personas["sibling_officer"], reason="x"
            )


def test_forwarding_records_the_letter_and_the_citizen_sees_where_it_went(tree, personas, login, client, settings,
                                                                         tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    case = submit(tree, kind="kien_nghi")
    officer = login(personas["commune_officer"])
    missing = post(officer, case, "forward", recipient="Sở Nông nghiệp và Môi trường", letter_no="", letter_date="",
                   day="02/03/2026", note="Không thuộc thẩm quyền của phường")  # fmt: skip
    text = missing.content.decode()
    assert "Số văn bản chuyển đơn: Trường này là bắt buộc." in text and "Ngày văn bản: Trường này là bắt buộc." in text
    response = officer.post(f"/vu-viec/{case.pk}/", {
        "action": "forward", "forward-recipient": "Sở Nông nghiệp và Môi trường", "forward-letter_no": "125/UBND-TCD",
        "forward-letter_date": "02/03/2026", "forward-day": "02/03/2026",
        "forward-note": "Không thuộc thẩm quyền của phường", "forward-attachments": SimpleUploadedFile("cv.pdf", PDF),
    })  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    event = case.events.get(event=Event.FORWARD)
    assert case.status == Status.FORWARDED and event.data["letter_no"] == "125/UBND-TCD"
    assert CaseAttachment.objects.get().event == event
    assert (
        "Văn bản số 125/UBND-TCD gửi Sở Nông nghiệp và Môi trường"
        in officer.get(f"/vu-viec/{case.pk}/").content.decode()
    )
    client.logout()
    lookup = client.post("/phan-anh/tra-cuu/", {"code": case.code, "phone_tail": "0111"}).content.decode()
    assert "Đã chuyển đến Sở Nông nghiệp và Môi trường (văn bản số 125/UBND-TCD)" in lookup


def test_a_leader_assigns_a_handler_who_is_told_and_finds_it_under_my_cases(tree, personas, login):
    case = submit(tree)
    other = submit(tree, phone="0905999888")
    leader = make_user("chutich.pleiku", Role.LEADER, tree["pleiku"])
    client = login(leader)
    viewer = post(client, case, "assign", handler=personas["viewer"].pk)
    assert (
        "Cán bộ xử lý: Mục đã chọn không có trong danh sách; hãy chọn lại." in viewer.content.decode()
    )  # a viewer cannot handle cases
    assert Case.objects.get(pk=case.pk).handler is None
    assert post(client, case, "assign", handler=personas["commune_officer"].pk).status_code == 302
    case.refresh_from_db()
    assert case.handler == personas["commune_officer"] and case.events.filter(event=Event.ASSIGN).exists()
    note = Notification.objects.get(user=personas["commune_officer"])
    assert note.title == f"Bạn được giao xử lý vụ việc {case.code}" and note.url == f"/vu-viec/{case.pk}/"
    mine = login(personas["commune_officer"]).get("/vu-viec/?mine=1").content.decode()
    assert case.code in mine and other.code not in mine
    with pytest.raises(ValidationError):  # an officer of another commune cannot handle it
        services.case_assign(case=case, handler=personas["sibling_officer"], acting_user=leader)
    with pytest.raises(PermissionDenied):  # a viewer cannot assign
        services.case_assign(case=other, handler=personas["commune_officer"], acting_user=personas["viewer"])


def test_complexity_sets_the_limits_and_extensions_need_a_complex_denunciation(tree, personas):
    officer = personas["commune_officer"]
    complaint = submit(tree, kind="khieu_nai")
    services.case_record(case=complaint, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    assert Case.objects.get(pk=complaint.pk).due_on == D(2026, 4, 1)  # 30 days
    with pytest.raises(ValidationError, match="không có gia hạn"):
        services.case_record(case=complaint, event=Event.EXTEND, acting_user=officer, note="Cần thêm thời gian")
    with pytest.raises(ValidationError):
        services.case_classify(case=complaint, complexity=1, acting_user=officer, reason="")
    services.case_classify(case=complaint, complexity=1, acting_user=officer, reason="Nhiều hộ liên quan")
    assert Case.objects.get(pk=complaint.pk).due_on == D(2026, 4, 16)  # 45 days for a complex complaint

    denunciation, _created = services.denunciation_receive(
        acting_user=officer, content="Cán bộ thu tiền sai quy định khi cấp giấy xác nhận.", place=tree["village"],
        identity={"name": "Trần Văn Bình", "phone": "0905123456"},
    )  # fmt: skip
    services.case_record(case=denunciation, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="đánh giá là phức tạp"):
        services.case_record(case=denunciation, event=Event.EXTEND, acting_user=officer, note="Cần xác minh thêm")
    services.case_classify(case=denunciation, complexity=1, acting_user=officer, reason="Xác minh ở nhiều nơi")
    services.case_record(case=denunciation, event=Event.EXTEND, acting_user=officer, note="Cần xác minh thêm")
    # 30 + 30 days end on 01/05, a holiday followed by a weekend: the limit moves to Monday 04/05.
    assert Case.objects.get(pk=denunciation.pk).due_on == D(2026, 5, 4)
    with pytest.raises(ValidationError, match="đủ 1 lần"):
        services.case_record(case=denunciation, event=Event.EXTEND, acting_user=officer, note="Lần nữa")
    services.case_classify(case=denunciation, complexity=2, acting_user=officer, reason="Đặc biệt phức tạp")
    services.case_record(case=denunciation, event=Event.EXTEND, acting_user=officer, note="Lần hai")
    assert Case.objects.get(pk=denunciation.pk).due_on == D(2026, 6, 1)  # 90 days end on Sunday 31/05
    services.case_record(case=denunciation, event=Event.ANSWER, acting_user=officer, note="Kết luận nội dung tố cáo")
    with pytest.raises(ValidationError):  # not once answered
        services.case_classify(case=denunciation, complexity=0, acting_user=officer, reason="Đổi ý")


def test_linking_shows_each_case_on_the_others_page_and_suggests_the_same_petitioner(tree, personas, login):
    first, second = submit(tree), submit(tree)
    unrelated = submit(tree, phone="0911222333")
    far = submit(tree, place=tree["bmt"], phone="0905000111")
    client = login(personas["commune_officer"])
    page = client.get(f"/vu-viec/{first.pk}/").content.decode()
    suggestions = page.split('data-testid="suggestions"')[1].split("</ul>")[0]
    assert second.code in suggestions and unrelated.code not in suggestions and far.code not in suggestions
    assert (
        "Không có vụ việc mã này"
        in post(client, first, "link", other_code=far.code, reason="cung_nguoi_gui").content.decode()
    )
    assert "Không liên kết vụ việc với chính nó" in post(client, first, "link", other_code=first.code,
                                                          reason="cung_nguoi_gui").content.decode()  # fmt: skip
    assert post(client, first, "link", other_code=second.code.lower(), reason="cung_nguoi_gui").status_code == 302
    assert "Hai vụ việc đã được liên kết" in post(client, second, "link", other_code=first.code,
                                                   reason="cung_su_viec").content.decode()  # fmt: skip
    linked = client.get(f"/vu-viec/{second.pk}/").content.decode().split('data-testid="linked"')[1].split("</ul>")[0]
    assert first.code in linked and "Cùng người gửi" in linked
    assert CaseLink.objects.count() == 1


def test_merging_ends_one_case_keeps_both_logs_and_the_citizen_reads_the_shared_answer(tree, personas, login, client):
    officer = personas["commune_officer"]
    group = submit(tree, signers=30, phone="0905777666")
    single = submit(tree, phone="0905000111")
    complaint = submit(tree, kind="khieu_nai")
    far = submit(tree, place=tree["bmt"])
    staff = login(officer)
    assert "cùng loại" in post(staff, single, "merge", into_code=complaint.code, day="02/03/2026",
                               note="Cùng sự việc").content.decode()  # fmt: skip
    assert "Không có vụ việc mã này" in post(staff, single, "merge", into_code=far.code, day="02/03/2026",
                                             note="Cùng sự việc").content.decode()  # fmt: skip
    response = post(staff, single, "merge", into_code=group.code, day="02/03/2026", note="Cùng nội dung nước thải")
    assert response.status_code == 302
    single.refresh_from_db()
    group.refresh_from_db()
    assert single.status == Status.MERGED and single.merged_into == group and single.due_on is None
    assert group.signers == 31 and group.events.filter(event=Event.NOTE, data__merged_code=single.code).exists()
    assert list(single.events.values_list("event", flat=True)) == [Event.RECEIVE, Event.MERGE]
    merged_page = staff.get(f"/vu-viec/{single.pk}/").content.decode()
    assert 'value="thu_ly"' not in merged_page and group.code in merged_page.split('data-testid="merged-into"')[1]
    with pytest.raises(ValidationError):  # a merged case takes no more steps
        services.case_record(case=single, event=Event.ACCEPT, acting_user=officer)
    with pytest.raises(ValidationError, match="đã được gộp"):
        services.case_merge(case=complaint, into=single, acting_user=officer, reason="x")
    services.case_record(case=group, event=Event.ACCEPT, acting_user=officer)
    services.case_record(
        case=group, event=Event.ANSWER, acting_user=officer, note="Xưởng đã làm bể lắng, ngừng xả thải."
    )
    client.logout()
    lookup = client.post("/phan-anh/tra-cuu/", {"code": single.code, "phone_tail": "0111"}).content.decode()
    assert "Xưởng đã làm bể lắng" in lookup and f"cùng vụ việc {group.code}" in lookup
    assert "Gửi đánh giá" not in lookup  # the group's petitioner rates the shared answer


def test_the_second_round_opens_at_the_unit_above_once_the_first_is_decided(tree, personas, login):
    officer = personas["commune_officer"]
    first = submit(tree, kind="khieu_nai")
    province = personas["province_admin"]
    with pytest.raises(ValidationError, match="chưa có quyết định"):
        services.complaint_second_round(first=first, acting_user=province, content="Không đồng ý với cách giải quyết.")
    services.case_record(case=first, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    services.case_record(
        case=first, event=Event.ANSWER, acting_user=officer, day=D(2026, 3, 2), note="Quyết định số 12"
    )
    page = login(officer).get(f"/vu-viec/{first.pk}/").content.decode()
    assert "có thể khiếu nại lần 2 đến 01/04/2026" in page and "Tiếp nhận khiếu nại lần 2" not in page
    with pytest.raises(PermissionDenied):  # the commune does not receive at the province
        services.complaint_second_round(first=first, acting_user=officer, content="Không đồng ý với quyết định số 12.")
    client = login(province)
    assert "Tiếp nhận khiếu nại lần 2" in client.get(f"/vu-viec/{first.pk}/").content.decode()
    short = client.post(f"/vu-viec/{first.pk}/lan-2/", {"content": "Không", "channel": "tiep_dan",
                                                        "received_on": "02/03/2026", "idempotency_key": "k1"})  # fmt: skip
    assert "Nội dung khiếu nại lần 2: Nội dung cần ít nhất 10 ký tự." in short.content.decode()
    done = client.post(f"/vu-viec/{first.pk}/lan-2/", {
        "content": "Không đồng ý với quyết định số 12 vì chưa tính giá đất mới.", "channel": "tiep_dan",
        "received_on": "02/03/2026", "idempotency_key": "k2",
    })  # fmt: skip
    second = Case.objects.get(round=2)
    assert done.status_code == 302 and second.unit == tree["gialai"] and second.petitioner_name == "Lê Thị Hồng"
    assert CaseLink.objects.get(reason="khieu_nai_lan_2").first == first
    assert second.due_on == D(2026, 3, 12)  # 10 days to accept the second round
    again = client.post(f"/vu-viec/{first.pk}/lan-2/", {"content": "Không đồng ý, lần nữa ạ.", "channel": "tiep_dan",
                                                        "received_on": "02/03/2026", "idempotency_key": "k3"})  # fmt: skip
    assert "đã có lần 2" in again.content.decode() or "Đã có khiếu nại lần 2" in again.content.decode()
    assert Case.objects.filter(round=2).count() == 1
    assert login(personas["sibling_officer"]).get(f"/vu-viec/{first.pk}/lan-2/").status_code == 404


def test_the_second_round_window_closes(tree, personas):
    officer = personas["commune_officer"]
    first = submit(tree, kind="khieu_nai")
    services.case_record(case=first, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    services.case_record(
        case=first, event=Event.ANSWER, acting_user=officer, day=D(2026, 3, 2), note="Quyết định số 12"
    )
    later = time_machine.travel(datetime.datetime(2026, 4, 2, 9, tzinfo=datetime.UTC), tick=False)
    with later, pytest.raises(ValidationError, match="hết thời hạn khiếu nại lần 2"):
        services.complaint_second_round(
            first=first, acting_user=personas["province_admin"], content="Không đồng ý với quyết định số 12."
        )


def test_a_colleague_writes_down_a_rating_given_at_a_meeting_and_the_page_shows_it_apart(tree, personas, login):
    officer = personas["commune_officer"]
    colleague = make_user("canbo2.pleiku", Role.OFFICER, tree["pleiku"], full_name="Trần Thị Bích Ngọc")
    case = submit(tree)
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer)
    assert "rate-timeliness" not in login(colleague).get(f"/vu-viec/{case.pk}/").content.decode()  # not answered
    services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note="Đã nạo vét mương.")
    own = login(officer).get(f"/vu-viec/{case.pk}/").content.decode()
    assert "rate-timeliness" not in own and 'data-testid="rating-refused"' in own  # who answered may not
    assert post(login(officer), case, "rate", taken_at="buoi_gap", given_on="02/03/2026", timeliness=5, attitude=5,
                result=5).status_code == 403  # fmt: skip
    client = login(colleague)
    missing = post(client, case, "rate", taken_at="", given_on="", timeliness=4, attitude=5, result=3)
    text = missing.content.decode()
    assert "Người dân đánh giá: Trường này là bắt buộc." in text and "Ngày người dân đánh giá: Trường này" in text
    response = post(client, case, "rate", taken_at="dien_thoai", given_on="02/03/2026", timeliness=4, attitude=5,
                    result=3, comment="Nói qua điện thoại")  # fmt: skip
    assert response.status_code == 302
    rating = CaseRating.objects.get()
    assert (rating.source, rating.recorded_by, rating.taken_at, rating.given_on) == (
        "can_bo_ghi", colleague, "dien_thoai", D(2026, 3, 2),
    )  # fmt: skip
    assert (rating.handler, rating.result) == (officer, 3)  # the rating still judges the one who answered
    page = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Đánh giá do cán bộ ghi lại" in page and 'data-testid="rating"' not in page
    assert "Người dân đánh giá qua điện thoại ngày 02/03/2026; Trần Thị Bích Ngọc ghi lại." in page
    assert post(login(personas["viewer"]), case, "rate", timeliness=1, attitude=1, result=1).status_code == 403


def test_the_export_carries_the_answer_and_the_rating_and_the_list_filters_by_date(tree, personas, login):
    import io

    from openpyxl import load_workbook

    officer = personas["commune_officer"]
    case = submit(tree)
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer)
    services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note="Đã nạo vét mương.")
    services.case_rate(case=case, timeliness=5, attitude=4, result=4)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        later = submit(tree, phone="0911222333")
    client = login(officer)
    rows = list(
        load_workbook(io.BytesIO(client.get("/vu-viec/?format=xlsx").content)).active.iter_rows(values_only=True)
    )
    header, row = rows[0], next(r for r in rows[1:] if r[0] == case.code)
    assert row[header.index("Trả lời")] == "Đã nạo vét mương." and row[header.index("Ngày trả lời")] == "02/03/2026"
    assert (row[header.index("Đánh giá đúng hạn")], row[header.index("Đánh giá kết quả")]) == (5, 4)
    listed = client.get("/vu-viec/?from=05/03/2026&to=31/03/2026").content.decode()
    assert later.code in listed and case.code not in listed
    wrong = client.get("/vu-viec/?from=2026-03-05").content.decode()
    assert "không đúng dạng dd/mm/yyyy" in wrong and case.code in wrong


def test_routing_rules_are_edited_by_the_province_administrators(tree, personas, login):
    client = login(personas["province_admin"])
    page = client.get(f"/vu-viec/quy-tac-chuyen/?unit={tree['gialai'].pk}")
    assert page.status_code == 200 and "Chưa có quy tắc nào" in page.content.decode()
    from danvan.cases.models import Field, RoutingRule

    corruption = Field.objects.get(code="tham_nhung_tieu_cuc")
    bad = client.post("/vu-viec/quy-tac-chuyen/", {"action": "save", "unit_code": "52", "field": corruption.pk,
                                                   "target_code": "66"})  # fmt: skip
    assert "Chuyển đến đơn vị (mã): Không có đơn vị mã này trong phạm vi bạn quản trị." in bad.content.decode()
    saved = client.post("/vu-viec/quy-tac-chuyen/", {"action": "save", "unit_code": "52", "field": corruption.pk,
                                                     "target_code": "52", "note": "Ban Nội chính"})  # fmt: skip
    assert saved.status_code == 302
    case = submit(tree, field=corruption)
    assert case.unit == tree["gialai"]
    assert submit(tree).unit == tree["pleiku"]
    rule = RoutingRule.objects.get()
    assert login(personas["commune_officer"]).get("/vu-viec/quy-tac-chuyen/").status_code == 403
    other = login(personas["other_province_officer"])
    assert other.post("/vu-viec/quy-tac-chuyen/", {"action": "delete", "rule": rule.pk}).status_code == 403
    client = login(personas["province_admin"])
    client.post("/vu-viec/quy-tac-chuyen/", {"action": "delete", "rule": rule.pk})
    assert not RoutingRule.objects.exists()


def test_documents_of_a_denunciation_are_sealed_and_open_only_by_grant(tree, personas, login, settings, tmp_path):
    from danvan.cases.models import DenouncerDocument, IdentityReveal

    settings.MEDIA_ROOT = tmp_path
    letter = PDF + "Tôi tên là Trần Văn Bình".encode()
    client = login(personas["commune_officer"])
    response = client.post("/vu-viec/tiep-nhan/", {
        "kind": "to_cao", "channel": "tiep_dan", "content": "Cán bộ thu tiền sai quy định khi cấp giấy xác nhận.",
        "place_code": tree["village"].code, "received_on": "02/03/2026", "petitioner_name": "Trần Văn Bình",
        "petitioner_phone": "0905123456", "idempotency_key": "to-cao-1",
        "attachments": SimpleUploadedFile("don.pdf", letter),
    })  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get()
    document = DenouncerDocument.objects.get()
    assert not CaseAttachment.objects.exists() and "Trần".encode() not in bytes(document.sealed)
    assert list(tmp_path.rglob("*.pdf")) == []  # nothing readable on disk
    url = f"/vu-viec/{case.pk}/danh-tinh/tai-lieu/{document.pk}/"
    assert client.get(url).status_code == 403  # not before the identity is read with a code
    device = enrol(personas["commune_officer"])
    shown = client.post(
        f"/vu-viec/{case.pk}/danh-tinh/",
        {"action": "reveal", "reason": "Đối chiếu đơn", "otp_token": totp_code(device.key)},
    )
    assert f'href="{url}"' in shown.content.decode()
    opened = client.get(url)
    assert opened.content == letter and opened["Cache-Control"] == "no-store"
    assert login(personas["province_leader"]).get(url).status_code == 403
    assert login(personas["sibling_officer"]).get(url).status_code == 404
    assert list(IdentityReveal.objects.order_by("at", "pk").values_list("user__username", "kind", "allowed")) == [
        ("canbo.pleiku", "tai_lieu", False), ("canbo.pleiku", "danh_tinh", True), ("canbo.pleiku", "tai_lieu", True),
        ("lanhdao.gialai", "tai_lieu", False)]  # fmt: skip


def test_attachments_taken_at_the_desk_stay_with_the_case(tree, personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(personas["commune_officer"])
    response = client.post("/vu-viec/tiep-nhan/", {
        "kind": "kien_nghi", "channel": "thu", "content": "Đề nghị làm lại cầu tràn trước mùa mưa.",
        "place_code": tree["village"].code, "received_on": "02/03/2026", "signers": "45", "idempotency_key": "thu-1",
        "attachments": SimpleUploadedFile("don.pdf", PDF),
    })  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and case.signers == 45 and case.attachments.count() == 1
    refused = client.post("/vu-viec/tiep-nhan/", {
        "kind": "kien_nghi", "channel": "thu", "content": "Đề nghị làm lại cầu tràn trước mùa mưa.",
        "place_code": tree["village"].code, "received_on": "02/03/2026", "idempotency_key": "thu-2",
        "attachments": SimpleUploadedFile("trang.html", b"<html><script>alert(1)</script>"),
    })  # fmt: skip
    assert "không phải ảnh JPEG, PNG hoặc tệp PDF" in refused.content.decode() and Case.objects.count() == 1


def test_a_step_keeps_its_files_and_a_bad_file_refuses_the_step(tree, personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = submit(tree)
    client = login(personas["commune_officer"])
    bad = client.post(f"/vu-viec/{case.pk}/", {
        "action": "step", "step-event": "thu_ly", "step-day": "02/03/2026",
        "step-attachments": SimpleUploadedFile("tb.svg", b"<svg onload=alert(1)>"),
    })  # fmt: skip
    assert "không phải ảnh JPEG, PNG hoặc tệp PDF" in bad.content.decode()
    assert list(case.events.values_list("event", flat=True)) == [Event.RECEIVE]
    client.post(f"/vu-viec/{case.pk}/", {
        "action": "step", "step-event": "thu_ly", "step-day": "02/03/2026",
        "step-attachments": SimpleUploadedFile("thong bao thu ly.pdf", PDF),
    })  # fmt: skip
    accepted = case.events.get(event=Event.ACCEPT)
    assert [a.name for a in accepted.attachments.all()] == ["thong bao thu ly.pdf"]
    timeline = client.get(f"/vu-viec/{case.pk}/").content.decode().split('data-testid="timeline"')[1]
    assert "thong bao thu ly.pdf" in timeline.split("</ol>")[0]
