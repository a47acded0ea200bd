from django.core.management.base import BaseCommand

from danvan.cases import deadline_data
from danvan.cases.models import DeadlineRule


class Command(BaseCommand):
    help = "Nạp các thời hạn theo quy định đi kèm phần mềm (chạy lại không nhân đôi, không ghi đè bản đã sửa)."

    def handle(self, *args, **options):
        created = deadline_data.load(DeadlineRule)
        self.stdout.write(f"Thêm {created} thời hạn; đang có {DeadlineRule.objects.count()}.")
