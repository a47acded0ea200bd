import io

from django.core.management import call_command

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment, User
from danvan.units.choices import UnitKind
from danvan.units.models import Unit


def test_it_builds_gia_lai_with_one_user_per_role_and_is_idempotent(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == counts

    gia_lai = Unit.objects.get(code="52")
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=gia_lai.path)
    assert villages.count() > 135 * 5
    assert villages.filter(is_remote=True).exists()
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert Unit.objects.find_problems() == ([], [], [], [], [])

    assert client.login(username="canbo.pleiku", password="DanVan@2026")
    html = client.get("/").content.decode()
    assert "Rơ Châm H'Bút" in html or "Rơ Châm H&#x27;Bút" in html
    hoi_phu = Unit.objects.get(code="23586")
    assert client.get(f"/don-vi/{hoi_phu.pk}/").status_code == 404
