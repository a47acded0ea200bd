"""Periodic reports: drafted from the data, written, exported to Word, Excel and PDF, submitted and returned."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.models import Notification
from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.reports import services
from danvan.reports.models import PeriodicReport, ReportFile, ReportStatus

from .conftest import TODAY, D, make_case

YEAR = Period("nam", 2026)
CLOSING = {"_assessment": "Đã làm tốt việc tiếp nhận.", "_tasks": "Tăng cường đối thoại.",
           "_proposals": "Đề nghị tỉnh tập huấn thêm về giải quyết khiếu nại."}  # fmt: skip


@pytest.fixture
def report(cases, tree, personas):
    found, created = services.report_create(unit=tree["pleiku"], period=YEAR, acting_user=personas["commune_officer"])
    assert created
    return found


def test_a_report_is_drafted_once_per_unit_and_period(report, tree, personas):
    again, created = services.report_create(unit=tree["pleiku"], period=YEAR, acting_user=personas["commune_officer"])
    assert not created and again.pk == report.pk
    assert report.title == "Kết quả công tác dân vận năm 2026"
    with pytest.raises(PermissionDenied):
        services.report_create(unit=tree["hoiphu"], period=YEAR, acting_user=personas["commune_officer"])
    with pytest.raises(ValidationError) as excinfo:
        services.report_create(unit=tree["pleiku"], period=Period("nam", 2027), acting_user=personas["commune_officer"])
    assert "ky" in excinfo.value.message_dict


def test_submitting_needs_the_written_parts_and_freezes_the_figures(report, tree, personas):
    officer = personas["commune_officer"]
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, acting_user=officer)
    assert "texts" in excinfo.value.message_dict and "đánh giá chung" in excinfo.value.message_dict["texts"][0]
    services.report_save(report=report, acting_user=officer, header={"symbol": "12-BC/KDV", "signer_name": "Nguyễn Văn An"},
                         texts={**CLOSING, "cases": "Làm tốt tiếp dân."})  # fmt: skip
    services.report_submit(report=report, acting_user=officer)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.computed_on == TODAY
    received = next(r for r in services.report_results(report, officer)[0] if r.key == "cases").figure("Tiếp nhận")
    assert received.value == 4
    make_case(tree["village"], officer, TODAY)  # a case arriving after submission does not change the report
    frozen = next(r for r in services.report_results(report, officer)[0] if r.key == "cases")
    assert frozen.figure("Tiếp nhận").value == 4
    notified = set(Notification.objects.filter(url=report.get_absolute_url()).values_list("user__username", flat=True))
    assert notified == {"lanhdao.gialai"}  # the province's leader (no officer holds a role there in the fixture)
    with pytest.raises(ValidationError):
        services.report_save(report=report, acting_user=officer, header={}, texts=CLOSING)


def test_the_unit_above_sees_submitted_reports_and_returns_one(report, tree, personas, client):
    officer = personas["commune_officer"]
    services.report_save(report=report, acting_user=officer, header={}, texts=CLOSING)
    services.report_submit(report=report, acting_user=officer)
    client.force_login(personas["province_leader"])
    page = client.get(f"/tong-hop/bao-cao/?unit={tree['gialai'].pk}&ky=nam&nam=2026")
    children = dict((u.name, r) for u, r in page.context["children"])
    assert children["Phường Pleiku"] == report and children["Phường Hội Phú"] is None
    assert client.get(report.get_absolute_url()).status_code == 200
    page = client.post(report.get_absolute_url(), {"action": "return", "return_note": ""})
    assert "Ghi rõ cần bổ sung, sửa những gì." in page.content.decode()
    client.post(report.get_absolute_url(), {"action": "return", "return_note": "Bổ sung số liệu tiếp dân."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.figures is None and report.editable
    # The province's own report rolls up who sent theirs and what they propose.
    province, _c = services.report_create(unit=tree["gialai"], period=YEAR, acting_user=personas["province_admin"])
    results, _day = services.report_results(province, personas["province_admin"])
    rollup = next(r for r in results if r.key == "submissions")
    assert rollup.figure("Đơn vị đã gửi báo cáo").value == 0 and rollup.figure("Đơn vị trực thuộc").value == 2


def test_report_pages_are_scoped(report, tree, personas, client):
    client.force_login(personas["sibling_officer"])
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.post(report.get_absolute_url(), {"action": "submit"}).status_code == 404
    client.force_login(personas["viewer"])  # may read, may not write
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.post(report.get_absolute_url(), {"action": "save"}).status_code == 403


def test_the_word_file_is_an_administrative_document_with_the_tables(report, personas):
    from docx import Document

    officer = personas["commune_officer"]
    services.report_save(report=report, acting_user=officer, header={"symbol": "12-BC/KDV", "signer_title": "Trưởng khối",
                         "signer_name": "Nguyễn Văn An", "recipients": "Ban Dân vận Tỉnh ủy\nLưu"}, texts=CLOSING)  # fmt: skip
    docx_file, xlsx_file, pdf_file = services.generate_files(report, officer)
    doc = Document(io.BytesIO(docx_file.file.open("rb").read()))
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    motto = doc.tables[0].rows[0].cells[1].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in motto and "Độc lập - Tự do - Hạnh phúc" in motto
    assert (
        "Phường Pleiku, ngày 20 tháng 06 năm 2026" in motto and "Số: 12-BC/KDV" in doc.tables[0].rows[0].cells[0].text
    )
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and "Kết quả công tác dân vận năm 2026" in texts
    assert any(t.startswith("Tiếp nhận 4 vụ việc") for t in texts) and CLOSING["_tasks"] in texts
    assert "II. ĐÁNH GIÁ CHUNG" in texts and "IV. ĐỀ XUẤT, KIẾN NGHỊ" in texts
    # The table of kinds reads back with the same numbers as the dashboard.
    ctx = Context(unit=report.unit, user=officer, period=YEAR, today=TODAY)
    kinds = next(r for r in SECTIONS.compute(ctx) if r.key == "cases").table("kinds")
    grid = next(t for t in doc.tables if t.rows[0].cells[0].text == "Loại")
    assert [c.text for c in grid.rows[0].cells] == [
        "Loại",
        "Tiếp nhận",
        "Cùng kỳ 2025",
        "Đã giải quyết",
        "Đúng hạn (%)",
    ]
    assert [c.text for c in grid.rows[1].cells] == ["Phản ánh", "2", "1", "1", "100,0%"]
    assert [c.text for c in grid.rows[-1].cells][:2] == ["Tổng số", str(kinds.total[1])]
    signature = doc.tables[-1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text and "- Ban Dân vận Tỉnh ủy" in signature[0].text
    assert "TRƯỞNG KHỐI" in signature[1].text and "Nguyễn Văn An" in signature[1].text


def test_excel_has_one_sheet_per_table_and_the_pdf_renders(report, personas):
    from openpyxl import load_workbook

    _docx, xlsx_file, pdf_file = services.generate_files(report, personas["commune_officer"])
    book = load_workbook(io.BytesIO(xlsx_file.file.open("rb").read()))
    assert book.sheetnames[0] == "Tổng hợp" and any(name.endswith("Theo loại") for name in book.sheetnames)
    kinds = book[next(n for n in book.sheetnames if n.endswith("Theo loại"))]
    rows = list(kinds.values)
    assert rows[2] == ("Loại", "Tiếp nhận", "Cùng kỳ 2025", "Đã giải quyết", "Đúng hạn (%)")
    assert rows[-1][:2] == ("Tổng số", 4)
    pdf = pdf_file.file.open("rb").read()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and b"/Type /Page" in pdf
    assert b"DejaVuSerif" in pdf  # the Vietnamese-capable font is embedded


def test_files_are_written_by_a_job_and_downloaded_within_scope(report, personas, client, settings,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    settings.DANVAN_JOBS_INLINE = True
    client.force_login(personas["commune_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report.get_absolute_url(), {"action": "files"})
    assert response.status_code == 302 and response["Location"].startswith("/viec/")
    job_page = client.get(response["Location"])
    assert job_page.context["job"].status == "xong"
    files = ReportFile.objects.filter(report=report)
    assert sorted(files.values_list("format", flat=True)) == ["docx", "pdf", "xlsx"]
    download = client.get(f"/tong-hop/bao-cao/tep/{files.get(format='docx').pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(personas["sibling_officer"])
    assert client.get(f"/tong-hop/bao-cao/tep/{files.get(format='docx').pk}/").status_code == 404


def test_the_report_page_drafts_every_section_and_saves_the_text(report, personas, client):
    client.force_login(personas["commune_officer"])
    page = client.get(report.get_absolute_url())
    body = page.content.decode()
    for key in ("leadership", "cases", "satisfaction", "training", "field_days", "warnings"):
        assert f'data-testid="report-section-{key}"' in body
    client.post(report.get_absolute_url(), {"action": "save", "symbol": "1-BC", "text_cases": "Ý kiến riêng.", **{
        f"text_{k}": v for k, v in CLOSING.items()}})  # fmt: skip
    report.refresh_from_db()
    assert report.symbol == "1-BC" and report.texts["cases"] == "Ý kiến riêng." and report.texts["_tasks"]
    assert PeriodicReport.objects.count() == 1
    assert D(2026, 1, 1) == report.period.start


def test_the_document_of_record_is_in_vietnamese_whatever_the_page_language(report, personas):
    from django.utils import translation
    from docx import Document

    officer = personas["commune_officer"]
    services.report_save(report=report, acting_user=officer, header={}, texts=CLOSING)
    with translation.override("en"):
        docx_file = services.generate_files(report, officer, formats=("docx",))[0]
        services.report_submit(report=report, acting_user=officer)
    texts = [p.text for p in Document(io.BytesIO(docx_file.file.open("rb").read())).paragraphs]
    assert "BÁO CÁO" in texts and any(t.startswith("Tiếp nhận 4 vụ việc") for t in texts)
    report.refresh_from_db()
    assert report.figures[1]["title"] == "Tiếp nhận và giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo"


def test_the_home_page_shows_last_months_reports(tree, personas, client):
    from django.core.management import call_command

    call_command("seed_reports", verbosity=0)  # Hội Phú sent last month's report, Pleiku has a draft
    client.force_login(personas["province_leader"])
    body = client.get("/").content.decode()
    assert 'data-testid="home-reports"' in body and "1/2 đơn vị trực thuộc đã gửi" in body
    client.force_login(personas["commune_officer"])
    body = client.get("/").content.decode()
    assert "báo cáo dự thảo" in body and "đơn vị trực thuộc đã gửi" not in body


def test_only_writers_and_the_unit_above_start_the_files(report, tree, personas, client):
    client.force_login(personas["viewer"])  # may read the report, may not make records on it
    assert "Tạo tệp Word" not in client.get(report.get_absolute_url()).content.decode()
    assert client.post(report.get_absolute_url(), {"action": "files"}).status_code == 403
    assert not ReportFile.objects.exists()
    # The province's own leader signs the province's report, so may have its files written.
    own, _c = services.report_create(unit=tree["gialai"], period=YEAR, acting_user=personas["province_admin"])
    client.force_login(personas["province_leader"])
    assert client.post(own.get_absolute_url(), {"action": "files"}).status_code == 302
    client.force_login(personas["province_leader"])  # the unit above may print it
    assert client.post(report.get_absolute_url(), {"action": "files"}).status_code == 302


def test_sending_saves_what_was_typed_first(report, personas, client):
    client.force_login(personas["commune_officer"])
    posted = {"action": "submit", "symbol": "3-BC", **{f"text_{k}": v for k, v in CLOSING.items()}}
    assert client.post(report.get_absolute_url(), posted).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.texts == CLOSING and report.symbol == "3-BC"


def test_an_error_keeps_every_typed_word_and_names_the_part(report, personas, client):
    client.force_login(personas["commune_officer"])
    posted = {"action": "save", "symbol": "4-BC", "text_cases": "Đoạn viết dở.", "text__tasks": "x" * 20_001}
    page = client.post(report.get_absolute_url(), posted)
    body = page.content.decode()
    assert page.status_code == 200 and "Phần này dài 20001 ký tự, quá 20000 ký tự cho phép." in body
    assert "Đoạn viết dở." in body and 'value="4-BC"' in body
    report.refresh_from_db()
    assert report.texts == {} and report.symbol == ""  # nothing half-saved
    posted = {"action": "submit", "text_cases": "Vẫn còn đây."}  # the closing parts are missing
    body = client.post(report.get_absolute_url(), posted).content.decode()
    assert "Cần viết các phần" in body and "Vẫn còn đây." in body and "Đã lưu dự thảo nhưng chưa gửi được" in body
    report.refresh_from_db()
    assert report.texts == {"cases": "Vẫn còn đây."} and report.status == ReportStatus.DRAFT  # kept, not sent


def test_pasted_control_characters_do_not_stop_the_files(report, personas):
    officer = personas["commune_officer"]
    services.report_save(report=report, acting_user=officer, header={}, texts={**CLOSING, "_tasks": "Một\x0bhai\x00ba"})
    assert report.texts["_tasks"] == "Một hai ba"
    report.texts["_proposals"] = "=cmd|' /C calc'!A0\x0c"  # as if stored before the check
    report.save()
    _docx, xlsx_file, _pdf = services.generate_files(report, officer)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_file.file.open("rb").read()))
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_control_characters_in_names_and_titles_do_not_stop_any_of_the_three_files(report, personas, tree):
    """A unit or a title carrying a control character (a village name imported from a spreadsheet, a title
    stored before the check) is written with a space instead, in the Word, Excel and PDF files alike."""
    from docx import Document
    from openpyxl import load_workbook

    from danvan.reports.models import PeriodicReport
    from danvan.units.models import Unit

    officer = personas["commune_officer"]
    services.report_save(report=report, acting_user=officer, header={}, texts=CLOSING)
    Unit.objects.filter(pk=tree["pleiku"].pk).update(name="Phường\x0bPleiku")
    PeriodicReport.objects.filter(pk=report.pk).update(title="Kết quả\x1fcông tác", signer_name="Lê\x08Văn Ký")
    report.refresh_from_db()
    docx_file, xlsx_file, pdf_file = services.generate_files(report, officer)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_file.file.open("rb").read())).paragraphs)
    assert "Kết quả công tác" in text
    book = load_workbook(io.BytesIO(xlsx_file.file.open("rb").read()))
    assert book.worksheets[0]["A1"].value == "Phường Pleiku"
    assert pdf_file.file.open("rb").read().startswith(b"%PDF")


def test_a_national_report_is_not_sent_anywhere(tree, personas, client):
    admin = personas["national_admin"]
    report, _c = services.report_create(unit=tree["nation"], period=Period("nam", 2026), acting_user=admin)
    services.report_save(report=report, acting_user=admin, header={}, texts=CLOSING)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, acting_user=admin)
    client.force_login(admin)
    assert "Gửi cấp trên" not in client.get(report.get_absolute_url()).content.decode()


def test_a_report_is_drafted_in_vietnamese_from_an_english_page(tree, personas):
    from django.utils import translation

    with translation.override("en"):
        report, _c = services.report_create(unit=tree["pleiku"], period=YEAR, acting_user=personas["commune_officer"])
    assert report.title == "Kết quả công tác dân vận năm 2026" and report.recipients == "Gia Lai\nLưu"


def test_figures_frozen_by_an_older_version_still_read(report, personas):
    from danvan.core.sections import results_from_json

    stored = [{"key": "cases", "title": "Tiếp nhận", "empty": False, "figures": [{"label": "Tiếp nhận", "value": 4,
               "fmt": "int", "old_key": 1}], "tables": [{"key": "kinds", "title": "Theo loại", "columns": [
               {"label": "Loại", "fmt": "int"}], "rows": [{"cells": ["Phản ánh"], "strong": True}], "chart": None}]}]  # fmt: skip
    [result] = results_from_json(stored)
    assert result.figure("Tiếp nhận").value == 4 and result.table("kinds").rows[0].cells == ["Phản ánh"]


def test_the_report_page_offers_the_newest_file_of_each_format(report, personas, client):
    officer = personas["commune_officer"]
    services.generate_files(report, officer)
    newest = services.generate_files(report, officer)
    client.force_login(officer)
    files = client.get(report.get_absolute_url()).context["files"]
    assert [f.format for f in files] == ["docx", "xlsx", "pdf"] and {f.pk for f in files} == {f.pk for f in newest}


def test_a_report_sent_by_someone_else_while_its_figures_were_computed_is_not_sent_twice(report, personas, monkeypatch):
    """The step is checked again on the locked report: two sends at once send once."""
    officer, admin = personas["commune_officer"], personas["province_admin"]
    services.report_save(report=report, acting_user=officer, header={}, texts=CLOSING)
    computed = services.report_results

    def meanwhile_sent(*args, **kwargs):
        found = computed(*args, **kwargs)
        PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, submitted_by=admin)
        return found

    monkeypatch.setattr(services, "report_results", meanwhile_sent)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, acting_user=officer)
    report.refresh_from_db()
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, admin)
    assert not Notification.objects.filter(url=report.get_absolute_url()).exists()


def test_the_files_are_written_only_for_who_may_make_them(report, personas):
    """``generate_files`` (the job's work, and any caller without a page) asks the permission itself."""
    for name in ("viewer", "sibling_officer", "village_member", "nobody"):
        with pytest.raises(PermissionDenied):
            services.generate_files(report, personas[name], formats=("xlsx",))
    assert not ReportFile.objects.exists()
    made = services.generate_files(report, personas["commune_officer"], formats=("xlsx",))
    assert [row.format for row in made] == ["xlsx"]
