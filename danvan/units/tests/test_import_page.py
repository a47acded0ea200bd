import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from danvan.units.models import Unit


def upload(text, name="thon.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_it_previews_then_commits_on_confirmation(login, personas, tree, villages_of):
    client = login(personas["commune_officer"])
    url = f"/don-vi/{tree['pleiku'].pk}/nhap-thon/"
    response = client.post(url, {"action": "preview", "file": upload("Tên,Loại,Mã xã\nThôn Mới,thôn,23575\n")})
    assert response.status_code == 200
    assert "Xác nhận nhập" in response.content.decode()
    assert villages_of(tree["pleiku"]) == ["Tổ dân phố 1"]  # nothing saved by the preview
    token = response.context["token"]
    response = client.post(url, {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert "Thôn Mới" in villages_of(tree["pleiku"])
    # The token is spent: confirming again does not import twice.
    again = client.post(url, {"action": "confirm", "token": token})
    assert again.status_code == 302
    assert villages_of(tree["pleiku"]).count("Thôn Mới") == 1


def test_it_shows_the_row_by_row_report_and_saves_nothing(login, personas, tree, villages_of):
    client = login(personas["commune_officer"])
    response = client.post(
        f"/don-vi/{tree['pleiku'].pk}/nhap-thon/",
        {"action": "preview", "file": upload("Tên,Loại,Mã xã\nThôn A,thôn,23575\nThôn B,quận,23575\n")},
    )
    html = response.content.decode()
    assert "chưa lưu dòng nào" in html and "quận" in html and "<td>3</td>" in html
    assert villages_of(tree["pleiku"]) == ["Tổ dân phố 1"]


def test_it_refuses_a_file_of_another_type(login, personas, tree):
    response = login(personas["commune_officer"]).post(
        f"/don-vi/{tree['pleiku'].pk}/nhap-thon/", {"action": "preview", "file": upload("x", name="thon.svg")}
    )
    assert "Chỉ nhận tệp .xlsx hoặc .csv" in response.content.decode()


def test_it_serves_the_template(login, personas, tree):
    response = login(personas["commune_officer"]).get("/don-vi/mau-nhap-thon.xlsx")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:3] == ("Tên thôn, tổ dân phố", "Loại", "Mã xã")
    assert Unit.objects.count() > 0
