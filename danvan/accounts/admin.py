from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["unit", "granted_by"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("DanVan", {"fields": ["full_name", "phone", "position"]}),
    ]
    list_display = ["username", "full_name", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "full_name_folded"]
    inlines = [RoleAssignmentInline]

    def user_change_password(self, request, id, form_url=""):
        # One write path for a password reset: the user page (services.user_set_password), which also
        # suspends the person's grants to read denouncers' identities.
        return redirect("accounts:user_detail", pk=id)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit", "is_active", "granted_at"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user", "unit", "granted_by"]
