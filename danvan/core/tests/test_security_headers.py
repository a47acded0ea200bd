"""Every page carries the Content-Security-Policy, and pages with personal data are never stored."""

import pytest

PERSONAL_PAGES = ["/", "/vu-viec/", "/vu-viec/{case}/", "/can-bo/danh-sach/", "/can-bo/{cadre}/", "/tai-khoan/nguoi-dung/",
                  "/vu-viec/?format=xlsx", "/thong-bao/", "/tai-khoan/doi-mat-khau/"]  # fmt: skip


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_policy_allows_scripts_and_styles_only_from_our_files(client, db):
    policy = directives(client.get("/dang-nhap/"))
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.parametrize("template", PERSONAL_PAGES)
def test_pages_with_personal_data_are_not_stored(records, personas, login, template):
    client = login(personas["national_admin"])
    url = template.format(case=records["case"].pk, cadre=records["cadre"].pk)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_the_public_pages_are_not_stored(client, tree):
    for url in ("/phan-anh/gui/", "/phan-anh/tra-cuu/", "/dang-nhap/"):
        assert "no-store" in client.get(url)["Cache-Control"], url
