"""The register printed in Form 03's layout: Excel and A4 landscape PDF, through a job, for its user only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.models import Job

from .conftest import TODAY, record

pytestmark = pytest.mark.django_db

DENOUNCER = "Siu Văn Thắng Người Tố Cáo"


@pytest.fixture
def entries(tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    made = [
        record(officer, tree["pleiku"], cadres["staff"], hour=8, handling="huong_dan", handled_before="UBND phường"),
        record(officer, tree["pleiku"], cadres["staff"], hour=9, people=12, case_kind="khieu_nai",
               representatives="Nguyễn Văn An\nKsor H'Blơng", handling="chuyen_don", forwarded_to="Sở Tài nguyên"),
        record(officer, tree["pleiku"], cadres["staff"], hour=10, case_kind="to_cao", citizen_name=DENOUNCER,
               id_number="079201000999", content="Tố cáo cán bộ địa chính nhận tiền để hợp thức hóa đất lấn chiếm."),
    ]  # fmt: skip
    return made


def _export(client, unit, fmt, capture):
    with capture(execute=True):
        response = client.post(
            reverse("engagement:register_export"), {"unit": unit.pk, "year": TODAY.year, "format": fmt}
        )
    job = Job.objects.get(kind="engagement.register_file", params__format=fmt)
    job.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == "xong", job.error
    return job


def test_excel_has_the_twelve_columns_and_no_denouncer(
    client, login, tree, personas, entries, django_capture_on_commit_callbacks
):
    login(personas["commune_officer"])
    job = _export(client, tree["pleiku"], "xlsx", django_capture_on_commit_callbacks)
    page = client.get(job.get_absolute_url())
    assert reverse("engagement:register_file", args=[job.pk]).encode() in page.content
    download = client.get(reverse("engagement:register_file", args=[job.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert values[1][7] == "Hướng xử lý" and values[2][7:10] == (
        "Thụ lý giải quyết",
        "Trả lại đơn và hướng dẫn",
        "Chuyển đơn đến cơ quan có thẩm quyền",
    )
    assert values[3] == tuple(f"({n})" for n in range(1, 13))
    body = values[4:]
    assert [r[0] for r in body] == ["1", "2", "3"]
    assert body[0][8] == "x" and body[1][9] == "x Sở Tài nguyên" and "12 người" in body[1][5]
    assert body[2][2].startswith("Người tố cáo #") and body[2][3] in ("", None)
    flat = repr(values)
    assert DENOUNCER not in flat and "079201000999" not in flat


def test_pdf_is_a4_landscape(client, login, tree, personas, entries, django_capture_on_commit_callbacks):
    login(personas["commune_officer"])
    job = _export(client, tree["pleiku"], "pdf", django_capture_on_commit_callbacks)
    data = b"".join(client.get(reverse("engagement:register_file", args=[job.pk])).streaming_content)
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 841.89 595.28]" in data or b"/MediaBox [0 0 841.89 595.28 ]" in data


def test_only_the_job_owner_downloads_and_others_units_are_404(
    client, login, tree, personas, entries, django_capture_on_commit_callbacks
):
    login(personas["commune_officer"])
    job = _export(client, tree["pleiku"], "xlsx", django_capture_on_commit_callbacks)
    login(personas["sibling_officer"])
    assert client.get(reverse("engagement:register_file", args=[job.pk])).status_code == 404
    response = client.post(reverse("engagement:register_export"), {"unit": tree["pleiku"].pk, "format": "xlsx"})
    assert response.status_code == 404
