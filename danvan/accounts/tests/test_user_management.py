"""User management: administrators act only inside their own scope."""

import pytest

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment, User

NEW_USER = {
    "username": "canbo.moi",
    "full_name": "Đặng Thị Thu Hà",
    "position": "Cán bộ MTTQ",
    "phone": "0912 345 678",
    "email": "",
    "role": Role.OFFICER,
    "unit_code": "23586",
    "password1": "Cay-Tre-Xanh-2026",
    "password2": "Cay-Tre-Xanh-2026",
}


def test_it_lists_only_users_in_the_admins_scope(login, personas):
    html = login(personas["province_admin"]).get("/tai-khoan/nguoi-dung/").content.decode()
    assert "canbo.pleiku" in html and "canbo.hoiphu" in html
    assert "canbo.bmt" not in html and "quantri</td>" not in html


def test_it_finds_users_ignoring_diacritics(login, personas):
    html = login(personas["province_admin"]).get("/tai-khoan/nguoi-dung/", {"q": "nguyen van an"}).content.decode()
    assert "canbo.pleiku" in html and "canbo.hoiphu" not in html


@pytest.mark.parametrize("persona", ["province_leader", "commune_officer", "viewer", "village_member", "nobody"])
def test_it_keeps_non_admins_out(login, personas, persona):
    client = login(personas[persona])
    assert client.get("/tai-khoan/nguoi-dung/").status_code == 403
    assert client.get("/tai-khoan/nguoi-dung/them/").status_code == 403
    assert client.post("/tai-khoan/nguoi-dung/them/", NEW_USER).status_code == 403
    assert not User.objects.filter(username="canbo.moi").exists()


def test_it_creates_a_user_with_a_role_in_scope(login, personas):
    response = login(personas["province_admin"]).post("/tai-khoan/nguoi-dung/them/", NEW_USER)
    assert response.status_code == 302
    user = User.objects.get(username="canbo.moi")
    assert user.full_name == "Đặng Thị Thu Hà" and user.check_password("Cay-Tre-Xanh-2026")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.unit.code, assignment.granted_by) == (
        Role.OFFICER,
        "23586",
        personas["province_admin"],
    )


def test_it_refuses_a_unit_outside_the_admins_scope_naming_the_field(login, personas):
    response = login(personas["province_admin"]).post("/tai-khoan/nguoi-dung/them/", {**NEW_USER, "unit_code": "24121"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị (mã): Không có đơn vị mã “24121” trong phạm vi bạn quản lý." in html
    assert not User.objects.filter(username="canbo.moi").exists()


def test_it_names_each_invalid_field(login, personas):
    data = {**NEW_USER, "username": "có dấu", "phone": "abc", "password2": "khac"}
    html = login(personas["province_admin"]).post("/tai-khoan/nguoi-dung/them/", data).content.decode()
    assert "Chỉ dùng chữ không dấu" in html
    assert "Số điện thoại không hợp lệ" in html
    assert "Hai mật khẩu không khớp" in html


def test_it_refuses_a_taken_username(login, personas):
    html = (
        login(personas["province_admin"])
        .post("/tai-khoan/nguoi-dung/them/", {**NEW_USER, "username": "canbo.bmt"})
        .content.decode()
    )
    assert "Tên đăng nhập đã có người dùng" in html


def test_it_hides_users_of_other_scopes_as_404(login, personas):
    client = login(personas["province_admin"])
    for persona in ("other_province_officer", "national_admin", "superuser"):
        assert client.get(f"/tai-khoan/nguoi-dung/{personas[persona].pk}/").status_code == 404


def test_it_resets_a_password_and_locks_an_account_in_scope(login, personas):
    client = login(personas["province_admin"])
    target = personas["sibling_officer"]
    url = f"/tai-khoan/nguoi-dung/{target.pk}/"
    assert (
        client.post(url, {"action": "password", "password1": "Moi-Moi-2026!", "password2": "Moi-Moi-2026!"}).status_code
        == 302
    )
    assert client.post(url, {"action": "lock"}).status_code == 302
    target.refresh_from_db()
    assert target.check_password("Moi-Moi-2026!") and not target.is_active


def test_it_lets_a_province_admin_only_view_someone_who_also_works_elsewhere(login, personas, tree):
    target = personas["commune_officer"]
    RoleAssignment.objects.create(user=target, role=Role.VIEWER, unit=tree["bmt"])
    client = login(personas["province_admin"])
    url = f"/tai-khoan/nguoi-dung/{target.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "bạn chỉ được xem" in page.content.decode()
    assert (
        client.post(url, {"action": "password", "password1": "X-y-z-2026!!", "password2": "X-y-z-2026!!"}).status_code
        == 403
    )
    target.refresh_from_db()
    assert not target.check_password("X-y-z-2026!!")


def test_it_grants_and_revokes_roles_only_within_scope(login, personas, tree):
    client = login(personas["province_admin"])
    target = personas["sibling_officer"]
    url = f"/tai-khoan/nguoi-dung/{target.pk}/"
    assert client.post(url, {"action": "assign", "role": Role.LEADER, "unit_code": "23586"}).status_code == 302
    assert target.role_assignments.filter(role=Role.LEADER, is_active=True).exists()
    page = client.post(url, {"action": "assign", "role": Role.ADMIN, "unit_code": "VN"})
    assert page.status_code == 200
    assert not target.role_assignments.filter(role=Role.ADMIN).exists()
    assignment = target.role_assignments.get(role=Role.LEADER)
    assert client.post(f"/tai-khoan/phan-quyen/{assignment.pk}/thu-hoi/").status_code == 302
    assignment.refresh_from_db()
    assert not assignment.is_active
    foreign = personas["other_province_officer"].role_assignments.get()
    assert client.post(f"/tai-khoan/phan-quyen/{foreign.pk}/thu-hoi/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


def test_it_does_not_let_an_admin_revoke_their_own_admin_role(login, personas):
    admin = personas["province_admin"]
    own = admin.role_assignments.get()
    login(admin).post(f"/tai-khoan/phan-quyen/{own.pk}/thu-hoi/")
    own.refresh_from_db()
    assert own.is_active


def test_it_audits_user_changes(login, personas):
    client = login(personas["province_admin"])
    target = personas["sibling_officer"]
    client.post(f"/tai-khoan/nguoi-dung/{target.pk}/", {"action": "edit", "full_name": "Lê Văn Dũng", "phone": ""})
    record = target.history.first()
    assert record.history_user == personas["province_admin"] and record.full_name == "Lê Văn Dũng"
    assert not hasattr(record, "password")  # password hashes stay out of the audit trail
