from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Job, JobStatus


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "done", "total", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "created_by__username"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["mark_failed"]

    @admin.action(description=_("Đánh dấu lỗi (việc bị treo sau khi tiến trình chạy nền dừng)"))
    def mark_failed(self, request, queryset):
        count = queryset.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
            status=JobStatus.FAILED,
            error=_("Việc bị dừng giữa chừng; không có dữ liệu nào được lưu. Hãy chạy lại."),
            finished_at=timezone.now(),
        )
        self.message_user(request, _("Đã đánh dấu lỗi %(n)d việc.") % {"n": count})

    def has_add_permission(self, request):
        return False
