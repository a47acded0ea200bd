"""Read cases again with the active models (after a retraining, or for cases received before any model)."""

from django.core.management.base import BaseCommand

from danvan.cases.models import Case
from danvan.core.progress import ProgressBar
from danvan.insight import services


class Command(BaseCommand):
    help = "Phân tích lại vụ việc bằng các mô hình đang dùng (mặc định: vụ việc chưa được phân tích)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Phân tích lại mọi vụ việc.")

    def handle(self, *args, **options):
        cases = Case.objects.order_by("pk")
        if not options["all"]:
            cases = cases.filter(insight__isnull=True)
        total = cases.count()
        bar = ProgressBar("Phân tích", stream=self.stdout)
        for done, case in enumerate(cases.iterator(chunk_size=500), start=1):
            services.analyse_case(case)
            bar(done, total)
        self.stdout.write(f"Đã phân tích {total} vụ việc.")
