"""The demo accounts (``manage.py seed_accounts``, run by ``seed_demo``): one user per role in Gia Lai,
all with the printed password ``DEMO_PASSWORD``; demo data only.

The demo users who must log in with a second factor (the administrators ``quantri`` and
``quantri.gialai``, and ``canbo.pleiku``, who received the demo denunciation and may read its
denouncer's identity) are enrolled with an authenticator app, a django-otp ``TOTPDevice`` named
``DEMO_DEVICE`` (and no backup codes), by ``seed_accounts --enrol`` once the demo cases exist.
Anything that logs them in (a person trying the demo, a smoke test) gets the current code with
``manage.py demo_code USERNAME``, or in Python with :func:`demo_code`, which reads the device's key
from the database::

    from danvan.accounts.demo import demo_code
    demo_code("quantri")            # the six digits an app would show now
    demo_code("quantri", offset=1)  # the next ones: a code is accepted once, so a second login
                                    # (or a reading) within the same 30 seconds needs offset=1

The other demo users are not enrolled and log in with the password alone; they may turn the second
factor on from "Xác thực hai bước" in their menu.
"""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role

# The printed demo login; demo data only.
DEMO_PASSWORD = "DanVan@2026"  # nosec B105
PROVINCE_CODE = "52"  # Gia Lai
OFFICER_COMMUNE = "23575"  # Phường Pleiku
SIBLING_COMMUNE = "23586"  # Phường Hội Phú
VIEWER_COMMUNE = "23734"  # Xã Ia Ly

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


def demo_code(username, offset=0):
    """The code the demo authenticator of ``username`` shows now (``offset`` steps of 30 s later)."""
    device = TOTPDevice.objects.get(user__username=username, name=DEMO_DEVICE, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + device.step * offset
    return f"{totp.token():0{device.digits}d}"
