"""The place field shows a name and sends a code; what is typed alone still names the place."""

import datetime

import pytest
import time_machine

from danvan.cases.models import Case
from danvan.units import services as unit_services

TEXT = "Đèn đường ở đầu tổ dân phố hỏng hơn một tháng, buổi tối rất tối và nguy hiểm."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def more_villages(tree):
    """Tổ dân phố 1 (from the tree) and 10 in Pleiku; a Tổ dân phố 1 in Hội Phú too."""
    unit_services.villages_add_many(
        commune=tree["pleiku"], items=[{"name": "Tổ dân phố 10", "division_type": "tổ dân phố"}]
    )
    unit_services.villages_add_many(
        commune=tree["hoiphu"], items=[{"name": "Tổ dân phố 1", "division_type": "tổ dân phố"}]
    )


def public(**fields):
    return {"kind": "phan_anh", "content": TEXT, "petitioner_phone": "0912 345 678", "idempotency_key": "", **fields}


def test_the_form_shows_a_name_field_and_keeps_the_code_hidden(client, db):
    html = client.get("/phan-anh/gui/").content.decode()
    assert '<input type="hidden" name="place_code"' in html
    assert 'name="place_name"' in html and "data-place-picker" in html and "/static/core/place-picker.js" in html


def test_the_picker_offers_the_full_name_for_the_field_and_finds_it_with_its_commune(client, tree, more_villages):
    html = client.get("/phan-anh/noi-xay-ra/", {"q": "to dan pho 1 pleiku"}).content.decode()
    assert html.count("<option") == 1
    assert f'value="{tree["village"].code}" data-label="Tổ dân phố 1, Phường Pleiku, Gia Lai"' in html


def test_a_name_typed_without_choosing_names_the_place(client, tree, more_villages):
    response = client.post("/phan-anh/gui/", public(place_name="to dan pho 1 pleiku"))
    assert response.status_code == 302
    assert Case.objects.get().place == tree["village"]


def test_an_ambiguous_or_unknown_name_is_refused_with_what_was_typed_kept(client, more_villages):
    many = client.post("/phan-anh/gui/", public(place_name="to dan pho 1")).content.decode()
    assert (
        "Có nhiều nơi khớp với “to dan pho 1” (Tổ dân phố 1, Phường Pleiku, Gia Lai; Tổ dân phố 1, Phường Hội Phú"
        in many
    )
    assert 'value="to dan pho 1"' in many
    unknown = client.post("/phan-anh/gui/", public(place_name="thon 99 ia grai")).content.decode()
    assert "Không tìm thấy “thon 99 ia grai”" in unknown
    empty = client.post("/phan-anh/gui/", public()).content.decode()
    assert "Nơi xảy ra (xã, phường hoặc thôn, tổ dân phố): Gõ tên nơi xảy ra rồi chọn trong danh sách gợi ý." in empty
    assert not Case.objects.exists()


def test_the_code_the_picker_chose_wins_over_the_text(client, tree, more_villages):
    client.post(
        "/phan-anh/gui/", public(place_name="Tổ dân phố 1, Phường Pleiku, Gia Lai", place_code=tree["village"].code)
    )
    assert Case.objects.get().place == tree["village"]


def test_the_reception_desk_takes_a_typed_name_within_its_scope_only(login, personas, tree, more_villages):
    client = login(personas["commune_officer"])
    page = client.get("/vu-viec/tiep-nhan/").content.decode()
    assert "perm=enter&amp;places=1" in page and 'name="place_name"' in page
    desk = {"kind": "phan_anh", "channel": "tiep_dan", "content": TEXT, "received_on": "02/03/2026",
            "petitioner_phone": "0911222333"}  # fmt: skip
    assert client.post("/vu-viec/tiep-nhan/", {**desk, "place_name": "to dan pho 10"}).status_code == 302
    assert Case.objects.get().place.name == "Tổ dân phố 10"
    outside = client.post("/vu-viec/tiep-nhan/", {**desk, "place_name": "hoi phu", "idempotency_key": "x"})
    assert "Không có xã, phường hoặc thôn này trong phạm vi bạn được tiếp nhận." in outside.content.decode()
    options = client.get("/don-vi/chon/", {"q": "to dan pho 1", "perm": "enter", "places": "1"}).content.decode()
    assert "Phường Hội Phú" not in options and "Tổ dân phố 1, Phường Pleiku" in options
