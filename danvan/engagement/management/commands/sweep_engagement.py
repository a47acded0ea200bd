import datetime

from django.core.management.base import BaseCommand

from danvan.engagement.sweeps import sweep


class Command(BaseCommand):
    help = (
        "Quét hằng ngày: báo cam kết sắp đến hạn, quá hạn và lãnh đạo chưa tiếp công dân đủ số ngày (mỗi việc một lần)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ngay", dest="day", help="ngày quét, dạng dd/mm/yyyy (mặc định hôm nay)")

    def handle(self, *args, day=None, **options):
        today = datetime.datetime.strptime(day, "%d/%m/%Y").date() if day else None
        result = sweep(today)
        self.stdout.write(
            f"Cam kết sắp đến hạn: {result.get('due_soon', 0)}; quá hạn: {result.get('overdue', 0)}; "
            f"lãnh đạo chưa tiếp đủ: {result.get('leaders_behind', 0)}; thông báo: {result.get('notifications', 0)}."
        )
