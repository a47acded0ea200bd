"""Demo accounts: one user per role in Gia Lai (see ``danvan.accounts.demo``); ``--enrol`` then gives
those who must use a second factor their demo authenticator. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts import twofactor
from danvan.accounts.choices import Role
from danvan.accounts.demo import DEMO_DEVICE, DEMO_PASSWORD, DEMO_USERS, OFFICER_COMMUNE
from danvan.accounts.models import RoleAssignment, User
from danvan.units.choices import UnitKind
from danvan.units.models import Unit


class Command(BaseCommand):
    help = "Tạo tài khoản mẫu, mỗi vai trò một tài khoản; --enrol: đăng ký ứng dụng xác thực mẫu cho người bắt buộc."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enrol", action="store_true", help="đăng ký xác thực hai bước cho tài khoản mẫu bắt buộc dùng"
        )

    def handle(self, *args, **options):
        if options["enrol"]:
            enrolled = self._second_factors([row[0] for row in DEMO_USERS] + ["tdv.pleiku"])
            if enrolled:
                self.stdout.write(
                    "Xác thực hai bước (bắt buộc với các tài khoản này; mã hiện tại: manage.py demo_code TÊN):"
                )
                for username, secret in enrolled:
                    self.stdout.write(f"  {username:<18} khóa cho ứng dụng xác thực: {secret}")
            return
        with transaction.atomic():
            users = self._users()
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % DEMO_PASSWORD)
        for username, label in users:
            self.stdout.write(f"  {username:<18} {label}")

    def _users(self):
        officer_commune = Unit.objects.get(code=OFFICER_COMMUNE)
        village = (
            Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=officer_commune.path).order_by("path").first()
        )
        rows = list(DEMO_USERS)
        rows.append(("tdv.pleiku", "Ksor Y Phun", "Tổ trưởng tổ dân vận", Role.VILLAGE_MEMBER, village.code))
        shown = []
        for username, full_name, position, role, code in rows:
            unit = Unit.objects.get(code=code)
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "position": position}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
            shown.append((username, f"{Role(role).label} — {unit.name}"))
        return shown

    def _second_factors(self, usernames):
        """Enrol, once, the demo users who must use a second factor (after the cases: the receiver of the
        demo denunciation holds a grant); returns ``[(username, key in base32)]``."""
        enrolled = []
        for user in User.objects.filter(username__in=usernames).order_by("username"):
            if not twofactor.is_required(user):
                continue
            device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE, confirmed=True).first()
            if device is None and twofactor.has_second_factor(user):
                continue  # enrolled by a person since: left alone
            if device is None:
                device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, confirmed=True)
            enrolled.append((user.username, twofactor.secret_of(device)))
        return enrolled
