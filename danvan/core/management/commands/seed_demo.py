"""Demo data: Gia Lai province with villages and one user per role; safe to run again.

The demo users who must log in with a second factor (the administrators ``quantri`` and
``quantri.gialai``, and ``canbo.pleiku``, who received the demo denunciation and may read its
denouncer's identity) are enrolled here with an authenticator app, a django-otp ``TOTPDevice`` named
``DEMO_DEVICE`` (and no backup codes). Anything that logs them in (a person trying the demo, a smoke
test) gets the current code with ``manage.py demo_code USERNAME``, or in Python with
:func:`demo_code`, which reads the device's key from the database::

    from danvan.core.management.commands.seed_demo import demo_code
    demo_code("quantri")            # the six digits an app would show now
    demo_code("quantri", offset=1)  # the next ones: a code is accepted once, so a second login
                                    # (or a reading) within the same 30 seconds needs offset=1

The other demo users are not enrolled and log in with the password alone; they may turn the second
factor on from "Xác thực hai bước" in their menu.
"""

import random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment, User
from danvan.units import services as unit_services
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

# The printed demo login; demo data only.
DEMO_PASSWORD = "DanVan@2026"  # nosec B105
PROVINCE_CODE = "52"  # Gia Lai (merged with Bình Định on 1 July 2025)
OFFICER_COMMUNE = "23575"  # Phường Pleiku
SIBLING_COMMUNE = "23586"  # Phường Hội Phú
VIEWER_COMMUNE = "23734"  # Xã Ia Ly

# Village names in the style of the Central Highlands (Jrai, Bahnar) and the coast.
PLEI_NAMES = [
    "Plei Ơi",
    "Plei Kép",
    "Plei Pông",
    "Plei Ring",
    "Plei Thơ Ga",
    "Plei Bông",
    "Plei Tơ Nghĩa",
    "Plei Klăh",
    "Plei Chuet",
    "Plei Ia Nueng",
    "Plei Breng",
    "Plei Lốc",
    "Plei Đôn",
    "Plei Groi",
]
BON_NAMES = ["Kon Sơ Lăl", "Kon Chrăh", "Đăk Tơ Ver", "Kon Brông", "Tơ Drăh", "Đê Kjiêng", "Kon Jốp"]

# The name of the authenticator "apps" the demo enrols (demo_code reads only these).
DEMO_DEVICE = "Ứng dụng mẫu (seed_demo)"

DEMO_USERS = [
    # username, full name, position, role, unit code
    ("quantri", "Nguyễn Văn An", "Quản trị hệ thống", Role.ADMIN, "VN"),
    (
        "quantri.gialai",
        "Trần Thị Bích Ngọc",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        Role.ADMIN,
        PROVINCE_CODE,
    ),
    ("lanhdao.gialai", "Phạm Thị Tố Hải", "Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy", Role.LEADER, PROVINCE_CODE),
    ("canbo.pleiku", "Rơ Châm H'Bút", "Phó Chủ tịch Ủy ban MTTQ phường Pleiku", Role.OFFICER, OFFICER_COMMUNE),
    # A colleague at the same ward, who handles and answers some of its demo cases: so canbo.pleiku, who
    # answered the others, may write down a rating a citizen gave in person on those.
    ("tiepdan.pleiku", "Đinh Văn Thuận", "Cán bộ tiếp công dân phường Pleiku", Role.OFFICER, OFFICER_COMMUNE),
    ("canbo.hoiphu", "Lê Văn Dũng", "Chủ tịch Ủy ban MTTQ phường Hội Phú", Role.OFFICER, SIBLING_COMMUNE),
    ("xem.ialy", "Siu H'Lan", "Văn phòng Đảng ủy xã Ia Ly", Role.VIEWER, VIEWER_COMMUNE),
]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tỉnh Gia Lai với thôn, tổ dân phố và mỗi vai trò một tài khoản (chạy lại không nhân đôi)."

    def handle(self, *args, **options):
        if not Unit.objects.filter(kind=UnitKind.COMMUNE).exists():
            call_command("load_units", stdout=self.stdout)
        with transaction.atomic():
            province = Unit.objects.get(code=PROVINCE_CODE)
            added = self._villages(province)
            self._remote(province)
            users = self._users()
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu: {province.name}, thêm {added} thôn, tổ dân phố."))
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % DEMO_PASSWORD)
        for username, label in users:
            self.stdout.write(f"  {username:<18} {label}")
        call_command("seed_cadres", stdout=self.stdout)
        from danvan.insight.models import ModelVersion

        if not ModelVersion.objects.filter(is_active=True).exists():
            # Trained on the shipped seed corpus, so demo cases arrive with a suggested field and flags.
            call_command("train_insight", stdout=self.stdout)
        call_command("seed_cases", stdout=self.stdout)
        call_command("analyse_cases", stdout=self.stdout)
        call_command("detect_hotspots", stdout=self.stdout)
        call_command("seed_reports", stdout=self.stdout)
        enrolled = self._second_factors([username for username, _label in users])
        if enrolled:
            self.stdout.write(
                "Xác thực hai bước (bắt buộc với các tài khoản này; mã hiện tại: manage.py demo_code TÊN):"
            )
            for username, secret in enrolled:
                self.stdout.write(f"  {username:<18} khóa cho ứng dụng xác thực: {secret}")

    def _villages(self, province):
        rng = random.Random(52)
        added = 0
        communes = Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province.path).order_by("code")
        for commune in communes:
            rng_c = random.Random(f"{commune.code}-{rng.random()}")
            count = rng_c.randint(6, 14)
            if commune.division_type == "phường":
                items = [{"name": f"Tổ dân phố {n}", "division_type": "tổ dân phố"} for n in range(1, count + 1)]
            else:
                highland = int(commune.code) >= 23500
                items = [{"name": f"Thôn {n}", "division_type": "thôn"} for n in range(1, count // 2 + 1)]
                pool = (
                    PLEI_NAMES + BON_NAMES
                    if highland
                    else ["An Thành", "Vĩnh Phú", "Tân Hòa", "Phú Lộc", "Mỹ Thạnh", "Xuân Sơn", "Hòa Bình", "Đông Lâm"]
                )
                for name in rng_c.sample(pool, k=min(count - len(items), len(pool))):
                    kind = "làng" if highland else "thôn"
                    items.append(
                        {
                            "name": f"{'Làng' if highland else 'Thôn'} {name}",
                            "division_type": kind,
                            "is_remote": highland and rng_c.random() < 0.4,
                        }
                    )
            added += len(unit_services.villages_add_many(commune=commune, items=items, reason="Dữ liệu mẫu"))
        return added

    def _remote(self, province):
        remote = Unit.objects.filter(
            kind=UnitKind.COMMUNE,
            path__startswith=province.path,
            name__in=[
                "Xã Ia Pnôn",
                "Xã Ia Nan",
                "Xã Ia Dom",
                "Xã Ia Chia",
                "Xã Ia O",
                "Xã Krong",
                "Xã SRó",
                "Xã Vĩnh Sơn",
                "Xã An Toàn",
                "Xã Canh Liên",
                "Xã Ia Púch",
                "Xã Ia Mơ",
            ],
        )
        unit_services.units_set_remote(units=list(remote), is_remote=True, reason="Dữ liệu mẫu")

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
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from danvan.accounts import twofactor

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


def demo_code(username, offset=0):
    """The code the demo authenticator of ``username`` shows now (``offset`` steps of 30 s later)."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, name=DEMO_DEVICE, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + device.step * offset
    return f"{totp.token():0{device.digits}d}"
