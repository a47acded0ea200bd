from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "round", "step", "days", "day_type", "effective_from", "effective_to", "verified"]
    list_filter = ["kind", "step", "verified"]
