"""Numbers in links and form values are never localised: report pages work for units with ids in the thousands.

Most communes and every village have ids above 1,000; printed as ``?unit=2.134`` or ``nam=2.026`` the
report tabs, "Tính lại", the period picker and "Lập báo cáo" answered 404 or "Năm không hợp lệ".
"""

import re
from html import unescape

import pytest

from conftest import localised_numbers

YEAR = 2026


def test_the_check_finds_a_grouped_number_in_a_link_and_ignores_versions_and_dates():
    page = (
        '<a href="?unit=2.134&nam=2.026">x</a><input value="1.234.567"><canvas data-unit="2,134"></canvas>'
        '<a href="/static/vendor/bootstrap-5.3.3.min.css">v</a><input value="01/12/2026"><a href="?so=12">m</a>'
        '<a href="https://www.openstreetmap.org/?mlat=13,983">map</a><div aria-valuenow="94.4"></div>'
    )

    assert [found[1:] for found in localised_numbers(page)] == [
        ("href", "?unit=2.134&nam=2.026"),
        ("value", "1.234.567"),
        ("data-unit", "2,134"),
        ("href", "https://www.openstreetmap.org/?mlat=13,983"),
    ]


def _pages(tree, case):
    gialai, pleiku = tree["gialai"].pk, tree["pleiku"].pk
    period = f"ky=nam&nam={YEAR}"
    return {
        "province_leader": [
            f"/tong-hop/?unit={gialai}&{period}",
            f"/tong-hop/?unit={pleiku}&{period}",
            f"/tong-hop/xep-hang/?unit={gialai}&{period}",
            f"/tong-hop/bao-cao/?unit={pleiku}",
            f"/tong-hop/van-ban/?unit={gialai}",
            f"/tong-hop/kiem-tra-giam-sat/?unit={gialai}",
            f"/vu-viec/?unit={gialai}",
            f"/vu-viec/{case.pk}/",
            f"/phan-tich/canh-bao/?unit={gialai}",
            f"/can-bo/?unit={gialai}",
            f"/can-bo/bao-phu-boi-duong/?unit={gialai}",
            f"/can-bo/ngay-co-so/?unit={gialai}",
            f"/don-vi/{pleiku}/",
        ],
        "commune_officer": [
            f"/vu-viec/?unit={pleiku}",
            f"/vu-viec/{case.pk}/",
            f"/can-bo/danh-sach/?unit={pleiku}",
            f"/can-bo/khoi-to/?unit={pleiku}",
            f"/can-bo/lop/?unit={pleiku}",
            f"/can-bo/ra-soat/?unit={pleiku}",
            f"/can-bo/to-chuc/?unit={pleiku}",
            f"/tong-hop/bao-cao/?unit={pleiku}",
        ],
        "province_admin": ["/tai-khoan/nguoi-dung/", f"/vu-viec/quy-tac-chuyen/?unit={gialai}"],
    }


@pytest.mark.parametrize("role", ["province_leader", "commune_officer", "province_admin"])
def test_no_page_prints_an_id_or_a_year_with_thousands_separators(role, cases, tree, personas, client):
    client.force_login(personas[role])
    assert all(unit.pk > 1000 for unit in tree.values())  # the fixture's ids look like production

    for url in _pages(tree, cases["c1"])[role]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert localised_numbers(response.content.decode()) == [], url


def test_every_link_of_the_dashboard_answers_for_a_commune_with_an_id_in_the_thousands(cases, tree, personas, client):
    client.force_login(personas["province_leader"])
    pleiku = tree["pleiku"].pk
    page = client.get(f"/tong-hop/?unit={pleiku}&ky=nam&nam={YEAR}").content.decode()
    links = {unescape(href) for href in re.findall(r'href="([^"#]+)"', page)}
    own = sorted(href for href in links if href.startswith("?") or href.startswith("/tong-hop/"))

    assert any("lam-moi=1" in href for href in own)  # "Tính lại"
    assert any(href.startswith("/tong-hop/bao-cao/") for href in own)  # the report tab
    for href in own:
        url = href if href.startswith("/") else f"/tong-hop/{href}"
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Năm không hợp lệ" not in response.content.decode(), url


def test_the_period_picker_and_the_report_list_keep_the_year_as_digits(cases, tree, personas, client):
    client.force_login(personas["commune_officer"])
    pleiku = tree["pleiku"].pk
    page = client.get(f"/tong-hop/bao-cao/?unit={pleiku}").content.decode()

    assert f'value="{pleiku}"' in page
    assert re.search(r'name="nam"[^>]*value="\d{4}"|value="\d{4}"[^>]*name="nam"', page)


def test_the_map_link_of_a_case_carries_its_point_with_a_decimal_point(tree, personas, client):
    from danvan.cases import services

    case, _created = services.case_submit(
        kind="phan_anh", content="Đèn đường trước chợ Pleiku hỏng đã hai tuần, buổi tối rất tối.", place=tree["village"],
        point=(13.983456, 108.002345),
    )  # fmt: skip
    client.force_login(personas["commune_officer"])

    page = client.get(f"/vu-viec/{case.pk}/").content.decode()

    assert "mlat=13.983456&amp;mlon=108.002345" in page
    assert localised_numbers(page) == []
