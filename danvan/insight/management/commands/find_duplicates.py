"""The near-duplicate sweep: compare cases with one another, propose the pairs, fingerprint old cases."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from danvan.core.progress import ProgressBar
from danvan.insight import services


class Command(BaseCommand):
    help = "Tìm các vụ việc có nội dung gần trùng (cùng một đơn gửi nhiều nơi, nhiều cấp) và đề xuất liên kết."

    def add_arguments(self, parser):
        parser.add_argument("--ngay", type=int, default=services.DUPLICATE_WINDOW_DAYS,
                            help="So sánh các vụ việc tiếp nhận trong bấy nhiêu ngày gần đây (0: tất cả).")  # fmt: skip

    def handle(self, *args, **options):
        days = options["ngay"]
        since = timezone.localdate() - datetime.timedelta(days=days) if days else None
        result = services.duplicate_sweep(since=since, progress=ProgressBar("Quét gần trùng", stream=self.stdout))
        pruned = services.prune_bands()
        self.stdout.write(f"Đã so sánh {result['cases']} vụ việc, đề xuất {result['pairs']} cặp; bỏ {pruned} khóa cũ.")
