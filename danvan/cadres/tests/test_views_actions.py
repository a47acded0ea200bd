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


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def cadre_form(**extra):
    return {
        "unit_code": "23575", "full_name": "Siu H'Lan", "gender": "nu", "birth_year": "1990", "ethnicity": "10",
        "religion": "khong", "education": "thpt", "professional_level": "dai_hoc", "theory_level": "trung_cap",
        **extra,
    }  # fmt: skip


def test_a_photo_must_be_an_image_and_is_served_only_as_one(tree, personas, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.cadres.models import Cadre

    settings.MEDIA_ROOT = tmp_path
    client = login(personas["commune_officer"])
    svg = SimpleUploadedFile("anh.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    refused = client.post(f"/can-bo/them/?unit={tree['pleiku'].pk}", cadre_form(photo=svg))
    assert "Ảnh: Chỉ nhận ảnh JPEG hoặc PNG." in refused.content.decode() and not Cadre.objects.exists()
    created = client.post(
        f"/can-bo/them/?unit={tree['pleiku'].pk}", cadre_form(photo=SimpleUploadedFile("anh.png", PNG))
    )
    cadre = Cadre.objects.get()
    assert created.status_code == 302 and cadre.full_name == "Siu H'Lan" and cadre.ethnicity == "10"
    served = client.get(f"/can-bo/{cadre.pk}/anh/")
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PNG
    assert login(personas["sibling_officer"]).get(f"/can-bo/{cadre.pk}/anh/").status_code == 404


def test_the_cadre_form_names_the_field_and_the_reason(tree, personas, login):
    client = login(personas["commune_officer"])
    html = client.post(
        f"/can-bo/them/?unit={tree['pleiku'].pk}", cadre_form(birth_year="1890", unit_code="24121")
    ).content.decode()
    assert "Đơn vị công tác (mã): Không có đơn vị mã này trong phạm vi bạn được quản lý." in html


def test_the_photo_can_be_cleared_and_the_edit_form_links_the_scoped_view(
    tree, personas, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.cadres.models import Cadre

    settings.MEDIA_ROOT = tmp_path
    client = login(personas["commune_officer"])
    client.post(f"/can-bo/them/?unit={tree['pleiku'].pk}", cadre_form(photo=SimpleUploadedFile("a.png", PNG)))
    cadre = Cadre.objects.get()
    stored = tmp_path / cadre.photo.name
    page = client.get(f"/can-bo/{cadre.pk}/sua/").content.decode()
    assert f'href="/can-bo/{cadre.pk}/anh/"' in page and "/media/" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/can-bo/{cadre.pk}/sua/", cadre_form(code=cadre.code, **{"photo-clear": "on"}))
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert not cadre.photo and not stored.exists()


def test_the_rules_form_saves_the_chosen_titles(tree, personas, login):
    from danvan.cadres.selectors import rules_for

    client = login(personas["province_admin"])
    page = client.get(f"/can-bo/khoi-to/quy-dinh/{tree['gialai'].pk}/").content.decode()
    assert 'value="chu_tich_mttq"' in page
    response = client.post(
        f"/can-bo/khoi-to/quy-dinh/{tree['gialai'].pk}/",
        {"block_min_size": 9, "team_min_size": 4, "block_head_titles": ["chu_tich_mttq", "bi_thu_dang_uy"],
         "team_head_titles": ["bi_thu_chi_bo"], "vacancy_days": 45, "field_days_per_month_ratio": 5},
    )  # fmt: skip
    assert response.status_code == 302
    rules = rules_for(tree["pleiku"])
    assert rules["block_head_titles"] == ["chu_tich_mttq", "bi_thu_dang_uy"] and rules["vacancy_days"] == 45


def test_the_province_overview_is_cached_for_five_minutes_and_says_so(tree, personas, login):
    client = login(personas["province_leader"])
    first = client.get("/can-bo/").content.decode()
    assert "cập nhật 5 phút một lần" in first and '<div class="stat" data-testid="stat-cadres">0</div>' in first
    make_cadre(personas["commune_officer"], tree["pleiku"], "Người mới")
    assert '<div class="stat" data-testid="stat-cadres">0</div>' in client.get("/can-bo/").content.decode()
    # A commune's overview is computed on every visit.
    fresh = login(personas["commune_officer"]).get("/can-bo/").content.decode()
    assert '<div class="stat" data-testid="stat-cadres">1</div>' in fresh and "5 phút" not in fresh


def test_confirming_twice_imports_once_and_a_failed_import_can_be_confirmed_again(
    tree, personas, login, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.cadres.models import Cadre
    from danvan.core.models import Job, JobStatus

    client = login(personas["commune_officer"])
    data = f"Họ và tên,Giới tính,Năm sinh,Mã đơn vị\nNay H'Lan,Nữ,1988,{tree['village'].code}\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/can-bo/nhap/?unit={tree['pleiku'].pk}", {"file": SimpleUploadedFile("cb.csv", data)})
    checked = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/can-bo/nhap/{checked.pk}/xac-nhan/")
        second = client.post(f"/can-bo/nhap/{checked.pk}/xac-nhan/")
    assert first.url == second.url and Job.objects.count() == 2 and Cadre.objects.count() == 1
    Job.objects.filter(params__source=checked.pk).update(status=JobStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        third = client.post(f"/can-bo/nhap/{checked.pk}/xac-nhan/")
    assert third.url != first.url and Job.objects.count() == 3
    assert Cadre.objects.count() == 1  # the new run finds the person already there
