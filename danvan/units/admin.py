from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    """Superusers' view of the tree; ordinary staff use the scoped pages."""

    list_display = ["name", "code", "kind", "division_type", "is_remote", "is_active"]
    list_filter = ["kind", "is_remote", "is_active"]
    search_fields = ["name", "name_folded", "code"]
    readonly_fields = ["path", "depth", "numchild", "kind", "created_at", "updated_at"]
    raw_id_fields = ["successor"]

    def has_add_permission(self, request):
        return False  # units are added by load_units, the village import or the village form

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate, never delete
