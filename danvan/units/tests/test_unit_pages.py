"""Unit pages: what each persona sees, and 404 for everything outside their scope."""

import io

import pytest
from openpyxl import load_workbook

from danvan.units.models import Unit


def test_it_shows_a_unit_in_scope_with_its_children_and_counts(login, personas, tree):
    response = login(personas["province_leader"]).get(f"/don-vi/{tree['gialai'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường Pleiku" in html and "Phường Hội Phú" in html
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "target",
    ["hoiphu", "gialai", "daklak", "bmt", "nation"],
)
def test_it_hides_every_unit_outside_a_commune_officers_scope(login, personas, tree, target):
    client = login(personas["commune_officer"])
    pk = tree[target].pk
    for url in (
        f"/don-vi/{pk}/",
        f"/don-vi/{pk}/sua/",
        f"/don-vi/{pk}/ngung-hoat-dong/",
        f"/don-vi/{pk}/them-thon/",
        f"/don-vi/{pk}/nhap-thon/",
        f"/don-vi/{pk}/xuat-excel/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/don-vi/{pk}/sua/", {"name": "Bị sửa", "division_type": "xã"}).status_code == 404
    assert client.post(f"/don-vi/{pk}/hoat-dong-lai/").status_code == 404
    tree[target].refresh_from_db()
    assert tree[target].name != "Bị sửa"


def test_it_answers_404_for_a_unit_that_does_not_exist(login, personas):
    assert login(personas["commune_officer"]).get("/don-vi/999999/").status_code == 404


def test_it_requires_login(client, tree):
    response = client.get(f"/don-vi/{tree['pleiku'].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_it_lets_the_village_member_see_only_their_village(login, personas, tree):
    client = login(personas["village_member"])
    assert client.get(f"/don-vi/{tree['village'].pk}/").status_code == 200
    assert client.get(f"/don-vi/{tree['pleiku'].pk}/").status_code == 404


def test_it_finds_units_ignoring_diacritics_within_scope(login, personas, tree):
    client = login(personas["national_admin"])
    html = client.get("/don-vi/", {"q": "dak lak"}).content.decode()
    assert "Đắk Lắk" in html
    html = client.get("/don-vi/", {"q": "PLEIKU"}).content.decode()
    assert "Phường Pleiku" in html and "Gia Lai" in html  # place shown beside the name
    officer = login(personas["commune_officer"])
    assert "Đắk Lắk" not in officer.get("/don-vi/", {"q": "dak lak"}).content.decode()
    assert "Hội Phú" not in officer.get("/don-vi/", {"q": "hoi phu"}).content.decode()


def test_the_search_boxes_say_what_they_search_and_find_it(login, personas, tree):
    client = login(personas["national_admin"])
    html = client.get("/don-vi/").content.decode()
    assert 'placeholder="Tên hoặc mã tỉnh, xã, thôn…"' in html
    assert "Phường Pleiku" in client.get("/don-vi/", {"q": "23575"}).content.decode()
    province = client.get(f"/don-vi/{tree['gialai'].pk}/", {"q": "23586"}).content.decode()
    assert 'placeholder="Tên hoặc mã đơn vị trực thuộc… (không cần dấu)"' in province
    children = province.split('data-testid="unit-children"', 1)[1]
    assert "Phường Hội Phú" in children and "Phường Pleiku" not in children


def test_it_returns_a_fragment_for_htmx_search(login, personas, tree):
    response = login(personas["national_admin"]).get("/don-vi/", {"q": "gia lai"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Gia Lai" in html and "<html" not in html


def test_it_lets_an_officer_edit_a_village_but_not_the_commune(login, personas, tree):
    client = login(personas["commune_officer"])
    assert client.get(f"/don-vi/{tree['pleiku'].pk}/sua/").status_code == 403
    response = client.post(
        f"/don-vi/{tree['village'].pk}/sua/",
        {"name": "Tổ dân phố Một", "division_type": "tổ dân phố", "is_remote": "on", "note": ""},
    )
    assert response.status_code == 302
    tree["village"].refresh_from_db()
    assert tree["village"].name == "Tổ dân phố Một" and tree["village"].is_remote


def test_it_names_the_field_when_a_village_type_is_wrong(login, personas, tree):
    response = login(personas["commune_officer"]).post(
        f"/don-vi/{tree['village'].pk}/sua/", {"name": "Tổ 1", "division_type": "quận"}
    )
    assert response.status_code == 200
    assert "Loại đơn vị" in response.content.decode() and "không hợp lệ" in response.content.decode()


def test_it_forbids_viewers_and_leaders_from_changing_anything(login, personas, tree):
    for persona in ("viewer", "province_leader"):
        client = login(personas[persona])
        assert client.get(f"/don-vi/{tree['village'].pk}/sua/").status_code == 403
        assert client.get(f"/don-vi/{tree['pleiku'].pk}/them-thon/").status_code == 403
        assert client.get(f"/don-vi/{tree['pleiku'].pk}/nhap-thon/").status_code == 403


def test_it_adds_a_village_and_refuses_a_duplicate_name(login, personas, tree, villages_of):
    client = login(personas["commune_officer"])
    url = f"/don-vi/{tree['pleiku'].pk}/them-thon/"
    assert client.post(url, {"name": "Tổ dân phố 9", "division_type": "tổ dân phố"}).status_code == 302
    response = client.post(url, {"name": "to dan pho 9", "division_type": "tổ dân phố"})
    assert response.status_code == 200
    assert "cùng tên" in response.content.decode()
    assert sorted(villages_of(tree["pleiku"])) == ["Tổ dân phố 1", "Tổ dân phố 9"]


def test_it_deactivates_a_merged_unit_naming_its_successor_and_keeps_it(login, personas, tree):
    client = login(personas["province_admin"])
    response = client.post(
        f"/don-vi/{tree['hoiphu'].pk}/ngung-hoat-dong/",
        {"on_date": "01/07/2026", "successor_code": "23575", "reason": "Sáp nhập vào phường Pleiku"},
    )
    assert response.status_code == 302
    hoiphu = Unit.objects.get(pk=tree["hoiphu"].pk)
    assert not hoiphu.is_active and hoiphu.successor == tree["pleiku"]
    assert hoiphu.deactivated_on.strftime("%d/%m/%Y") == "01/07/2026"
    page = client.get(f"/don-vi/{hoiphu.pk}/").content.decode()
    assert "01/07/2026" in page and "Sáp nhập vào phường Pleiku" in page
    # Hidden from the children list unless asked for.
    assert "Hội Phú" not in client.get(f"/don-vi/{tree['gialai'].pk}/").content.decode()
    assert "Hội Phú" in client.get(f"/don-vi/{tree['gialai'].pk}/", {"inactive": "1"}).content.decode()


def test_it_refuses_a_successor_outside_scope_or_below(login, personas, tree):
    client = login(personas["province_admin"])
    response = client.post(
        f"/don-vi/{tree['pleiku'].pk}/ngung-hoat-dong/",
        {"on_date": "01/07/2026", "successor_code": "24121", "reason": "x"},
    )
    assert response.status_code == 200 and "Không tìm thấy đơn vị" in response.content.decode()
    response = client.post(
        f"/don-vi/{tree['pleiku'].pk}/ngung-hoat-dong/",
        {"on_date": "01/07/2026", "successor_code": tree["village"].code, "reason": "x"},
    )
    assert response.status_code == 200 and "cấp dưới" in response.content.decode()
    assert Unit.objects.get(pk=tree["pleiku"].pk).is_active


def test_it_never_deletes_a_unit(tree):
    with pytest.raises(Exception, match="Không xóa"):
        tree["village"].delete()


def test_it_exports_only_the_scope_to_excel(login, personas, tree):
    response = login(personas["commune_officer"]).get(f"/don-vi/{tree['pleiku'].pk}/xuat-excel/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["23575", tree["village"].code]


def test_it_offers_only_units_in_scope_to_pickers(login, personas, tree):
    client = login(personas["province_admin"])
    html = client.get("/don-vi/chon/", {"q": "phuong", "perm": "manage_users"}).content.decode()
    assert "23575" in html and "24121" not in html
    assert client.get("/don-vi/chon/", {"q": "phuong", "perm": "bogus"}).status_code == 404


def test_it_counts_queries_on_the_province_page(login, personas, tree, django_assert_max_num_queries):
    client = login(personas["province_leader"])
    with django_assert_max_num_queries(14):
        assert client.get(f"/don-vi/{tree['gialai'].pk}/").status_code == 200


def test_it_counts_every_unit_below_once(login, personas, tree):
    from danvan.units import selectors

    assert selectors.unit_kind_counts(tree["gialai"]) == {"xa": 2, "thon": 1}
    children = {c.code: c for c in selectors.unit_children_with_counts(tree["nation"])}
    assert (children["52"].commune_count, children["52"].village_count) == (2, 1)
    assert (children["66"].commune_count, children["66"].village_count) == (1, 0)
