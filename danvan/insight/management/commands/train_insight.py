"""Train the text models on the seed corpus and the officers' decisions; the new versions become active."""

from django.core.management.base import BaseCommand

from danvan.core.numbers import decimal, group
from danvan.core.progress import ProgressBar
from danvan.insight import services
from danvan.insight.models import ModelVersion, Task


class Command(BaseCommand):
    help = "Huấn luyện lại các mô hình phân tích văn bản (lĩnh vực, khẩn cấp, bức xúc, xây dựng, xúc phạm)."

    def add_arguments(self, parser):
        parser.add_argument("--task", action="append", choices=Task.values, help="Chỉ huấn luyện nhiệm vụ này.")
        parser.add_argument(
            "--unless-trained", action="store_true", help="Không làm gì khi đã có mô hình đang dùng (dữ liệu mẫu)."
        )

    def handle(self, *args, **options):
        if options["unless_trained"] and ModelVersion.objects.filter(is_active=True).exists():
            return
        tasks = options["task"] or list(Task.values)
        bar = ProgressBar("Huấn luyện", stream=self.stdout)
        made = services.train_all(tasks=tasks, progress=bar)
        for model in made:
            metrics = model.metrics
            quality = (
                f"kiểm định chéo: chính xác {decimal(metrics['accuracy'], 2)}%, "
                f"macro-F1 {decimal(metrics['macro_f1'], 2)}%"
                if metrics else "chưa đủ dữ liệu để kiểm định chéo"
            )  # fmt: skip
            self.stdout.write(
                f"{Task(model.task).label} v{model.version}: {group(model.samples)} mẫu, "
                f"{decimal(model.seconds, 1)} giây, {quality}"
            )
