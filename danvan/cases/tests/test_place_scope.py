"""A case belongs to the unit that handles it and to the place where it happened.

A village team reads (never changes) the cases of its village although the commune handles them;
a denunciation stays with the handling unit only; a sibling commune still gets 404.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danvan.cases import services
from danvan.cases.models import Case, CaseAttachment, CaseEvent
from danvan.core import scoping

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEXT = "Đèn đường tổ dân phố 1 hỏng cả dãy từ đầu tháng, buổi tối đi lại rất nguy hiểm."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def village_cases(tree, personas):
    """Three cases that happened in Tổ dân phố 1 (handled by Phường Pleiku), one in Hội Phú, a denunciation."""
    made = []
    for n in range(3):
        case, _created = services.case_submit(
            kind="phan_anh", content=f"{TEXT} Lần {n + 1}.", place=tree["village"],
            petitioner_name="Trần Thị Mai Hương", petitioner_phone=f"090500011{n}",
        )  # fmt: skip
        made.append(case)
    elsewhere, _created = services.case_submit(
        kind="kien_nghi", content="Đề nghị nạo vét mương thoát nước trước chợ Hội Phú.", place=tree["hoiphu"],
        petitioner_phone="0905999888",
    )  # fmt: skip
    denunciation, _created = services.denunciation_receive(
        acting_user=personas["commune_officer"], content="Tổ trưởng thu tiền sai quy định khi xác nhận hồ sơ.",
        place=tree["village"], identity={"name": "Phạm Văn Tố Giác", "phone": "0977000222"},
    )  # fmt: skip
    return {"village": made, "elsewhere": elsewhere, "denunciation": denunciation}


def test_the_village_team_lists_the_cases_that_happened_in_its_village(village_cases, personas, login, tree):
    client = login(personas["village_member"])
    page = client.get("/vu-viec/").content.decode()  # the top of the member's scope: the village
    assert "3 vụ việc" in page
    for case in village_cases["village"]:
        assert case.code in page
    assert village_cases["elsewhere"].code not in page
    assert village_cases["denunciation"].code not in page
    unit_page = client.get(f"/don-vi/{tree['village'].pk}/").content.decode()
    assert "3 vụ việc xảy ra tại đây" in unit_page
    home = client.get("/").content.decode()
    assert f'href="/vu-viec/?unit={tree["village"].pk}">Vụ việc xảy ra tại đây' in home


# persona → (sees a village case in the list and on its page, may record a step on it)
VILLAGE_CASE = {
    "village_member": (True, False),
    "commune_officer": (True, True),
    "province_leader": (True, False),
    "viewer": (True, False),
    "sibling_officer": (False, False),
    "other_province_officer": (False, False),
    "nobody": (False, False),
}


@pytest.mark.parametrize("persona", sorted(VILLAGE_CASE))
def test_who_reads_and_who_acts_on_a_village_case(village_cases, personas, login, persona):
    sees, acts = VILLAGE_CASE[persona]
    user = personas[persona]
    case = village_cases["village"][0]
    assert Case.objects.for_user(user).filter(pk=case.pk).exists() is sees
    assert Case.objects.for_user(user, scoping.MANAGE).filter(pk=case.pk).exists() is acts
    client = login(user)
    status = client.get(f"/vu-viec/{case.pk}/").status_code
    assert status == (200 if sees else 404)
    posted = client.post(f"/vu-viec/{case.pk}/", {"action": "step", "step-event": "thu_ly", "step-day": "02/03/2026"})
    assert posted.status_code == (302 if acts else 403 if sees else 404)
    if not acts:
        with pytest.raises(PermissionDenied):
            services.case_record(case=Case.objects.get(pk=case.pk), event="tra_loi", acting_user=user, note="Đã sửa.")


def test_the_place_opens_nothing_else(village_cases, personas, login, tree):
    member = personas["village_member"]
    denunciation = village_cases["denunciation"]
    client = login(member)
    assert client.get(f"/vu-viec/{denunciation.pk}/").status_code == 404
    assert client.get(f"/vu-viec/{denunciation.pk}/danh-tinh/").status_code == 404
    assert client.get(f"/vu-viec/{village_cases['elsewhere'].pk}/").status_code == 404
    assert client.get(f"/vu-viec/?unit={tree['pleiku'].pk}").status_code == 404
    assert not CaseEvent.objects.for_user(member).filter(case=denunciation).exists()
    # Nothing but reading: the member's scope for every other permission is what it was.
    for perm in (scoping.MANAGE, scoping.APPROVE, scoping.ENTER):
        assert not Case.objects.for_user(member, perm).exists()


def test_the_case_page_of_a_village_case_shows_its_files_to_the_village_team(village_cases, personas, login):
    case = village_cases["village"][0]
    services.attachments_add(case=case, files=[_png()])
    item = CaseAttachment.objects.get(case=case)
    assert login(personas["village_member"]).get(f"/vu-viec/tep/{item.pk}/").status_code == 200
    assert login(personas["sibling_officer"]).get(f"/vu-viec/tep/{item.pk}/").status_code == 404


def test_a_case_sent_to_another_commune_stays_readable_where_it_happened(village_cases, personas, login, tree):
    case = village_cases["village"][1]
    services.case_reassign(
        case=case,
        target=tree["hoiphu"],
        acting_user=personas["commune_officer"],
        reason="Thuộc địa bàn Hội Phú quản lý.",
    )
    pleiku, hoiphu = personas["commune_officer"], personas["sibling_officer"]
    assert Case.objects.for_user(hoiphu, scoping.MANAGE).filter(pk=case.pk).exists()
    assert Case.objects.for_user(pleiku).filter(pk=case.pk).exists()
    assert not Case.objects.for_user(pleiku, scoping.MANAGE).filter(pk=case.pk).exists()
    listing = login(pleiku).get("/vu-viec/").content.decode()
    assert case.code in listing


def test_the_commune_list_counts_each_case_once(village_cases, personas, login):
    page = login(personas["commune_officer"]).get("/vu-viec/").content.decode()
    assert "4 vụ việc" in page  # three in the village and the denunciation, handled by the commune


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("anh-den-duong.png", PNG, content_type="image/png")


def test_reading_below_a_unit_outside_the_scope_still_applies_the_scope(village_cases, personas, tree):
    sibling = personas["sibling_officer"]
    assert not Case.objects.under(sibling, tree["pleiku"]).exists()
    assert not Case.objects.under(sibling, tree["village"]).exists()
    everything = Case.objects.under(personas["national_admin"], tree["nation"])
    assert everything.count() == Case.objects.count() == 5
    leader = personas["province_leader"]
    assert set(Case.objects.under(leader, tree["village"])) == set(village_cases["village"])


def test_the_village_dashboard_counts_the_cases_that_happened_there(village_cases, personas, tree):
    from danvan.core.periods import Period
    from danvan.core.sections import SECTIONS, Context

    for persona, expected in (("village_member", 3), ("province_leader", 4)):  # the leader sees the denunciation
        ctx = Context(unit=tree["village"], user=personas[persona], period=Period("nam", 2026),
                      today=datetime.date(2026, 3, 2))  # fmt: skip
        found = next(r for r in SECTIONS.compute(ctx, ["cases"]))
        assert found.figure("Tiếp nhận").value == expected, persona
    commune = Context(unit=tree["pleiku"], user=personas["commune_officer"], period=Period("nam", 2026),
                      today=datetime.date(2026, 3, 2))  # fmt: skip
    assert next(r for r in SECTIONS.compute(commune, ["cases"])).figure("Tiếp nhận").value == 4


def test_the_village_team_reads_the_case_but_not_who_sent_it(village_cases, personas, login):
    """The petitioner's name and phone are for the unit that handles the case (the public form's notice
    says so); the village team reads the case only because it happened in their village."""
    case = village_cases["village"][0]
    page = login(personas["village_member"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Trần Thị Mai Hương" not in page and case.petitioner_phone not in page
    assert 'data-testid="petitioner-hidden"' in page
    officer = login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Trần Thị Mai Hương" in officer and case.petitioner_phone in officer


def test_the_village_team_reads_the_case_without_the_handling_works_panels(village_cases, personas, login):
    """The text engine's suggestions and flags are for those who handle the case (``cases.see_work``)."""
    from danvan.insight.models import CaseInsight

    case = village_cases["village"][0]
    CaseInsight.objects.create(case=case, urgent=0.92, signals=["nguy hiểm"], flagged=True)
    assert (
        'data-testid="insight-panel"'
        not in login(personas["village_member"]).get(f"/vu-viec/{case.pk}/").content.decode()
    )
    assert (
        'data-testid="insight-panel"' in login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    )
