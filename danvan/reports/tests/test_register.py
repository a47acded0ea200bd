"""The register of leadership documents and inspections, and the figures the reports take from it."""

import datetime

import pytest

from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.reports.models import Inspection, LeadershipDocument

from .conftest import TODAY, at

D = datetime.date


@pytest.fixture
def register(tree, personas):
    with at(TODAY):
        made = {
            "nq": LeadershipDocument.objects.create(unit=tree["gialai"], kind="nghi_quyet", number="15-NQ/TU",
                                                    issued_on=D(2026, 3, 2), issuer="Ban Thường vụ Tỉnh ủy",
                                                    title="Về tăng cường công tác dân vận trong tình hình mới"),
            "kh": LeadershipDocument.objects.create(unit=tree["pleiku"], kind="ke_hoach", number="08-KH/ĐU",
                                                    issued_on=D(2026, 4, 10), issuer="Đảng ủy phường",
                                                    title="Kế hoạch thực hiện Dân vận khéo"),
            "old": LeadershipDocument.objects.create(unit=tree["gialai"], kind="chi_thi", number="03-CT/TU",
                                                     issued_on=D(2025, 5, 1), issuer="Ban Thường vụ Tỉnh ủy",
                                                     title="Chỉ thị năm trước"),
            "bmt": LeadershipDocument.objects.create(unit=tree["daklak"], kind="nghi_quyet", number="01-NQ/TU",
                                                     issued_on=D(2026, 2, 1), issuer="Tỉnh ủy", title="Của tỉnh khác"),
            "i1": Inspection.objects.create(unit=tree["gialai"], kind="kiem_tra", topic="Kiểm tra thực hiện Quy chế dân vận",
                                            started_on=D(2026, 5, 4), target=tree["pleiku"], organisations=12, people=30,
                                            follow_up="Kiện toàn tổ dân vận", follow_up_due=D(2026, 6, 1)),
            "i2": Inspection.objects.create(unit=tree["pleiku"], kind="giam_sat", topic="Giám sát tiếp dân",
                                            started_on=D(2026, 2, 4), organisations=3),
        }  # fmt: skip
        yield made


def test_the_leadership_section_agrees_with_direct_counts(register, tree, personas):
    ctx = Context(unit=tree["gialai"], user=personas["province_leader"], period=Period("nam", 2026), today=TODAY)
    found = next(r for r in SECTIONS.compute(ctx, ["leadership"]))
    docs = LeadershipDocument.objects.filter(unit__path__startswith=tree["gialai"].path)
    assert found.figure("Văn bản lãnh đạo, chỉ đạo").value == docs.filter(issued_on__year=2026).count() == 2
    assert found.figure("Văn bản lãnh đạo, chỉ đạo").previous == 1
    assert found.figure("Cuộc kiểm tra, giám sát").value == 2
    assert found.figure("Tổ chức được kiểm tra, giám sát").value == 15
    assert found.figure("Kiến nghị chưa khắc phục xong").value == 1 and "1 quá hạn" in found.figure(
        "Kiến nghị chưa khắc phục xong").note  # fmt: skip
    assert "Ban hành 2 văn bản lãnh đạo, chỉ đạo (1 nghị quyết; 1 kế hoạch)" in found.sentences[0]
    commune = next(r for r in SECTIONS.compute(Context(unit=tree["pleiku"], user=personas["commune_officer"],
                                                       period=Period("nam", 2026), today=TODAY), ["leadership"]))  # fmt: skip
    assert commune.figure("Văn bản lãnh đạo, chỉ đạo").value == 1  # the ward's own plan only


def test_the_lists_are_scoped_and_search_ignores_diacritics(register, tree, personas, client):
    client.force_login(personas["province_leader"])
    page = client.get(f"/tong-hop/van-ban/?unit={tree['gialai'].pk}&q=dan van kheo")
    assert [d.number for d in page.context["page"]] == ["08-KH/ĐU"]
    page = client.get(f"/tong-hop/van-ban/?unit={tree['gialai'].pk}&tu=01/01/2026&den=31/12/2026")
    assert {d.number for d in page.context["page"]} == {"15-NQ/TU", "08-KH/ĐU"}
    page = client.get(f"/tong-hop/van-ban/?unit={tree['gialai'].pk}&tu=32/01/2026")
    assert page.context["bad_dates"] == ["tu"] and page.context["page"].paginator.count == 3
    page = client.get(f"/tong-hop/kiem-tra-giam-sat/?unit={tree['gialai'].pk}&mo=1")
    assert [i.topic for i in page.context["page"]] == ["Kiểm tra thực hiện Quy chế dân vận"]
    assert client.get(f"/tong-hop/van-ban/?unit={tree['daklak'].pk}").status_code == 404
    client.force_login(personas["commune_officer"])
    page = client.get("/tong-hop/van-ban/")
    assert [d.number for d in page.context["page"]] == ["08-KH/ĐU"]
    assert client.get(f"/tong-hop/van-ban/{register['nq'].pk}/").status_code == 404
    assert client.get(f"/tong-hop/kiem-tra-giam-sat/{register['i1'].pk}/").status_code == 404


def test_recording_a_document_names_bad_fields_and_keeps_the_rest(tree, personas, client):
    client.force_login(personas["commune_officer"])
    url = f"/tong-hop/van-ban/them/?unit={tree['pleiku'].pk}"
    page = client.post(url, {"kind": "nghi_quyet", "number": "", "issued_on": "31/02/2026", "issuer": "Đảng ủy",
                             "title": "Về công tác dân vận"})  # fmt: skip
    errors = page.context["form"].errors
    assert set(errors) == {"number", "issued_on"} and not LeadershipDocument.objects.exists()
    assert 'value="Về công tác dân vận"' in page.content.decode()
    page = client.post(url, {"kind": "nghi_quyet", "number": "02-NQ/ĐU", "issued_on": "02/03/2026", "issuer": "Đảng ủy",
                             "title": "Về công tác dân vận"})  # fmt: skip
    assert page.status_code == 302, page.context["form"].errors
    saved = LeadershipDocument.objects.get()
    assert saved.unit == tree["pleiku"] and saved.created_by == personas["commune_officer"]
    client.force_login(personas["viewer"])
    assert client.get(url).status_code in (403, 404)


def test_an_inspection_targets_only_units_below_the_inspecting_unit(tree, personas, client):
    client.force_login(personas["province_admin"])
    url = f"/tong-hop/kiem-tra-giam-sat/them/?unit={tree['gialai'].pk}"
    data = {"kind": "kiem_tra", "topic": "Kiểm tra công tác dân vận", "started_on": "04/05/2026", "ended_on": "01/05/2026",
            "organisations": 5, "people": 0, "target_code": tree["bmt"].code}  # fmt: skip
    page = client.post(url, data)
    assert set(page.context["form"].errors) == {"ended_on", "target_code"}
    page = client.post(url, {**data, "ended_on": "08/05/2026", "target_code": tree["pleiku"].code})
    assert page.status_code == 302, page.context["form"].errors
    assert Inspection.objects.get().target == tree["pleiku"]


def test_the_register_exports_to_excel(register, tree, personas, client):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(personas["province_leader"])
    response = client.get(f"/tong-hop/kiem-tra-giam-sat/?unit={tree['gialai'].pk}&format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Đơn vị thực hiện", "Hình thức", "Nội dung") and len(rows) == 3


def test_the_demo_reports_are_made_once(tree, personas):
    from django.core.management import call_command

    from danvan.reports.models import PeriodicReport, ReportStatus

    call_command("seed_reports", verbosity=0)
    call_command("seed_reports", verbosity=0)
    assert LeadershipDocument.objects.count() == 7 and Inspection.objects.count() == 4
    sent = PeriodicReport.objects.get(unit=tree["hoiphu"])
    assert sent.status == ReportStatus.SUBMITTED and sent.figures
    assert PeriodicReport.objects.get(unit=tree["pleiku"]).status == ReportStatus.DRAFT


def test_an_overdue_follow_up_is_announced_once_per_due_date(register, tree, personas, client):
    from django.core.management import call_command

    from danvan.core.models import Notification
    from danvan.reports.services import follow_up_sweep

    # i1: Gia Lai inspected Pleiku, follow-up due 01/06/2026, not yet done; today is 20/06/2026.
    with at(TODAY):
        assert follow_up_sweep() == 1  # the inspecting province's leader (it has no officer in the fixture)
        assert follow_up_sweep() == 0  # once
        notice = Notification.objects.get()
        assert notice.user.username == "lanhdao.gialai"
        assert notice.title == "Quá hạn khắc phục (01/06/2026): Kiểm tra thực hiện Quy chế dân vận"
        client.force_login(notice.user)  # the link opens a page the reader may see, listing the open follow-ups
        page = client.get(notice.url)
        assert page.status_code == 200 and [i.topic for i in page.context["page"]] == [register["i1"].topic]
        Inspection.objects.filter(pk=register["i1"].pk).update(follow_up_due=D(2026, 6, 10))  # a new due date
        call_command("remind_follow_ups", verbosity=0)
        assert Notification.objects.count() == 2
        Inspection.objects.filter(pk=register["i1"].pk).update(
            follow_up_due=D(2026, 6, 15), follow_up_done_on=D(2026, 6, 14)
        )
        assert follow_up_sweep() == 0  # put right: nothing to say
