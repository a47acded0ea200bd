"""The accounts pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.core.tests.sweep import own, public, record

COLLEAGUE = "Hồ Thị Thanh Xuân Nguyệt"


def build(world):
    colleague = make_user("canbo.tiepdan.pleiku", Role.OFFICER, world.target, full_name=COLLEAGUE)
    world.mark(COLLEAGUE, "canbo.tiepdan.pleiku")
    return {"colleague": colleague, "assignment": RoleAssignment.objects.get(user=colleague)}


def entries(r):
    user = r["colleague"].pk
    password = {"password1": "Mat-khau-moi-2027!", "password2": "Mat-khau-moi-2027!"}
    return {
        "home": own("/", get_only=True, note="the visitor's own home page"),
        "login": public("/dang-nhap/", get_only=True),
        "login_code": public(
            "/dang-nhap/ma-xac-thuc/", post={"otp_token": "000000"}, note="only a pending login of this browser"
        ),
        "login_enrol": public(
            "/dang-nhap/bat-xac-thuc/", post={"otp_token": "000000"}, note="only a pending login of this browser"
        ),
        "accounts:two_factor": own(
            "/tai-khoan/xac-thuc-hai-buoc/",
            posts=[{"action": "backup", "otp_token": "000000"}, {"action": "remove", "otp_token": "000000"}],
            note="the visitor's own second factor",
        ),
        "logout": own("/dang-xuat/", note="ends the visitor's own session", get_only=True),
        "accounts:password_change": own("/tai-khoan/doi-mat-khau/", note="the visitor's own password"),
        "accounts:password_change_done": own("/tai-khoan/doi-mat-khau/xong/", get_only=True),
        "accounts:user_list": own(
            "/tai-khoan/nguoi-dung/",
            f"/tai-khoan/nguoi-dung/?q={COLLEAGUE}",
            note="users in the visitor's scope",
            get_only=True,
        ),  # fmt: skip
        "accounts:user_create": own(
            "/tai-khoan/nguoi-dung/them/",
            post={
                "username": "moi.pleiku",
                "full_name": "Người Mới",
                "role": Role.OFFICER,
                "unit_code": r["assignment"].unit.code,
                **password,
            },
            note="a new account lands only in the visitor's own scope",
        ),  # fmt: skip
        "accounts:user_detail": record(
            f"/tai-khoan/nguoi-dung/{user}/",
            posts=[
                {"action": "edit", "full_name": "Tên Bị Đổi"},
                {"action": "password", **password},
                {"action": "lock"},
                {"action": "unlock_login"},
                {"action": "reset_second_factor"},
                {"action": "assign", "role": Role.ADMIN, "unit_code": r["assignment"].unit.code},
            ],
        ),
        "accounts:assignment_revoke": record(f"/tai-khoan/phan-quyen/{r['assignment'].pk}/thu-hoi/"),
    }
