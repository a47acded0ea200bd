from danvan.cadres import imports

PAGES = [
    "/can-bo/",
    "/can-bo/danh-sach/",
    "/can-bo/danh-sach/?q=ksor",
    "/can-bo/danh-sach/?format=xlsx",
    "/can-bo/khoi-to/",
    "/can-bo/khoi-to/?format=xlsx",
    "/can-bo/lop/",
    "/can-bo/bao-phu-boi-duong/",
    "/can-bo/bao-phu-boi-duong/?format=xlsx",
    "/can-bo/ngay-co-so/",
    "/can-bo/ngay-co-so/?format=xlsx",
    "/can-bo/ra-soat/",
    "/can-bo/ra-soat/?format=xlsx",
    "/can-bo/them/",
    "/can-bo/nhap/",
    "/can-bo/mau-nhap-can-bo.xlsx",
    "/can-bo/lop/them/",
]


def test_pages(tree, personas, login, django_capture_on_commit_callbacks):
    village = tree["village"]
    data = (
        "Họ và tên,Giới tính,Năm sinh,Dân tộc,Mã đơn vị,Chức danh,Vai trò,Từ ngày\n"
        f"Ksor Y Phun,Nam,1969,Gia-rai,{village.code},Bí thư Chi bộ,Trưởng,01/07/2025\n"
    ).encode()
    imports.cadres_import(data=data, name="cb.csv", acting_user=personas["commune_officer"], commit=True)
    from danvan.cadres.models import Cadre, Team

    client = login(personas["commune_officer"])
    for url in PAGES:
        r = client.get(url + ("&" if "?" in url else "?") + f"unit={tree['pleiku'].pk}")
        assert r.status_code == 200, (url, r.status_code)
    c = Cadre.objects.get()
    t = Team.objects.get()
    for url in [
        f"/can-bo/{c.pk}/",
        f"/can-bo/{c.pk}/sua/",
        f"/can-bo/{c.pk}/thoi-cong-tac/",
        f"/can-bo/{c.pk}/chuc-danh/them/",
        f"/can-bo/{c.pk}/ngay-co-so/them/",
        f"/can-bo/khoi-to/{t.pk}/",
        f"/can-bo/khoi-to/lap/{tree['pleiku'].pk}/",
        "/can-bo/goi-y/?q=ksor",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    r = client.post("/can-bo/ra-soat/?unit=%d" % tree["pleiku"].pk, {"conclusion": "Tốt"})
    assert r.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/can-bo/nhap/?unit={tree['pleiku'].pk}",
            {
                "file": SimpleUploadedFile(
                    "a.csv",
                    data.replace(b"Ksor Y Phun", b"Nay H'Lan").replace("Trưởng,".encode(), "Thành viên,".encode()),
                )
            },
        )
    assert r.status_code == 302, r.content[:2000]
    r2 = client.get(r.url)
    assert "Xác nhận nhập" in r2.content.decode(), r2.content.decode()[-3000:]
    from danvan.core.models import Job

    job = Job.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        r3 = client.post(f"/can-bo/nhap/{job.pk}/xac-nhan/")
    assert r3.status_code == 302
    assert "Đã nhập 1 dòng" in client.get(r3.url).content.decode()
    assert Cadre.objects.filter(full_name="Nay H'Lan").exists()
    other = login(personas["sibling_officer"])
    assert other.get(f"/can-bo/{c.pk}/").status_code == 404
    assert other.get(r.url).status_code == 404
