"""Commitments: who may make, advance, prove and close one (tables written out by hand), the roll-up of
progress up the chain of sub-commitments, closing, evidence files, the promises and cases made from a field
day's issues, the pages' scope, and the daily digest of commitments coming due or overdue."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import localised_numbers, make_user
from danvan.cadres.models import FieldDay
from danvan.cases.models import Case
from danvan.core.models import Notification
from danvan.core.tests.tables import attempt, table
from danvan.engagement import rules, services
from danvan.engagement.models import Commitment, Evidence, Notice
from danvan.engagement.sweep import announce_commitments

from .conftest import TODAY, make_cadre
from .promises import commitment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 120
ISSUES = "Đường vào khu sản xuất tổ dân phố 1 lầy lội, xe không qua được.\n\n  Chưa có đèn chiếu sáng đoạn qua trường tiểu học.  \n"

WRITES = """
persona           make  progress  evidence  close  day_commit  day_case
province_admin    1     1         1         1      1           1
province_leader   0     0         0         0      0           0
commune_officer   1     1         1         1      1           1
sibling_officer   0     0         0         0      0           0
village_member    0     0         0         0      0           0
viewer            0     0         0         0      0           0
nobody            0     0         0         0      0           0
owner             0     1         1         0      0           0
"""

# Asked of the rules directly: the owner cadre's user reports progress and may turn their own field day's
# issues into something (the commitment then needs the unit's "make" right, the case the cases module's).
RULES = """
persona           report_progress  close_commitment  promise_from_field_day  make_commitment
province_admin    1                1                 1                       1
province_leader   0                0                 0                       0
commune_officer   1                1                 1                       1
sibling_officer   0                0                 0                       0
village_member    0                0                 0                       0
viewer            0                0                 0                       0
nobody            0                0                 0                       0
owner             1                0                 1                       0
"""


@pytest.fixture
def people(tree, personas, cadres, frozen):
    owner = make_user("chu.tri.cam.ket", full_name="Rơ Châm Thị Mỹ Duyên")
    cadre = make_cadre(tree["pleiku"], "PK-CC-0099", "Rơ Châm Thị Mỹ Duyên", user=owner)
    day = FieldDay.objects.create(
        cadre=cadre, date=TODAY - datetime.timedelta(days=2), village=tree["village"],
        purpose="Nắm tình hình sản xuất và đời sống", people_met=37, issues_heard=ISSUES,
    )  # fmt: skip
    return {**personas, "owner": owner, "cadre": cadre, "day": day}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _writes(user, tree, promise, day):
    return {
        "make": lambda: commitment(user, tree["pleiku"]),
        "progress": lambda: services.commitment_progress(acting_user=user, commitment=promise, progress=30),
        "evidence": lambda: services.evidence_add(
            acting_user=user, commitment=promise, files=[SimpleUploadedFile("anh.png", PNG)]
        ),
        "close": lambda: services.commitment_close(acting_user=user, commitment=promise, kept=True),
        "day_commit": lambda: commitment(user, tree["pleiku"], source="co_so", field_day=day, owner=day.cadre),
        "day_case": lambda: services.field_day_to_case(acting_user=user, field_day=day, index=0),
    }


def test_who_may_make_advance_prove_and_close(tree, people, media):
    promise = commitment(people["commune_officer"], tree["pleiku"], owner=people["cadre"])
    day = people["day"]

    def written():
        return Commitment.history.count() + Evidence.objects.count() + Case.objects.count()

    for persona, row in table(WRITES).items():
        got = attempt(_writes(people[persona], tree, promise, day), written, after=promise.refresh_from_db)
        assert got == row, persona


def test_who_holds_each_commitment_right(tree, people):
    promise = commitment(people["commune_officer"], tree["pleiku"], owner=people["cadre"])
    for persona, row in table(RULES).items():
        user = people[persona]
        got = {
            "report_progress": rules.may("engagement.report_progress", user, promise),
            "close_commitment": rules.may("engagement.close_commitment", user, promise),
            "promise_from_field_day": rules.may("engagement.promise_from_field_day", user, people["day"]),
            "make_commitment": rules.may("engagement.make_commitment", user, tree["pleiku"]),
        }
        assert got == row, persona


def test_progress_rolls_up_the_chain_by_weight(tree, people):
    officer = people["commune_officer"]
    top = commitment(officer, tree["pleiku"])
    road = commitment(officer, tree["pleiku"], parent=top, weight=3, content="Nâng cấp đường tổ dân phố 1")
    light = commitment(officer, tree["pleiku"], parent=top, weight=1, content="Lắp đèn chiếu sáng")
    poles = commitment(officer, tree["pleiku"], parent=light, weight=1, content="Dựng cột điện")
    wires = commitment(officer, tree["pleiku"], parent=light, weight=1, content="Kéo dây điện")
    services.commitment_progress(acting_user=officer, commitment=road, progress=40)
    top.refresh_from_db()
    assert (top.progress, top.status) == (30, "dang_thuc_hien")  # (3·40 + 1·0) / 4
    services.commitment_progress(acting_user=officer, commitment=poles, progress=33)
    light.refresh_from_db(), top.refresh_from_db()
    assert light.progress == 17  # 16,5 rounds half up
    assert top.progress == 34  # (3·40 + 1·17) / 4 = 34,25
    services.commitment_close(acting_user=officer, commitment=wires, kept=True)
    light.refresh_from_db(), top.refresh_from_db()
    assert (light.progress, top.progress) == (67, 47)  # (33 + 100) / 2 = 66,5 → 67; (120 + 67) / 4 = 46,75
    with pytest.raises(ValidationError) as caught:
        services.commitment_progress(acting_user=officer, commitment=light, progress=90)
    assert list(caught.value.message_dict) == ["progress"]
    with pytest.raises(ValidationError) as caught:
        services.commitment_close(acting_user=officer, commitment=top, kept=True)
    assert caught.value.message_dict == {"status": ["Còn cam kết con chưa đóng: chưa thể ghi là đã thực hiện."]}


def test_closing(tree, people):
    officer = people["commune_officer"]
    promise = commitment(officer, tree["pleiku"], made_on=TODAY - datetime.timedelta(days=7))
    with pytest.raises(ValidationError) as caught:
        services.commitment_close(acting_user=officer, commitment=promise, kept=True, day=TODAY - datetime.timedelta(8))
    assert caught.value.message_dict == {"day": ["Ngày hoàn thành không được trước ngày hứa."]}
    with pytest.raises(ValidationError) as caught:
        services.commitment_close(acting_user=officer, commitment=promise, kept=False, reason="  ")
    assert caught.value.message_dict == {"reason": ["Ghi lý do không thực hiện được cam kết."]}
    services.commitment_close(acting_user=officer, commitment=promise, kept=True, day=TODAY - datetime.timedelta(1))
    promise.refresh_from_db()
    assert (promise.status, promise.progress, promise.kept_on) == ("da_thuc_hien", 100, TODAY - datetime.timedelta(1))
    assert promise.kept_in_time
    with pytest.raises(ValidationError) as caught:
        services.commitment_progress(acting_user=officer, commitment=promise, progress=50)
    assert caught.value.message_dict == {"progress": ["Cam kết đã đóng, không cập nhật tiến độ."]}
    other = commitment(officer, tree["pleiku"])
    services.commitment_close(
        acting_user=officer, commitment=other, kept=False, reason="Dự án bị hủy theo quyết định của tỉnh."
    )
    other.refresh_from_db()
    assert (other.status, other.kept_on, other.reason) == (
        "khong_thuc_hien",
        None,
        "Dự án bị hủy theo quyết định của tỉnh.",
    )


def test_a_sub_commitment_sits_at_or_below_its_parents_unit(tree, people):
    admin = people["province_admin"]
    commune = commitment(admin, tree["pleiku"])
    with pytest.raises(ValidationError) as caught:
        commitment(admin, tree["gialai"], parent=commune)
    assert caught.value.message_dict == {
        "parent": ["Cam kết con phải thuộc đơn vị của cam kết lớn hoặc đơn vị cấp dưới."]
    }
    province = commitment(admin, tree["gialai"])
    child = commitment(admin, tree["pleiku"], parent=province, weight=5)
    assert child.parent == province and child.unit == tree["pleiku"]
    with pytest.raises(ValidationError) as caught:
        commitment(admin, tree["pleiku"], parent=province, weight=0, due_on=TODAY - datetime.timedelta(days=1))
    assert set(caught.value.message_dict) == {"weight", "due_on"}


def test_evidence_files_are_checked_like_case_attachments(tree, people, media):
    officer = people["commune_officer"]
    promise = commitment(officer, tree["pleiku"])
    with pytest.raises(ValidationError) as caught:
        services.evidence_add(acting_user=officer, commitment=promise,
                              files=[SimpleUploadedFile("trang.html", b"<html>khong phai anh</html>")])  # fmt: skip
    assert caught.value.message_dict == {"files": ["Tệp “trang.html” không phải ảnh JPEG, PNG hoặc tệp PDF."]}
    with pytest.raises(ValidationError) as caught:
        services.evidence_add(acting_user=officer, commitment=promise,
                              files=[SimpleUploadedFile(f"anh{i}.png", PNG) for i in range(6)])  # fmt: skip
    assert caught.value.message_dict == {"files": ["Gửi tối đa 5 tệp."]}
    saved = services.evidence_add(
        acting_user=officer, commitment=promise, files=[SimpleUploadedFile("ảnh mương.png", PNG)], note="Ảnh mương"
    )
    assert [(e.name, e.content_type, e.size) for e in saved] == [("ảnh mương.png", "image/png", len(PNG))]
    assert saved[0].file.name.endswith(f"cam-ket-{promise.pk}.png")


def test_a_field_days_issues_become_commitments_and_cases_in_one_step(tree, people, login):
    client = login(people["commune_officer"])
    day = people["day"]
    page = client.get(f"/tiep-cong-dan/ngay-co-so/{day.pk}/")
    html = page.content.decode()
    assert html.count('data-testid="issue"') == 2 and "Chưa có đèn chiếu sáng đoạn qua trường tiểu học." in html
    assert client.post(f"/tiep-cong-dan/ngay-co-so/{day.pk}/cam-ket/0/", {
        "content": "Đường vào khu sản xuất tổ dân phố 1 lầy lội, xe không qua được.", "due_on": "30/11/2026",
    }).status_code == 302  # fmt: skip
    made = Commitment.objects.get()
    assert (made.source, made.field_day, made.owner, made.unit) == ("co_so", day, day.cadre, tree["pleiku"])
    assert client.post(f"/tiep-cong-dan/ngay-co-so/{day.pk}/vu-viec/1/").status_code == 302
    assert client.post(f"/tiep-cong-dan/ngay-co-so/{day.pk}/vu-viec/1/").status_code == 302  # a second click
    case = Case.objects.get()
    assert (case.channel, case.place, case.on_behalf, case.kind) == ("co_so", tree["village"], True, "phan_anh")
    assert case.content == "Chưa có đèn chiếu sáng đoạn qua trường tiểu học."
    html = client.get(f"/tiep-cong-dan/ngay-co-so/{day.pk}/").content.decode()
    assert f"/tiep-cong-dan/cam-ket/{made.pk}/" in html and case.code in html
    assert html.count('data-testid="issue-commitment"') == 1 and html.count('data-testid="issue-case"') == 1
    assert not localised_numbers(html)
    assert login(people["sibling_officer"]).get(f"/tiep-cong-dan/ngay-co-so/{day.pk}/").status_code == 404


def test_commitment_pages_and_their_scope(tree, people, media, login):
    officer = people["commune_officer"]
    top = commitment(officer, tree["pleiku"], content="Chương trình nước sạch tổ dân phố 1")
    commitment(officer, tree["pleiku"], parent=top, weight=2, content="Khoan giếng tập trung")
    late = commitment(officer, tree["pleiku"], content="Trả lời bằng văn bản về giá đất",
                      made_on=TODAY - datetime.timedelta(days=30), due_on=TODAY - datetime.timedelta(days=2))  # fmt: skip
    client = login(officer)
    html = client.get("/tiep-cong-dan/cam-ket/", {"unit": tree["pleiku"].pk}).content.decode()
    assert html.count('data-testid="commitment-row"') == 3 and 'data-percent="0"' in html
    overdue = client.get("/tiep-cong-dan/cam-ket/", {"unit": tree["pleiku"].pk, "due": "overdue"}).content.decode()
    assert overdue.count('data-testid="commitment-row"') == 1 and "Trả lời bằng văn bản về giá đất" in overdue
    detail = client.get(f"/tiep-cong-dan/cam-ket/{top.pk}/").content.decode()
    assert "Khoan giếng tập trung" in detail and not localised_numbers(detail)
    refused = client.post(f"/tiep-cong-dan/cam-ket/{late.pk}/dong/", {"kept": "0", "reason": ""})
    assert refused.status_code == 400 and "Ghi lý do không thực hiện được cam kết." in refused.content.decode()
    client.post(f"/tiep-cong-dan/cam-ket/{late.pk}/minh-chung/", {"files": [SimpleUploadedFile("a.png", PNG)]})
    evidence = Evidence.objects.get()
    assert client.get(f"/tiep-cong-dan/minh-chung/{evidence.pk}/").status_code == 200
    sibling = login(people["sibling_officer"])
    for url in (f"/tiep-cong-dan/cam-ket/{top.pk}/", f"/tiep-cong-dan/minh-chung/{evidence.pk}/"):
        assert sibling.get(url).status_code == 404, url
    assert sibling.post(f"/tiep-cong-dan/cam-ket/{top.pk}/tien-do/", {"progress": "50"}).status_code == 404
    listed = sibling.get("/tiep-cong-dan/cam-ket/").content.decode()
    assert "Chương trình nước sạch" not in listed


def test_the_daily_digest_announces_each_commitment_once(tree, people):
    officer = people["commune_officer"]
    soon = {"made_on": TODAY - datetime.timedelta(days=10), "due_on": TODAY + datetime.timedelta(days=3)}
    late = {"made_on": TODAY - datetime.timedelta(days=10), "due_on": TODAY - datetime.timedelta(days=1)}
    commitment(officer, tree["pleiku"], **soon)
    commitment(officer, tree["pleiku"], **soon, owner=people["cadre"])
    commitment(officer, tree["pleiku"], **late)
    commitment(officer, tree["pleiku"], **late, content="Đã làm xong")
    closed = Commitment.objects.get(content="Đã làm xong")
    services.commitment_close(acting_user=officer, commitment=closed, kept=True)
    commitment(officer, tree["pleiku"], made_on=TODAY, due_on=TODAY + datetime.timedelta(days=4))  # not yet

    counts = announce_commitments(TODAY)
    assert (counts["due_soon"], counts["overdue"]) == (2, 1)
    got = sorted(Notification.objects.values_list("user__username", "title", "url"))
    pk = tree["pleiku"].pk
    base = "/tiep-cong-dan/cam-ket/"
    assert got == sorted([
        ("canbo.pleiku", "1 cam kết của Phường Pleiku sắp đến hạn", f"{base}?unit={pk}&due=soon"),
        ("chu.tri.cam.ket", "1 cam kết bạn phụ trách ở Phường Pleiku sắp đến hạn", f"{base}?unit={pk}&due=soon&mine=1"),
        ("canbo.pleiku", "1 cam kết của Phường Pleiku quá hạn", f"{base}?unit={pk}&due=overdue"),
        # Overdue goes to the province above too.
        ("lanhdao.gialai", "1 cam kết của Phường Pleiku quá hạn", f"{base}?unit={pk}&due=overdue"),
        ("quantri.gialai", "1 cam kết của Phường Pleiku quá hạn", f"{base}?unit={pk}&due=overdue"),
    ])  # fmt: skip
    assert counts["notifications"] == 5 and Notice.objects.count() == 3
    assert announce_commitments(TODAY) == {"due_soon": 0, "overdue": 0, "notifications": 0}
    assert announce_commitments(TODAY + datetime.timedelta(days=1))["overdue"] == 0  # still once per due date
    assert Notification.objects.count() == 5 + 1  # the fourth-day one now due soon: the ward's officer


def test_a_promise_made_at_a_reception_shows_on_its_page(tree, people, cadres, login):
    from .conftest import record

    officer = people["commune_officer"]
    reception = record(officer, tree["pleiku"], cadres["staff"])
    client = login(officer)
    assert (
        'action="/tiep-cong-dan/cam-ket/tu-luot-tiep/'
        in client.get(f"/tiep-cong-dan/luot-tiep/{reception.pk}/").content.decode()
    )
    refused = client.post(f"/tiep-cong-dan/cam-ket/tu-luot-tiep/{reception.pk}/", {"content": "", "due_on": "x"})
    assert refused.status_code == 400
    client.post(f"/tiep-cong-dan/cam-ket/tu-luot-tiep/{reception.pk}/",
                {"content": "Cử cán bộ địa chính kiểm tra hiện trạng đường", "due_on": "20/11/2026"})  # fmt: skip
    made = Commitment.objects.get()
    assert (made.source, made.reception, made.unit) == ("tiep_dan", reception, tree["pleiku"])
    html = client.get(f"/tiep-cong-dan/luot-tiep/{reception.pk}/").content.decode()
    assert "Cử cán bộ địa chính kiểm tra hiện trạng đường" in html


def test_the_cadre_page_links_to_the_field_days_issues(people, login):
    cadre, day = people["cadre"], people["day"]
    html = login(people["commune_officer"]).get(f"/can-bo/{cadre.pk}/").content.decode()
    assert f"/tiep-cong-dan/ngay-co-so/{day.pk}/" in html


def test_a_promise_from_someone_elses_field_day_is_refused_even_for_ones_own_unit(tree, personas, cadres, frozen):
    """The sibling ward's officer may make commitments for their ward, but not from a field day of Pleiku."""
    day = FieldDay.objects.create(
        cadre=cadres["staff"], date=TODAY - datetime.timedelta(days=2), village=tree["village"], purpose="Nắm tình hình",
        issues_heard="Đèn đường tổ 5 hỏng hai tháng chưa thay",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.commitment_make(
            acting_user=personas["sibling_officer"], unit=tree["hoiphu"], content="Thay đèn đường tổ 5.",
            due_on=TODAY + datetime.timedelta(days=30), source="co_so", field_day=day,
        )  # fmt: skip
    assert not Commitment.objects.exists()
