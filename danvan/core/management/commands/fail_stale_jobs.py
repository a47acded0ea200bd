"""Mark failed the background jobs whose process has stopped (no heartbeat for too long)."""

from django.core.management.base import BaseCommand

from danvan.core.jobs import fail_stale_jobs, stale_seconds


class Command(BaseCommand):
    help = "Đánh dấu lỗi các việc chạy nền đã dừng (không còn tín hiệu hoạt động quá thời hạn), để chạy lại được."

    def handle(self, *args, **options):
        count = fail_stale_jobs()
        minutes = round(stale_seconds() / 60)
        self.stdout.write(f"Đã đánh dấu lỗi {count} việc chạy nền không còn tín hiệu hoạt động quá {minutes} phút.")
