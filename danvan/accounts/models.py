from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold, normalize

from .choices import Role, roles_with


class User(AbstractUser):
    """A person who signs in: staff of dân vận bodies, the Front, village teams, leaders."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    full_name_folded = models.CharField(max_length=150, editable=False, blank=True, db_index=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    # Raised to end every session of the user (see ``_get_session_auth_hash``): a change that needs a
    # fresh login, such as a second factor becoming required or being reset, raises it.
    credentials_epoch = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "full_name_folded", "credentials_epoch"])
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.full_name = normalize(self.full_name)
        self.full_name_folded = fold(f"{self.full_name} {self.username}")
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None):
        """Django's session hash (a session ends when the password changes), also bound to
        ``credentials_epoch`` once it is raised; at 0 it is Django's own, so no session ends by upgrade."""
        if not self.credentials_epoch:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "danvan.accounts.User.session_auth_hash"
        value = f"{self.password}\x00{self.credentials_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def unit_paths_with(self, perm):
        """Paths of the units where this user holds a role granting ``perm`` (see core.scoping).

        The active assignments are read once per user object, whichever permissions are then asked
        (the menu asks several on every page); ``core.scoping.clear_scope_cache`` forgets them.
        """
        if "_role_paths" not in self.__dict__:
            self._role_paths = list(self.role_assignments.filter(is_active=True).values_list("role", "unit__path"))
        granting = set(roles_with(perm))
        return [path for role, path in self._role_paths if role in granting]

    def active_assignments(self):
        return self.role_assignments.filter(is_active=True).select_related("unit").order_by("unit__path", "role")

    def has_role(self, *roles):
        return self.role_assignments.filter(is_active=True, role__in=roles).exists()


class RoleAssignmentQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class RoleAssignment(models.Model):
    """Grants ``role`` to ``user`` over ``unit`` and every unit below it."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    is_active = models.BooleanField(_("còn hiệu lực"), default=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("người cấp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str

    objects = RoleAssignmentQuerySet.as_manager()

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
