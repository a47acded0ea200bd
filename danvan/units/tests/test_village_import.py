import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danvan.units import services
from danvan.units.models import Unit

HEADER = ["Tên thôn, tổ dân phố", "Loại", "Mã xã", "Mã thôn", "Vùng khó khăn"]


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("thon.xlsx", buffer.getvalue())


def csv_file(text):
    return SimpleUploadedFile("thon.csv", text.encode("utf-8"))


def test_it_imports_valid_rows(personas, tree, villages_of):
    upload = xlsx([["Làng Plei Ơi", "làng", "23575", "", "có"], ["Tổ dân phố 5", "Tổ dân phố", "23575", "TDP-5", ""]])
    report = services.villages_import(uploaded=upload, acting_user=personas["commune_officer"])
    assert report.ok and report.committed
    assert report.created == 2
    assert sorted(villages_of(tree["pleiku"])) == ["Làng Plei Ơi", "Tổ dân phố 1", "Tổ dân phố 5"]
    plei = Unit.objects.get(name="Làng Plei Ơi")
    assert plei.is_remote and plei.division_type == "làng" and plei.code == "23575-002"
    assert Unit.objects.get_parent(Unit.objects.get(code="TDP-5")) == tree["pleiku"]
    assert plei.history.first().history_user == personas["commune_officer"]
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_it_saves_nothing_when_any_row_fails_and_reports_every_error(personas, tree, villages_of):
    upload = xlsx(
        [
            ["Thôn Mới", "thôn", "23575", "", ""],  # valid
            ["", "thôn", "23575", "", ""],  # row 3: name missing
            ["Thôn Lạ", "quận", "23575", "", ""],  # row 4: bad type
            ["Thôn Xa", "thôn", "99999", "", ""],  # row 5: unknown commune
            ["Thôn Bên", "thôn", "23586", "", ""],  # row 6: sibling commune, out of scope
            ["thon moi", "thôn", "23575", "", ""],  # row 7: duplicate of row 2 (diacritics ignored)
            ["Thôn Y", "thôn", "23575", "", "hơi hơi"],  # row 8: bad flag
        ]
    )
    report = services.villages_import(uploaded=upload, acting_user=personas["commune_officer"])
    assert not report.ok and not report.committed
    by_row = {(e.row, e.column) for e in report.errors}
    assert by_row == {
        (3, "Tên thôn, tổ dân phố"),
        (4, "Loại"),
        (5, "Mã xã"),
        (6, "Mã xã"),
        (7, "Tên thôn, tổ dân phố"),
        (8, "Vùng khó khăn"),
    }
    messages = {e.row: e.message for e in report.errors}
    assert "trống" in messages[3]
    assert "quận" in messages[4]
    assert "dòng 2" in messages[7]
    assert villages_of(tree["pleiku"]) == ["Tổ dân phố 1"]
    assert villages_of(tree["hoiphu"]) == []


def test_it_updates_instead_of_duplicating_on_a_second_import(personas, tree, villages_of):
    rows = [["Tổ dân phố 1", "tổ dân phố", "23575", "", "có"], ["Tổ dân phố 2", "tổ dân phố", "23575", "", ""]]
    first = services.villages_import(uploaded=xlsx(rows), acting_user=personas["commune_officer"])
    second = services.villages_import(uploaded=xlsx(rows), acting_user=personas["commune_officer"])
    assert (first.created, first.updated) == (1, 1)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert sorted(villages_of(tree["pleiku"])) == ["Tổ dân phố 1", "Tổ dân phố 2"]


def test_it_reads_csv_with_semicolons_and_unaccented_headers(personas, tree, villages_of):
    upload = csv_file("ten;loai;ma xa\nThôn Hòa Bình;thon;23575\n")
    report = services.villages_import(uploaded=upload, acting_user=personas["commune_officer"])
    assert report.ok, report.errors
    assert "Thôn Hòa Bình" in villages_of(tree["pleiku"])


def test_it_names_missing_columns(personas, tree):
    report = services.villages_import(
        uploaded=xlsx([["Thôn A", "thôn"]], header=["Tên", "Loại"]), acting_user=personas["commune_officer"]
    )
    assert not report.ok
    assert "Mã xã" in report.errors[0].message


def test_it_rejects_a_code_already_used(personas, tree):
    upload = xlsx([["Thôn Mới", "thôn", "23575", "52", ""]])
    report = services.villages_import(uploaded=upload, acting_user=personas["commune_officer"])
    assert [(e.row, e.column) for e in report.errors] == [(2, "Mã thôn")]


def test_it_rejects_other_formats_and_empty_files(personas, tree):
    wrong = services.villages_import(
        uploaded=SimpleUploadedFile("a.txt", b"x"), acting_user=personas["commune_officer"]
    )
    empty = services.villages_import(uploaded=csv_file("Tên,Loại,Mã xã\n"), acting_user=personas["commune_officer"])
    assert "xlsx" in wrong.errors[0].message
    assert "không có dòng dữ liệu" in empty.errors[0].message


def test_it_lets_a_province_officer_import_for_many_communes(personas, tree, villages_of):
    province_officer = personas["province_admin"]
    upload = xlsx([["Thôn A", "thôn", "23575", "", ""], ["Thôn B", "thôn", "23586", "", ""]])
    report = services.villages_import(uploaded=upload, acting_user=province_officer)
    assert report.created == 2
    assert "Thôn B" in villages_of(tree["hoiphu"])
