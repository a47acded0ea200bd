"""Delete finished background jobs older than a number of days, with their uploaded files."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from danvan.core.models import Job, JobStatus


class Command(BaseCommand):
    help = "Xóa các việc chạy nền đã xong hoặc lỗi cũ hơn N ngày (mặc định 90) cùng tệp đã tải lên."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="giữ lại các việc trong N ngày gần nhất")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = Job.objects.filter(status__in=[JobStatus.DONE, JobStatus.FAILED], created_at__lt=cutoff)
        files = 0
        for job in old.exclude(input_file=""):
            job.input_file.delete(save=False)
            files += 1
        count, _detail = old.delete()
        self.stdout.write(f"Đã xóa {count} việc chạy nền và {files} tệp cũ hơn {days} ngày.")
