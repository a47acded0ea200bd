import time

from django.core.management.base import BaseCommand, CommandError

from danvan.core.progress import ProgressBar
from danvan.reports import scale as scale_data


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu quy mô toàn quốc để đo hiệu năng: ~60.000 thôn, 300.000 cán bộ, 2.000.000 vụ việc trong 3 năm "
        "(--scale 0.01 cho một phần trăm). Chạy sau load_units, trên một cơ sở dữ liệu riêng chưa có vụ việc, cán bộ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Tỷ lệ so với quy mô toàn quốc (mặc định 1).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-events", action="store_true", help="Không ghi nhật ký sự kiện của vụ việc.")

    def handle(self, *args, scale=1.0, seed=2026, no_events=False, **options):
        started = time.monotonic()
        bars = {}

        def progress(step, done, total):
            if step not in bars:
                bars[step] = ProgressBar(step, stream=self.stdout)
            bars[step](done, total)

        try:
            stats = scale_data.generate(scale=scale, seed=seed, progress=progress, events=not no_events)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for bar in bars.values():
            bar(1, 1)
        for name, count in stats.items():
            self.stdout.write(f"  {name}: {count:,}".replace(",", "."))
        self.stdout.write(self.style.SUCCESS(f"Xong sau {time.monotonic() - started:.0f} giây."))
