from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core import scoping


class Role(models.TextChoices):
    ADMIN = "quan_tri", _("Quản trị hệ thống")
    LEADER = "lanh_dao", _("Lãnh đạo")
    OFFICER = "can_bo", _("Cán bộ dân vận")
    VILLAGE_MEMBER = "thanh_vien_to", _("Thành viên tổ dân vận")
    VIEWER = "nguoi_xem", _("Người xem")


# What each role may do over its unit and everything below it.
ROLE_PERMS = {
    Role.ADMIN: {scoping.VIEW, scoping.MANAGE, scoping.ENTER, scoping.APPROVE, scoping.MANAGE_USERS},
    Role.LEADER: {scoping.VIEW, scoping.APPROVE},
    Role.OFFICER: {scoping.VIEW, scoping.MANAGE, scoping.ENTER},
    Role.VILLAGE_MEMBER: {scoping.VIEW, scoping.ENTER},
    Role.VIEWER: {scoping.VIEW},
}


def roles_with(perm):
    return [role for role, perms in ROLE_PERMS.items() if perm in perms]
