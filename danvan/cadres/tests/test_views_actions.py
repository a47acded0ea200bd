"""Happy paths and form errors of the cadre pages that write, through the Django test client."""

import datetime

from danvan.cadres import services
from danvan.cadres.choices import Gender, TeamRole
from danvan.cadres.models import Organisation, TeamMembership


def make_cadre(officer, unit, name):
    return services.cadre_create(acting_user=officer, unit=unit, full_name=name, gender=Gender.MALE, birth_year=1975)


def test_an_officer_sets_up_an_organisation_and_adds_a_member(tree, personas, login):
    officer = personas["commune_officer"]
    cadre = make_cadre(officer, tree["pleiku"], "Lê Văn Dũng")
    client = login(officer)
    response = client.post(f"/can-bo/to-chuc/?unit={tree['pleiku'].pk}", {"kind": "hnd", "name": ""})
    organisation = Organisation.objects.get()
    assert response.status_code == 302 and organisation.name == "Hội Nông dân Phường Pleiku"
    again = client.post(f"/can-bo/to-chuc/?unit={tree['pleiku'].pk}", {"kind": "hnd", "name": ""})
    assert "Phường Pleiku đã có tổ chức này." in again.content.decode()
    bad = client.post(f"/can-bo/to-chuc/{organisation.pk}/", {"cadre_code": "CB-KHONG-CO", "start": "01/07/2025"})
    assert "Mã cán bộ: Không có cán bộ mã này trong phạm vi của bạn." in bad.content.decode()
    good = client.post(
        f"/can-bo/to-chuc/{organisation.pk}/", {"cadre_code": cadre.code, "start": "01/07/2025", "position": "Chủ tịch"}
    )
    assert good.status_code == 302
    page = client.get(f"/can-bo/to-chuc/{organisation.pk}/").content.decode()
    assert "Lê Văn Dũng" in page and "Chủ tịch" in page


def test_a_viewer_cannot_set_up_organisations(tree, personas, login):
    response = login(personas["viewer"]).post(f"/can-bo/to-chuc/?unit={tree['pleiku'].pk}", {"kind": "hnd"})
    assert response.status_code == 403 and not Organisation.objects.exists()


def test_an_officer_changes_a_members_role_from_the_team_page(tree, personas, login):
    officer = personas["commune_officer"]
    team = services.team_create(acting_user=officer, unit=tree["village"], established_on=datetime.date(2025, 1, 1))
    seat = services.team_member_add(
        acting_user=officer,
        team=team,
        cadre=make_cadre(officer, tree["village"], "Ksor Y Phun"),
        role=TeamRole.MEMBER,
        start=datetime.date(2025, 1, 1),
    )
    client = login(officer)
    assert "Đổi vai trò" in client.get(f"/can-bo/khoi-to/{team.pk}/").content.decode()
    wrong = client.post(f"/can-bo/thanh-vien/{seat.pk}/doi-vai-tro/", {"role": "thanh_vien", "on_date": "01/02/2025"})
    assert "Vai trò mới: Thành viên đang giữ vai trò này." in wrong.content.decode()
    response = client.post(f"/can-bo/thanh-vien/{seat.pk}/doi-vai-tro/", {"role": "truong", "on_date": "01/02/2025"})
    assert response.status_code == 302
    assert list(TeamMembership.objects.order_by("start").values_list("role", "end")) == [
        ("thanh_vien", datetime.date(2025, 2, 1)),
        ("truong", None),
    ]
