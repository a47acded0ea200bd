import datetime

from django.core.management.base import BaseCommand

from danvan.cases.sweep import sweep
from danvan.core.progress import ProgressBar


class Command(BaseCommand):
    help = "Quét thời hạn: báo đơn vị xử lý vụ việc sắp đến hạn, báo cấp trên vụ việc quá hạn (mỗi hạn một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--ngay", dest="day", help="ngày quét, dạng dd/mm/yyyy (mặc định hôm nay)")

    def handle(self, *args, day=None, **options):
        today = datetime.datetime.strptime(day, "%d/%m/%Y").date() if day else None
        result = sweep(today, progress=ProgressBar("Quét thời hạn", stream=self.stdout))
        self.stdout.write(
            f"Sắp đến hạn: {result['due_soon']}; quá hạn: {result['overdue']}; "
            f"thông báo đã gửi: {result['notifications']}."
        )
