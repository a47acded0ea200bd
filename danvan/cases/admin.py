from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, CaseEvent, DeadlineRule, Field, RoutingRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "round", "step", "days", "day_type", "effective_from", "effective_to", "verified"]
    list_filter = ["kind", "step", "verified"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["event", "day", "at", "actor", "note", "data"]

    def has_add_permission(self, request, obj=None):
        return False  # steps are recorded through the workflow, never typed here


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "status", "unit", "received_on"]
    list_filter = ["kind", "status"]
    search_fields = ["code"]
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [CaseEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "field", "target", "note"]
    raw_id_fields = ["unit", "target"]
