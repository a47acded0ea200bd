"""User management: administrators act only inside their own scope."""

import re

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


def test_it_finds_users_by_username_too_as_the_search_box_says(login, personas):
    html = login(personas["province_admin"]).get("/tai-khoan/nguoi-dung/").content.decode()
    assert 'placeholder="Họ tên, tên đăng nhập… (gõ không dấu cũng được)"' in html
    html = login(personas["province_admin"]).get("/tai-khoan/nguoi-dung/", {"q": "CANBO.HOIPHU"}).content.decode()
    assert "canbo.hoiphu" in html and "canbo.pleiku" not in html


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
    assert client.post(url, {"action": "lock", "reason": "Nghỉ công tác"}).status_code == 302
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


def role_options(html):
    """The options of the role select (value, selected) in the order shown."""
    select = html.split('name="role"', 1)[1].split("</select>", 1)[0]
    return [(value, bool(selected)) for value, selected in re.findall(r'<option value="([^"]*)"( selected)?', select)]


@pytest.mark.parametrize("url", ["/tai-khoan/nguoi-dung/them/", "detail"])
def test_no_role_is_chosen_before_the_administrator_chooses_one(login, personas, url):
    if url == "detail":
        url = f"/tai-khoan/nguoi-dung/{personas['sibling_officer'].pk}/"
    html = login(personas["province_admin"]).get(url).content.decode()
    options = role_options(html)
    assert options[0] == ("", False) and "— chọn vai trò —" in html
    assert not any(selected for _value, selected in options)  # the browser shows the empty choice


def test_a_user_is_not_created_nor_a_role_granted_without_choosing_the_role(login, personas):
    client = login(personas["province_admin"])
    html = client.post("/tai-khoan/nguoi-dung/them/", {**NEW_USER, "role": ""}).content.decode()
    assert "Vai trò: Chọn một vai trò." in html
    assert not User.objects.filter(username="canbo.moi").exists()
    target = personas["sibling_officer"]
    response = client.post(
        f"/tai-khoan/nguoi-dung/{target.pk}/", {"action": "assign", "role": "", "unit_code": "23586"}
    )
    assert response.status_code == 200 and "Vai trò: Chọn một vai trò." in response.content.decode()
    assert target.role_assignments.count() == 1


def test_locking_an_account_takes_a_reason_that_the_history_keeps(login, personas):
    client = login(personas["province_admin"])
    target = personas["sibling_officer"]
    url = f"/tai-khoan/nguoi-dung/{target.pk}/"
    response = client.post(url, {"action": "lock", "reason": "  "})
    assert response.status_code == 200 and "Lý do khóa: Ghi ngắn gọn lý do khóa tài khoản." in response.content.decode()
    target.refresh_from_db()
    assert target.is_active
    assert client.post(url, {"action": "lock", "reason": "Chuyển công tác sang tỉnh khác"}).status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert target.history.first().history_change_reason == "Khóa tài khoản: Chuyển công tác sang tỉnh khác"
    assert "(Khóa tài khoản: Chuyển công tác sang tỉnh khác)" in client.get(url).content.decode()
    assert client.post(url, {"action": "unlock"}).status_code == 302
    target.refresh_from_db()
    assert target.is_active and target.history.first().history_change_reason == "Mở khóa tài khoản"


def test_every_action_that_is_hard_to_undo_asks_first(login, personas):
    """The question is asked by danvan.js from data-confirm (no inline script under the policy)."""
    from axes.models import AccessAttempt
    from django.utils import timezone

    from conftest import enrol

    target = personas["sibling_officer"]
    enrol(target)
    AccessAttempt.objects.create(
        username=target.username, ip_address="10.0.0.1", user_agent="", get_data="", post_data="",
        http_accept="", path_info="/dang-nhap/", failures_since_start=10, attempt_time=timezone.now(),
    )  # fmt: skip
    client = login(personas["province_admin"])
    html = client.get(f"/tai-khoan/nguoi-dung/{target.pk}/").content.decode()
    forms = re.findall(r"<form [^>]*>.*?</form>", html, flags=re.S)
    asking = {
        action: any("data-confirm=" in form for form in forms if marker in form)
        for action, marker in [
            ("lock", 'value="lock"'),
            ("revoke", "/thu-hoi/"),
            ("password", 'value="password"'),
            ("second factor", 'value="reset_second_factor"'),
            ("login lock", 'value="unlock_login"'),
            ("edit", 'value="edit"'),
        ]
    }
    assert asking == {
        "lock": True, "revoke": True, "password": True, "second factor": True, "login lock": True, "edit": False,
    }  # fmt: skip
    client.post(f"/tai-khoan/nguoi-dung/{target.pk}/", {"action": "lock", "reason": "Nghỉ công tác"})
    html = client.get(f"/tai-khoan/nguoi-dung/{target.pk}/").content.decode()
    unlock = next(form for form in re.findall(r"<form [^>]*>.*?</form>", html, flags=re.S) if 'value="unlock"' in form)
    assert "data-confirm=" in unlock
