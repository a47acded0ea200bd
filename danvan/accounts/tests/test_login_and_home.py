import pytest

from conftest import PASSWORD


def test_it_logs_in_and_out(client, personas):
    response = client.post("/dang-nhap/", {"username": "canbo.pleiku", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Nguyễn Văn An" in client.get("/").content.decode()
    assert client.post("/dang-xuat/").status_code == 302
    assert 'data-testid="public-home"' in client.get("/").content.decode()  # signed out: the public page


def test_it_explains_a_wrong_password_in_vietnamese(client, personas):
    response = client.post("/dang-nhap/", {"username": "canbo.pleiku", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_it_refuses_a_locked_account(client, personas):
    personas["commune_officer"].is_active = False
    personas["commune_officer"].save()
    response = client.post("/dang-nhap/", {"username": "canbo.pleiku", "password": PASSWORD})
    assert response.status_code == 200


def test_it_changes_the_password(login, personas):
    client = login(personas["commune_officer"])
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Hoa-Sen-2026-Mới", "new_password2": "Hoa-Sen-2026-Mới"},
    )
    assert response.status_code == 302
    personas["commune_officer"].refresh_from_db()
    assert personas["commune_officer"].check_password("Hoa-Sen-2026-Mới")


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("national_admin", ["Quản lý người dùng", "Việt Nam"], []),
        ("province_admin", ["Quản lý người dùng", "Gia Lai"], ["Đắk Lắk"]),
        ("province_leader", ["Lãnh đạo", "Gia Lai"], ["Quản lý người dùng"]),
        ("commune_officer", ["Nhập từ Excel", "Phường Pleiku"], ["Quản lý người dùng", "Gia Lai</a>"]),
        ("village_member", ["Tổ dân vận", "Tổ dân phố 1"], ["Nhập từ Excel"]),
        ("viewer", ["Người xem", "Phường Pleiku"], ["Nhập từ Excel"]),
        ("nobody", ["chưa được phân quyền"], ["Phường Pleiku"]),
    ],
)
def test_it_shows_each_role_its_own_home(login, personas, persona, expected, absent):
    html = login(personas[persona]).get("/").content.decode()
    for text in expected:
        assert text in html, text
    for text in absent:
        assert text not in html, text


@pytest.mark.parametrize("url", ["/tai-khoan/doi-mat-khau/", "/tai-khoan/doi-mat-khau/xong/"])
def test_the_account_pages_use_the_project_layout_not_the_admin(login, personas, url):
    response = login(personas["commune_officer"]).get(url)
    names = [t.name for t in response.templates]
    assert response.status_code == 200 and "base.html" in names, names
    assert not any(name.startswith("admin/") for name in names), names
    html = response.content.decode()
    assert 'id="mainnav"' in html and "/quan-tri/" not in html


def test_the_login_page_uses_the_project_layout(client, db):
    names = [t.name for t in client.get("/dang-nhap/").templates]
    assert (
        "registration/login.html" in names and "base.html" in names and not any(n.startswith("admin/") for n in names)
    )


def test_the_root_is_for_the_public_and_shows_no_staff_data(client, personas, tree):
    from danvan.cases import services

    case, _created = services.case_submit(
        kind="phan_anh", content="Đường vào tổ dân phố 1 ngập sau mỗi trận mưa, xe máy không đi được.",
        place=tree["village"], petitioner_name="Phan Thị Thu Trang", petitioner_phone="0905111222",
    )  # fmt: skip
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for link in ('href="/phan-anh/gui/"', 'action="/phan-anh/tra-cuu/"', 'href="/dang-nhap/"'):
        assert link in html, link
    assert html.count('href="/dang-nhap/"') == 1  # the staff's sign-in link, once (in the top bar)
    for private in ("Phường Pleiku", "Gia Lai", "Tổ dân phố 1", case.code, "Phan Thị Thu Trang", "Nguyễn Văn An"):
        assert private not in html, private
    # The look-up form of the root page works as the look-up page's own.
    found = client.post("/phan-anh/tra-cuu/", {"code": case.code, "phone_tail": "1222"}).content.decode()
    assert "Cơ quan đã nhận, đang xem xét" in found


def test_changing_ones_own_password_says_so_and_keeps_one_signed_in(login, personas):
    from conftest import PASSWORD

    client = login(personas["commune_officer"])
    new = "Song-Hong-Xanh-2026"
    response = client.post(
        "/tai-khoan/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain == [("/", 302)]
    assert "Đã đổi mật khẩu. Bạn vẫn đang đăng nhập; từ lần sau hãy dùng mật khẩu mới." in html
    assert "Xin chào" in html and "_auth_user_id" in client.session
    assert client.get("/tai-khoan/doi-mat-khau/").status_code == 200
    personas["commune_officer"].refresh_from_db()
    assert personas["commune_officer"].check_password(new)
