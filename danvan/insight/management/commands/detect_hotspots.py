"""The daily spike test per unit and field; new early warnings go to the unit's officers and leaders."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from danvan.core.progress import ProgressBar
from danvan.insight import services


class Command(BaseCommand):
    help = "Tìm đơn vị, lĩnh vực có số vụ việc tăng bất thường trong 7 ngày và gửi cảnh báo sớm."

    def add_arguments(self, parser):
        parser.add_argument("--ngay", help="Ngày xét, dạng dd/mm/yyyy (mặc định: hôm nay).")

    def handle(self, *args, **options):
        day = None
        if options["ngay"]:
            try:
                day = datetime.datetime.strptime(options["ngay"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải có dạng dd/mm/yyyy.") from exc
        result = services.detect_hotspots(day, progress=ProgressBar("Cảnh báo sớm", stream=self.stdout))
        self.stdout.write(
            f"Đã xét {result['tested']} cặp đơn vị – lĩnh vực: {result['warnings']} cảnh báo, "
            f"{result['notifications']} thông báo."
        )
