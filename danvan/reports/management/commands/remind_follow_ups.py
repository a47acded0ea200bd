import datetime

from django.core.management.base import BaseCommand, CommandError

from danvan.reports.services import follow_up_sweep


class Command(BaseCommand):
    help = (
        "Báo các kiến nghị sau kiểm tra, giám sát đã quá hạn khắc phục (mỗi hạn một lần); Celery beat chạy hằng ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ngay", help="Tính như vào ngày dd/mm/yyyy (mặc định hôm nay).")

    def handle(self, *args, ngay=None, **options):
        try:
            today = datetime.datetime.strptime(ngay, "%d/%m/%Y").date() if ngay else None
        except ValueError as exc:
            raise CommandError("--ngay phải có dạng dd/mm/yyyy.") from exc
        self.stdout.write(f"Đã gửi {follow_up_sweep(today)} thông báo.")
