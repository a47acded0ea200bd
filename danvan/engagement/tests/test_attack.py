"""Defects found by a review of the engagement module, each written as a test that fails on main (the lead
fixes the code; the test names the rule it holds)."""

import pytest
from django.core.exceptions import ValidationError

from danvan.engagement import selectors, services

from .conftest import TODAY, record
from .promises import commitment, dialogue, question

pytestmark = pytest.mark.django_db

SECRET_ID = "064090007777"
SECRET_PHONE = "0912 777 888"


def _denunciation(officer, tree, cadres, **extra):
    values = {
        "case_kind": "to_cao", "citizen_name": "Siu Văn Thắng Bí Mật", "id_number": SECRET_ID,
        "phone": SECRET_PHONE, "address": "Tổ dân phố 1, phường Pleiku",
        "content": "Tố cáo cán bộ địa chính phường nhận tiền để hợp thức hóa đất lấn chiếm gần suối.",
    }  # fmt: skip
    values.update(extra)
    return record(officer, tree["pleiku"], cadres["staff"], **values)


# --- the denouncer's identity ---------------------------------------------------------------------------------


def test_register_search_by_id_number_or_phone_never_finds_a_denunciation(tree, personas, cadres, frozen):
    """Typing a citizen's ID number or phone in the register's search must not answer "this person denounced":
    that puts an identity beside a denunciation (docs/modules/engagement.md, "Repeat visits")."""
    officer = personas["commune_officer"]
    _denunciation(officer, tree, cadres)
    for q in (SECRET_ID, "0912777888"):
        rows = selectors.register(officer, tree["pleiku"], year=TODAY.year, q=q)
        assert [r.case_kind for r in rows] == [], q


def test_register_page_search_does_not_reveal_who_denounced(client, login, tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    reception = _denunciation(officer, tree, cadres)
    login(personas["viewer"])
    page = client.get("/tiep-cong-dan/", {"unit": tree["pleiku"].pk, "q": SECRET_ID})
    assert page.status_code == 200
    assert f"/tiep-cong-dan/luot-tiep/{reception.pk}/".encode() not in page.content


def test_earlier_visits_fragment_is_not_an_identity_oracle_for_a_viewer(client, login, tree, personas, cadres, frozen):
    """The fragment is a helper of the recording form: a viewer (who may not record) asking it with an ID number
    and "tố cáo" learns that this person denounced, on which day, and the case's code."""
    reception = _denunciation(personas["commune_officer"], tree, cadres)
    login(personas["viewer"])
    page = client.get("/tiep-cong-dan/lan-tiep-truoc/", {"id_number": SECRET_ID, "case_kind": "to_cao"})
    assert page.status_code in (403, 404) or reception.case.code.encode() not in page.content


def test_a_dialogue_question_cannot_be_linked_to_a_denunciation(tree, personas, cadres, frozen):
    """A question names its asker (on the dialogue page, to everyone who sees the dialogue); linking it to a
    denunciation case puts that name beside the denunciation."""
    officer = personas["commune_officer"]
    case = _denunciation(officer, tree, cadres).case
    held = dialogue(officer, tree["pleiku"], cadres["chair"])
    with pytest.raises(ValidationError) as caught:
        question(officer, held, asker="Siu Văn Thắng Bí Mật", case=case)
    assert "case" in caught.value.message_dict


def test_the_dialogue_page_never_shows_a_denunciation_beside_an_asker(client, login, tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    case = _denunciation(officer, tree, cadres).case
    held = dialogue(officer, tree["pleiku"], cadres["chair"])
    login(officer)
    answer = client.post(
        f"/tiep-cong-dan/doi-thoai/{held.pk}/y-kien/them/",
        {"content": "Tôi đã tố cáo cán bộ địa chính, đến nay chưa có kết quả xử lý.", "asker": "Siu Văn Thắng",
         "case_code": case.code},
    )  # fmt: skip
    page = client.get(f"/tiep-cong-dan/doi-thoai/{held.pk}/")
    assert answer.status_code == 400  # the form sent back (the house's status for errors), named on case_code
    assert "Không gắn ý kiến tại đối thoại với một tố cáo".encode() in answer.content
    assert case.code.encode() not in page.content


# --- scope ------------------------------------------------------------------------------------------------------


@pytest.fixture
def province_promise(tree, personas, cadres, frozen):
    """A province's commitment with a sub-commitment owned by Phường Pleiku."""
    admin = personas["province_admin"]
    parent = commitment(admin, tree["gialai"], content="Kế hoạch mật của tỉnh về thu hồi đất khu Biển Hồ năm 2027.")
    child = commitment(
        admin, tree["pleiku"], parent=parent, weight=2, content="Phường Pleiku đo đạc lại ranh giới tổ dân phố 1."
    )
    return parent, child


def test_a_sub_commitment_page_does_not_show_a_parent_outside_scope(client, login, tree, personas, province_promise):
    """A commune officer sees their commune's sub-commitment; the province's commitment above it is outside their
    scope (its own page is a 404), so its content must not be printed in the chain."""
    parent, child = province_promise
    login(personas["commune_officer"])
    assert client.get(f"/tiep-cong-dan/cam-ket/{parent.pk}/").status_code == 404
    page = client.get(f"/tiep-cong-dan/cam-ket/{child.pk}/")
    assert page.status_code == 200
    assert "Kế hoạch mật của tỉnh".encode() not in page.content


def test_the_commitment_list_does_not_show_a_parent_outside_scope(client, login, tree, personas, province_promise):
    login(personas["commune_officer"])
    page = client.get("/tiep-cong-dan/cam-ket/", {"unit": tree["pleiku"].pk})
    assert page.status_code == 200
    assert "Phường Pleiku đo đạc lại".encode() in page.content
    assert "Kế hoạch mật của tỉnh".encode() not in page.content


# --- validation ----------------------------------------------------------------------------------------------


def test_the_receiving_official_is_of_the_unit_or_above_never_below(tree, personas, cadres, frozen):
    """Docs (module page, validators.official_errors): "a working cadre of the unit or above". A commune's cadre
    is accepted as the official of the province's register (and as a province dialogue's chair)."""
    with pytest.raises(ValidationError) as caught:
        record(personas["province_admin"], tree["gialai"], cadres["staff"], place=tree["gialai"])
    assert "official" in caught.value.message_dict


def test_an_unknown_kind_of_reception_is_refused_by_the_service(tree, personas, cadres, frozen):
    """``reception_errors`` checks the case kind and the handling but not ``kind`` (regular, leader's scheduled or
    unscheduled): the demo or any other caller of the service stores a value outside ``ReceptionKind``."""
    with pytest.raises(ValidationError) as caught:
        record(personas["commune_officer"], tree["pleiku"], cadres["staff"], kind="khong_co_hinh_thuc_nay")
    assert "kind" in caught.value.message_dict


def test_documents_of_an_entry_that_is_not_a_denunciation_are_refused_not_dropped(tree, personas, cadres, frozen):
    """The scans are kept only for a denunciation (sealed); for another kind they vanish without a word."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("don.pdf", b"%PDF-1.4\n" + b"0" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        record(personas["commune_officer"], tree["pleiku"], cadres["staff"], documents=(scan,))
    assert "documents" in caught.value.message_dict


# --- the public dialogue page --------------------------------------------------------------------------------


def test_a_sub_commitment_added_on_its_page_shows_on_the_public_dialogue(client, login, tree, personas, cadres, frozen):
    """The public page nests sub-commitments under their promise, but reads them by ``question``, which the
    sub-commitment form (views.commitments.sub_commitment_add) never sets: they never appear there."""
    officer = personas["commune_officer"]
    held = dialogue(officer, tree["pleiku"], cadres["chair"])
    asked = question(officer, held)
    promise = commitment(officer, tree["pleiku"], source="doi_thoai", question=asked)
    services.dialogue_publish(acting_user=personas["province_leader"], dialogue=held, published=True)
    login(officer)
    made = client.post(
        f"/tiep-cong-dan/cam-ket/{promise.pk}/cam-ket-con/",
        {"content": "Lập hồ sơ điều chỉnh hệ số giá đất nông nghiệp tổ dân phố 1.", "due_on": "20/11/2026",
         "unit": tree["pleiku"].pk, "weight": 2},
    )  # fmt: skip
    assert made.status_code == 302
    client.logout()
    page = client.get(f"/tiep-cong-dan/cong-khai/doi-thoai/{held.pk}/")
    assert "Lập hồ sơ điều chỉnh hệ số giá đất".encode() in page.content


# --- dates at the edge of the calendar: a field error or a page, never a 500 -----------------------------------


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
@pytest.mark.parametrize("page", ["/tiep-cong-dan/lich-tiep/", "/tiep-cong-dan/lich-tiep/theo-doi/"])
def test_a_month_at_the_edge_of_the_calendar_is_not_a_500(client, login, tree, personas, frozen, page, month):
    """``views.base.month_of`` takes any year ``datetime.date`` takes; ``_month_links`` then steps past 9999 or
    before year 1 (OverflowError). ``year_of`` keeps 2014–2100; ``month_of`` should too."""
    login(personas["commune_officer"])
    assert client.get(page, {"unit": tree["pleiku"].pk, "month": month}).status_code == 200


def test_a_delegated_day_far_in_the_future_names_the_date(client, login, tree, personas, cadres, frozen):
    """A delegation may be recorded ahead (``day_errors(future=True)``), so 31/12/9999 passes the day's check and
    ``planned_dates`` then adds three weeks to it (OverflowError)."""
    import datetime

    schedule = services.schedule_save(
        acting_user=personas["commune_officer"], unit=tree["pleiku"], leader=cadres["chair"], title="chu_tich_ubnd",
        pattern="ngay_trong_thang", days="15", starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 0),
        place="Trụ sở tiếp công dân phường Pleiku", valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    login(personas["commune_officer"])
    answer = client.post(
        f"/tiep-cong-dan/lich-tiep/{schedule.pk}/ghi-buoi-tiep/",
        {"date": "31/12/9999", "status": "uy_quyen", "deputy_code": cadres["vice"].code},
    )
    assert answer.status_code == 400


# --- the register's Excel file ---------------------------------------------------------------------------------


def test_excel_register_writes_a_text_that_starts_like_a_formula(tree, personas, cadres, frozen):
    """``core.exports.cell_value`` returns a typed cell for text starting with = + - @; ``exports.register_xlsx``
    wraps that cell in another ``WriteOnlyCell`` (openpyxl: "Cannot convert ... to Excel"), so a register with
    one content written as a list ("- Đề nghị …") or a phone "+84…" in the notes fails to export."""
    import io

    from openpyxl import load_workbook

    from danvan.engagement import exports

    officer = personas["commune_officer"]
    record(officer, tree["pleiku"], cadres["staff"], content="- Đề nghị sửa chữa đường bê tông tổ dân phố 1 bị sụt lún.",
           note="=HYPERLINK(\"http://vi-du.vn\")")  # fmt: skip
    rows = selectors.register_for_print(officer, tree["pleiku"], year=TODAY.year)
    data = exports.register_xlsx(tree["pleiku"], TODAY.year, rows.iterator(), rows.count(), lambda *a, **k: None)
    sheet = load_workbook(io.BytesIO(data)).active
    texts = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "- Đề nghị sửa chữa đường bê tông tổ dân phố 1 bị sụt lún." in texts
    assert '=HYPERLINK("http://vi-du.vn")' in texts
