import datetime

from django.core.management.base import BaseCommand, CommandError

from danvan.emulation.sweep import sweep


class Command(BaseCommand):
    help = "Quét hằng ngày: báo mô hình Dân vận khéo quá hạn phúc tra và mô hình có nguy cơ không duy trì (mỗi việc một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--ngay", dest="day", help="ngày quét, dạng dd/mm/yyyy (mặc định hôm nay)")

    def handle(self, *args, day=None, **options):
        try:
            today = datetime.datetime.strptime(day, "%d/%m/%Y").date() if day else None
        except ValueError as exc:
            raise CommandError("Ngày quét phải có dạng dd/mm/yyyy.") from exc
        result = sweep(today)
        self.stdout.write(
            f"Mô hình quá hạn phúc tra: {result['overdue']}; có nguy cơ: {result['at_risk']}; "
            f"thông báo: {result['notifications']}."
        )
