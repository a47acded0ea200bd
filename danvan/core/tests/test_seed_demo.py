import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from danvan.accounts import twofactor
from danvan.accounts.choices import Role
from danvan.accounts.demo import demo_code
from danvan.accounts.models import RoleAssignment, User
from danvan.cases import rules as case_rules
from danvan.cases import services as case_services
from danvan.cases.models import Case
from danvan.core.models import Notification
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

# Who the demo enrols with an authenticator app: those who must use a second factor.
DEMO_SECOND_FACTOR = {
    "quantri": True,  # administrator
    "quantri.gialai": True,  # administrator
    "canbo.pleiku": True,  # received the demo denunciation: may read its denouncer's identity
    "lanhdao.gialai": False,
    "tiepdan.pleiku": False,
    "canbo.hoiphu": False,
    "tdv.pleiku": False,
    "xem.ialy": False,
}


def test_it_builds_gia_lai_with_one_user_per_role_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == counts

    gia_lai = Unit.objects.get(code="52")
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=gia_lai.path)
    assert villages.count() > 135 * 5
    assert villages.filter(is_remote=True).exists()
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert Unit.objects.find_problems() == ([], [], [], [], [])

    users = {u.username: u for u in User.objects.all()}
    assert {name: twofactor.has_second_factor(users[name]) for name in DEMO_SECOND_FACTOR} == DEMO_SECOND_FACTOR
    assert {name: twofactor.is_required(users[name]) for name in DEMO_SECOND_FACTOR} == DEMO_SECOND_FACTOR
    assert "quantri.gialai" in out.getvalue() and "demo_code" in out.getvalue()

    client = Client()
    response = client.post("/dang-nhap/", {"username": "canbo.pleiku", "password": "DanVan@2026"})
    assert response["Location"] == "/dang-nhap/ma-xac-thuc/"
    code = io.StringIO()
    call_command("demo_code", "canbo.pleiku", stdout=code)
    assert client.post("/dang-nhap/ma-xac-thuc/", {"otp_token": code.getvalue().strip()}).status_code == 302
    html = client.get("/").content.decode()
    assert "Rơ Châm H'Bút" in html or "Rơ Châm H&#x27;Bút" in html
    hoi_phu = Unit.objects.get(code="23586")
    assert client.get(f"/don-vi/{hoi_phu.pk}/").status_code == 404
    leader = Client()
    leader.post("/dang-nhap/", {"username": "lanhdao.gialai", "password": "DanVan@2026"})
    assert leader.get("/").wsgi_request.user.is_authenticated  # not enrolled, not required: the password is enough

    # canbo.pleiku may write down a rating a citizen gave in person on a case the ward's other officer answered.
    pleiku = Unit.objects.get(code="23575")
    answered = Case.objects.filter(unit=pleiku, status="da_tra_loi", ratings__isnull=True)
    assert any(case_rules.may("cases.rate_in_person", users["canbo.pleiku"], case) for case in answered)

    # The demo's administrator cannot read the denouncer's identity without a second person and a code.
    admin, chief = users["quantri.gialai"], users["lanhdao.gialai"]
    # The demo's desk denunciation (seed_cases); the register's own (seed_engagement) comes later.
    denunciation = Case.objects.filter(kind="to_cao").order_by("pk").first()
    with pytest.raises(PermissionDenied):
        case_services.identity_name_resolver(case=denunciation, resolver=admin, acting_user=admin)
    with pytest.raises(PermissionDenied):
        case_services.identity_reveal(
            case=denunciation, acting_user=admin, reason="Xem", otp_token=demo_code("quantri.gialai")
        )
    case_services.identity_name_resolver(case=denunciation, resolver=admin, acting_user=chief)
    with pytest.raises(ValidationError):
        case_services.identity_reveal(case=denunciation, acting_user=admin, reason="Xác minh", otp_token="")
    revealed = case_services.identity_reveal(
        case=denunciation, acting_user=admin, reason="Xác minh", otp_token=demo_code("quantri.gialai", offset=1)
    )
    assert revealed["name"] == "Người tố cáo mẫu"
    assert Notification.objects.filter(user=chief, title__contains=f"{denunciation.code}: có người vừa mở").exists()
