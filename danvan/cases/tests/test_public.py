"""The public form and status page: no login, one case per submission, clear errors, no leaks."""

import pytest

from danvan.cases.choices import Channel
from danvan.cases.models import Case

TEXT = "Đèn đường ở đầu thôn hỏng hơn một tháng, buổi tối rất tối và nguy hiểm."


def form(tree, **extra):
    return {
        "kind": "phan_anh", "content": TEXT, "place_code": tree["village"].code, "petitioner_name": "Nguyễn Thị Mai",
        "petitioner_phone": "0912 345 678", "idempotency_key": "f" * 32, **extra,
    }  # fmt: skip


def test_a_citizen_sends_feedback_and_sees_the_tracking_code(client, tree):
    page = client.get("/phan-anh/gui/").content.decode()
    assert 'name="idempotency_key"' in page and 'value="to_cao"' not in page
    response = client.post("/phan-anh/gui/", form(tree))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/phan-anh/da-gui/{case.code}/"
    receipt = client.get(response.url).content.decode()
    assert case.code in receipt and "Phường Pleiku" in receipt
    assert case.unit == tree["pleiku"] and case.channel == Channel.WEB and case.petitioner_phone == "0912345678"


def test_a_double_click_makes_one_case(client, tree):
    first = client.post("/phan-anh/gui/", form(tree))
    second = client.post("/phan-anh/gui/", form(tree))
    assert first.url == second.url and Case.objects.count() == 1


def test_errors_name_the_field_and_keep_what_was_typed(client, tree):
    response = client.post("/phan-anh/gui/", form(tree, content="ngắn", place_code="99999"))
    html = response.content.decode()
    assert "Nội dung: Nội dung cần ít nhất 10 ký tự." in html
    assert "Nơi xảy ra (xã, phường hoặc thôn, tổ dân phố): Không tìm thấy nơi đã chọn; hãy gõ tên và chọn lại." in html
    assert "Nguyễn Thị Mai" in html and not Case.objects.exists()
    complaint = client.post("/phan-anh/gui/", form(tree, kind="khieu_nai", petitioner_name="", petitioner_phone=""))
    assert "Khiếu nại phải ghi họ và tên người khiếu nại." in complaint.content.decode()
    assert not Case.objects.exists()


def test_the_receipt_shows_only_in_the_browser_that_sent_it(client, tree):
    response = client.post("/phan-anh/gui/", form(tree))
    client.cookies.clear()
    assert client.get(response.url).url == "/phan-anh/tra-cuu/"


@pytest.mark.parametrize(("tail", "found"), [("5678", True), ("0000", False)])
def test_the_status_page_needs_the_code_and_the_last_four_digits(client, tree, tail, found):
    client.post("/phan-anh/gui/", form(tree))
    case = Case.objects.get()
    typed = case.code.lower().replace("-", " ")
    html = client.post("/phan-anh/tra-cuu/", {"code": typed, "phone_tail": tail}).content.decode()
    assert ("Cơ quan đã nhận, đang xem xét" in html) is found
    assert ("Không tìm thấy vụ việc với mã và số điện thoại này." in html) is not found
    assert "Nguyễn Thị Mai" not in html and TEXT not in html


def test_the_place_picker_finds_places_without_diacritics(client, tree):
    html = client.get("/phan-anh/noi-xay-ra/?q=to dan pho").content.decode()
    assert tree["village"].code in html


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_images_and_pdfs_travel_with_the_case_and_are_served_safely(client, tree, personas, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    files = [SimpleUploadedFile("anh o ga.png", PNG), SimpleUploadedFile("bien ban.pdf", b"%PDF-1.4\n%...\n")]
    response = client.post("/phan-anh/gui/", {**form(tree), "attachments": files})
    case = Case.objects.get()
    assert response.status_code == 302 and case.attachments.count() == 2
    png, pdf = case.attachments.all()
    assert (png.content_type, png.name) == ("image/png", "anh o ga.png") and png.file.name.endswith(".png")
    officer = login(personas["commune_officer"])
    assert "anh o ga.png" in officer.get(f"/vu-viec/{case.pk}/").content.decode()
    image = officer.get(f"/vu-viec/tep/{png.pk}/")
    assert image["Content-Type"] == "image/png" and image["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in image.get("Content-Disposition", "")
    document = officer.get(f"/vu-viec/tep/{pdf.pk}/")
    assert document["Content-Type"] == "application/pdf" and document["Content-Disposition"].startswith("attachment")
    assert login(personas["sibling_officer"]).get(f"/vu-viec/tep/{png.pk}/").status_code == 404


def test_an_svg_or_html_file_is_refused_and_nothing_is_saved(client, tree, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    svg = SimpleUploadedFile("anh.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    html = client.post("/phan-anh/gui/", {**form(tree), "attachments": [svg]}).content.decode()
    assert "Tệp “anh.png” không phải ảnh JPEG, PNG hoặc tệp PDF." in html
    assert not Case.objects.exists() and not list(tmp_path.rglob("*.*"))
    many = [SimpleUploadedFile(f"{n}.png", PNG) for n in range(6)]
    html = client.post("/phan-anh/gui/", {**form(tree), "attachments": many}).content.decode()
    assert "Gửi tối đa 5 tệp." in html and not Case.objects.exists()


def test_one_address_cannot_flood_the_form(client, tree):
    from danvan.cases import views

    for n in range(views.SUBMIT_LIMIT):
        assert client.post("/phan-anh/gui/", form(tree, idempotency_key=f"k{n}")).status_code == 302
    flooded = client.post("/phan-anh/gui/", form(tree, idempotency_key="one-more"))
    assert flooded.status_code == 429 and "Bạn đã gửi quá nhiều lần" in flooded.content.decode()
    assert TEXT in flooded.content.decode()  # what was typed is kept
    assert Case.objects.count() == views.SUBMIT_LIMIT
    other = client.post("/phan-anh/gui/", form(tree, idempotency_key="elsewhere"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_the_last_four_digits_of_a_code_cannot_be_guessed(client, tree):
    from danvan.cases import views

    client.post("/phan-anh/gui/", form(tree))
    code = Case.objects.get().code
    for n in range(views.LOOKUP_MISSES_PER_CODE):
        guess = client.post("/phan-anh/tra-cuu/", {"code": code, "phone_tail": f"{n:04d}"}, REMOTE_ADDR=f"10.0.0.{n}")
        assert "Không tìm thấy vụ việc" in guess.content.decode()
    right = client.post("/phan-anh/tra-cuu/", {"code": code, "phone_tail": "5678"}, REMOTE_ADDR="10.9.9.9")
    assert right.status_code == 429 and "Cơ quan đã nhận" not in right.content.decode()


def test_the_proxy_header_names_the_client_only_behind_a_configured_proxy(client, tree, settings):
    from danvan.cases import views

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(views.SUBMIT_LIMIT):
        assert client.post("/phan-anh/gui/", form(tree, idempotency_key=f"k{n}"), **proxied).status_code == 302
    assert client.post("/phan-anh/gui/", form(tree, idempotency_key="x"), **proxied).status_code == 429
    neighbour = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    assert client.post("/phan-anh/gui/", form(tree, idempotency_key="y"), **neighbour).status_code == 302


def test_a_client_cannot_escape_the_limit_by_naming_another_address(client, tree, settings):
    from danvan.cases import views

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(views.SUBMIT_LIMIT):
        spoofed = {
            "REMOTE_ADDR": "198.51.100.20",
            "HTTP_X_REAL_IP": f"203.0.113.{n}",
            "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}",
        }
        assert client.post("/phan-anh/gui/", form(tree, idempotency_key=f"k{n}"), **spoofed).status_code == 302
    spoofed = {"REMOTE_ADDR": "198.51.100.20", "HTTP_X_REAL_IP": "203.0.113.200"}
    assert client.post("/phan-anh/gui/", form(tree, idempotency_key="x"), **spoofed).status_code == 429


def test_an_optional_map_point_is_kept_and_a_wrong_one_named(client, tree, personas, login):
    outside = client.post("/phan-anh/gui/", form(tree, point="48.85, 2.35"))
    assert "Vị trí trên bản đồ (không bắt buộc): Vị trí này không ở Việt Nam" in outside.content.decode()
    garbled = client.post("/phan-anh/gui/", form(tree, point="gần chợ"))
    assert "Ghi vĩ độ và kinh độ, cách nhau bởi dấu phẩy" in garbled.content.decode()
    assert not Case.objects.exists()
    assert client.post("/phan-anh/gui/", form(tree, point=" 13.983312 , 108.0001 ")).status_code == 302
    case = Case.objects.get()
    assert (str(case.latitude), str(case.longitude)) == ("13.983312", "108.000100")
    page = login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert "mlat=13.983312&amp;mlon=108.000100" in page


NOT_A_POINT = "Ghi vĩ độ và kinh độ, cách nhau bởi dấu phẩy, ví dụ 13.9833, 108.0000."
OUTSIDE = "Vị trí này không ở Việt Nam; kiểm tra lại vĩ độ, kinh độ."


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN, NaN", NOT_A_POINT),
        ("nan, 108", NOT_A_POINT),
        ("13.98, sNaN", NOT_A_POINT),
        ("Infinity, 108", NOT_A_POINT),
        ("1e400, 108", NOT_A_POINT),
        ("13.98, " + "9" * 40, NOT_A_POINT),
        ("95, 108", OUTSIDE),
        ("13.98, 200", OUTSIDE),
        ("-13.98, -108", OUTSIDE),
    ],
)
def test_a_point_that_is_not_a_number_or_off_the_globe_is_named_and_nothing_typed_is_lost(client, tree, typed, message):
    response = client.post("/phan-anh/gui/", form(tree, point=typed))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Vị trí trên bản đồ (không bắt buộc): {message}" in html
    assert TEXT in html and "Nguyễn Thị Mai" in html and "0912 345 678" in html
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "point", [("NaN", "108"), ("Infinity", "108"), ("95", "108"), ("13.98", "-200"), ("1234567", "108")]
)
def test_the_service_refuses_a_point_outside_vietnam_or_not_a_number(tree, point):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from danvan.cases import services

    with pytest.raises(ValidationError) as excinfo:
        services.case_submit(
            kind="phan_anh", content=TEXT, place=tree["village"], point=tuple(Decimal(p) for p in point)
        )
    assert set(excinfo.value.message_dict) == {"point"}
    assert not Case.objects.exists()


def test_a_key_chosen_by_another_client_never_returns_someone_elses_receipt(tree):
    from django.test import Client

    first, second = Client(), Client()
    first.get("/phan-anh/gui/")
    second.get("/phan-anh/gui/")
    mine = first.post("/phan-anh/gui/", form(tree))
    theirs = second.post("/phan-anh/gui/", form(tree, content="Cống thoát nước ở chợ tắc, nước tràn vào các sạp."))
    assert Case.objects.count() == 2 and mine.url != theirs.url
    assert "Cống thoát nước ở chợ" in Case.objects.get(code=theirs.url.rstrip("/").split("/")[-1]).content
    # the same key and the same text from another browser is another citizen's case, not a double click
    copycat = Client()
    copycat.get("/phan-anh/gui/")
    copied = copycat.post("/phan-anh/gui/", form(tree))
    assert copied.url not in (mine.url, theirs.url) and Case.objects.count() == 3
    assert second.get(mine.url).url == "/phan-anh/tra-cuu/"  # the first receipt stays with the first browser


def test_an_answer_stored_without_its_text_is_not_shown_as_an_empty_quote(client, tree, personas):
    """Answers recorded before the answer step needed its text say so instead of "Trả lời ngày …:" and nothing."""
    from danvan.cases import services
    from danvan.cases.models import CaseEvent

    case, _created = services.case_submit(
        kind="phan_anh", content="Cống thoát nước trước nhà văn hóa tổ dân phố 1 bị tắc.", place=tree["village"],
        petitioner_phone="0905123456",
    )  # fmt: skip
    officer = personas["commune_officer"]
    services.case_record(case=case, event="thu_ly", acting_user=officer)
    CaseEvent.objects.create(case=case, event="tra_loi", day=case.received_on, actor=officer, note="")  # an old row

    page = client.post("/phan-anh/tra-cuu/", {"code": case.code, "phone_tail": "3456"}).content.decode()

    assert "Nội dung trả lời chưa được ghi trên hệ thống" in page
    assert f"Trả lời ngày {case.received_on:%d/%m/%Y}:" not in page


def test_every_field_error_shows_at_once(client, tree):
    """A bad map point, a place that matches two villages and a bad phone sent together: all three are
    named on the first answer (they used to come one submit after another)."""
    from danvan.units import services as unit_services

    unit_services.villages_add_many(
        commune=tree["hoiphu"], items=[{"name": "Tổ dân phố 1", "division_type": "tổ dân phố"}]
    )
    sent = form(tree, place_code="", place_name="to dan pho 1", point="48.85, 2.35", petitioner_phone="09-abc")
    html = client.post("/phan-anh/gui/", sent).content.decode()
    assert "Vị trí trên bản đồ (không bắt buộc): Vị trí này không ở Việt Nam" in html
    assert "Nơi xảy ra (xã, phường hoặc thôn, tổ dân phố): Có nhiều nơi khớp với “to dan pho 1”" in html
    assert "Số điện thoại: Số điện thoại không hợp lệ." in html
    assert TEXT in html and "Nguyễn Thị Mai" in html and not Case.objects.exists()
    complaint = client.post(
        "/phan-anh/gui/",
        form(tree, kind="khieu_nai", content="ngắn", petitioner_name="", petitioner_phone="", point="NaN, 1"),
    ).content.decode()
    for message in ("Nội dung: Nội dung cần ít nhất 10 ký tự.", "Họ và tên: Khiếu nại phải ghi họ và tên",
                    "Số điện thoại: Khiếu nại phải có số điện thoại hoặc địa chỉ", "Vị trí trên bản đồ"):  # fmt: skip
        assert message in complaint, message


def test_the_form_and_the_service_check_with_the_same_validators(tree):
    """One rule, one function: the form's answer for a bad phone is the service's."""
    from django.core.exceptions import ValidationError

    from danvan.cases import forms, services, validators

    bound = forms.PublicCaseForm(form(tree, petitioner_phone="12"))
    assert not bound.is_valid()
    with pytest.raises(ValidationError) as excinfo:
        services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"], petitioner_phone="12")
    assert bound.errors["petitioner_phone"] == excinfo.value.message_dict["petitioner_phone"]
    assert validators.phone_errors("12") == {"petitioner_phone": bound.errors["petitioner_phone"][0]}


def test_the_form_says_the_phone_is_needed_to_look_the_case_up(client, db):
    html = client.get("/phan-anh/gui/").content.decode()
    phone = html.split('for="id_petitioner_phone"', 1)[1].split('class="mb-3', 1)[0]
    assert "Cần để tra cứu kết quả trên mạng" in phone
    assert "không có số điện thoại thì không tra cứu được" in phone


def test_a_receipt_without_a_phone_does_not_promise_an_online_look_up(client, tree):
    response = client.post("/phan-anh/gui/", form(tree, petitioner_phone=""))
    receipt = client.get(response.url).content.decode()
    assert "4 số cuối của số điện thoại bạn đã khai" not in receipt
    assert "Bạn không để lại số điện thoại nên không tra cứu được kết quả trên trang này" in receipt
    assert "Phường Pleiku" in receipt and Case.objects.get().code in receipt
    assert 'data-testid="lookup-button"' not in receipt  # no button to a look-up they cannot use
    with_phone = client.post("/phan-anh/gui/", form(tree, idempotency_key="other", content=TEXT + " Lần hai."))
    shown = client.get(with_phone.url).content.decode()
    assert "4 số cuối của số điện thoại bạn đã khai" in shown and 'data-testid="lookup-button"' in shown
