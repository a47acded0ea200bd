"""The current code of a demo user's authenticator (enrolled by seed_demo), to log in to the demo."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.demo import DEMO_DEVICE, demo_code


class Command(BaseCommand):
    help = "In mã xác thực hiện tại của một tài khoản mẫu (do seed_demo đăng ký); không dùng cho tài khoản thật."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--tiep", action="store_true", help="mã kế tiếp (khi mã hiện tại vừa được dùng)")

    def handle(self, *args, **options):
        username = options["username"]
        if not TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE, confirmed=True).exists():
            raise CommandError(f"{username} không có ứng dụng xác thực mẫu của seed_demo.")
        self.stdout.write(demo_code(username, offset=1 if options["tiep"] else 0))
