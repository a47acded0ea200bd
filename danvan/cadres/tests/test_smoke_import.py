import datetime

from danvan.cadres import imports, selectors
from danvan.cadres.models import Appointment, Cadre, Team, TeamMembership


def csv(text):
    return text.encode("utf-8")


HEADER = "Họ và tên,Giới tính,Năm sinh,Dân tộc,Mã đơn vị,Chức danh,Vai trò trong khối, tổ dân vận,Từ ngày\n"


def test_import_round_trip(tree, personas):
    village = tree["village"]
    data = csv(
        "Họ và tên,Giới tính,Năm sinh,Dân tộc,Mã đơn vị,Chức danh,Vai trò,Từ ngày\n"
        f"Ksor Y Phun,Nam,1969,Gia-rai,{village.code},Bí thư Chi bộ,Trưởng,01/07/2025\n"
        f"Ksor Y Phun,Nam,1969,Gia-rai,{village.code},Trưởng thôn,,01/07/2025\n"
        f"Rơ Châm H'Bút,Nữ,1984,gia rai,{village.code},,Thành viên,01/07/2025\n"
    )
    report = imports.cadres_import(data=data, name="cb.csv", acting_user=personas["commune_officer"], commit=True)
    assert report.ok, report.errors
    assert (report.created, report.appointments, report.seats, report.teams) == (2, 2, 2, 1)
    assert Cadre.objects.count() == 2 and Appointment.objects.count() == 2 and TeamMembership.objects.count() == 2
    again = imports.cadres_import(data=data, name="cb.csv", acting_user=personas["commune_officer"], commit=True)
    assert again.ok and (again.created, again.unchanged, again.appointments, again.seats) == (0, 2, 0, 0)
    team = Team.objects.get()
    findings = selectors.completeness_findings(tree["gialai"], datetime.date.today())
    kinds = {(f.kind, f.unit.code) for f in findings}
    assert ("undersized", village.code) in kinds
    assert ("no_block", "23575") in kinds
    assert not any(f.team == team and f.kind == "head_title" for f in findings)
    cov = selectors.training_coverage(tree["gialai"], datetime.date.today().year)
    assert cov["total"]["cadres"] == 2 and cov["total"]["trained"] == 0
    figures = selectors.review_figures(tree["pleiku"], datetime.date.today())
    assert figures["cadres"] == 2


def test_import_reports_errors(tree, personas):
    data = csv("Họ và tên,Giới tính,Năm sinh,Mã đơn vị\n,Nam,1969,23575\nA,X,19a9,24121\n")
    report = imports.cadres_import(data=data, name="cb.csv", acting_user=personas["commune_officer"], commit=True)
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(2, "Họ và tên"), (3, "Giới tính"), (3, "Năm sinh")]
    assert Cadre.objects.count() == 0
