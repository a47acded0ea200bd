"""The daily sweep: recognised models past their follow-up date, and models at risk, are announced once each to
the officers and administrators of their unit and to the leaders, administrators and officers of the unit
above, one digest per person and unit; run again, it announces nothing new."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.models import Notification
from danvan.emulation import tasks
from danvan.emulation.choices import Vitality
from danvan.emulation.models import Notice
from danvan.emulation.sweep import sweep

from .recognised import follow_up, recognised

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 10)


@pytest.fixture
def models(tree, personas, frozen):
    officer, sibling = personas["commune_officer"], personas["sibling_officer"]
    return {
        # Due 01/10/2026: overdue.
        "late": recognised(officer, tree["pleiku"], D(2025, 10, 1), name="Tổ tự quản đường hoa Ksor H'Blơng"),
        # Due 10/11/2026, today: not yet.
        "due_today": recognised(officer, tree["pleiku"], D(2025, 11, 10), name="Camera an ninh tổ dân phố 1"),
        "weak": follow_up(sibling, recognised(sibling, tree["hoiphu"], D(2025, 5, 10),
                                              name="Mái ấm tình thương phường Hội Phú"),
                          D(2026, 5, 2), Vitality.WEAKENING).practice,
        "village": recognised(personas["village_member"], tree["village"], D(2025, 9, 1),
                              name="Hũ gạo tình thương tổ dân phố 1"),
        "far": recognised(personas["other_province_officer"], tree["bmt"], D(2026, 1, 5),
                          name="Buôn văn hóa Buôn Ma Thuột"),
    }  # fmt: skip


def told():
    """``{(username, title)}`` of the notifications sent."""
    return set(Notification.objects.values_list("user__username", "title"))


def test_announced_once_to_the_unit_and_the_unit_above(tree, personas, models):
    admin_pleiku = make_user("quantri.pleiku", Role.ADMIN, tree["pleiku"])
    leader_pleiku = make_user("lanhdao.pleiku", Role.LEADER, tree["pleiku"])
    retired = make_user("canbo.nghi", Role.OFFICER, tree["pleiku"])
    retired.is_active = False
    retired.save()

    assert sweep(TODAY) == {"overdue": 2, "at_risk": 1, "notifications": 10}
    pleiku = "Phường Pleiku: 1 mô hình quá hạn phúc tra"
    village = "Tổ dân phố 1: 1 mô hình quá hạn phúc tra"
    hoiphu = "Phường Hội Phú: 1 mô hình có nguy cơ không duy trì"
    assert told() == {
        # Pleiku's officers and administrators about Pleiku's model; its leader only as the unit above the village.
        ("canbo.pleiku", pleiku), (admin_pleiku.username, pleiku),
        ("canbo.pleiku", village), (admin_pleiku.username, village), (leader_pleiku.username, village),
        # Gia Lai's leader and administrator, the unit above both communes.
        ("lanhdao.gialai", pleiku), ("quantri.gialai", pleiku), ("lanhdao.gialai", hoiphu), ("quantri.gialai", hoiphu),
        # Hội Phú's officer about Hội Phú's.
        ("canbo.hoiphu", hoiphu),
    }  # fmt: skip
    assert ("tdv.pleiku", village) not in told()  # village members are told by their commune
    assert not Notification.objects.filter(user__username__in=["xem.pleiku", "canbo.bmt", "quantri", "canbo.nghi"])
    note = Notification.objects.filter(user__username="canbo.pleiku", title=pleiku).get()
    assert note.url == f"/dan-van-kheo/co-nguy-co/?unit={tree['pleiku'].pk}"
    assert set(Notice.objects.values_list("kind", "practice", "due_on")) == {
        (Notice.Kind.OVERDUE, models["late"].pk, D(2026, 10, 1)),
        (Notice.Kind.OVERDUE, models["village"].pk, D(2026, 9, 1)),
        (Notice.Kind.AT_RISK, models["weak"].pk, D(2026, 5, 2)),
    }

    before = Notification.objects.count()
    assert sweep(TODAY) == {"overdue": 0, "at_risk": 0, "notifications": 0}
    assert sweep(TODAY + datetime.timedelta(days=1)) == {"overdue": 1, "at_risk": 0, "notifications": 4}
    assert Notification.objects.count() == before + 4  # the camera, due yesterday, is late today


def test_one_digest_per_person_and_unit(tree, personas, models):
    officer = personas["commune_officer"]
    follow_up(officer, models["due_today"], D(2026, 11, 9), Vitality.STOPPED, values=["0", "0"], files=[])
    recognised(officer, tree["pleiku"], D(2024, 5, 1), name="Khu dân cư không rác thải phường Pleiku")
    sweep(TODAY)
    mine = Notification.objects.filter(user=officer, title__startswith="Phường Pleiku").values_list("title", flat=True)
    assert list(mine) == ["Phường Pleiku: 2 mô hình quá hạn phúc tra, 1 mô hình có nguy cơ không duy trì"]


def test_a_new_due_date_or_a_new_follow_up_is_a_new_notice(tree, personas, models):
    officer = personas["commune_officer"]
    sweep(TODAY)
    follow_up(officer, models["late"], D(2026, 11, 10), Vitality.WEAKENING)  # done late, found weakening
    result = sweep(TODAY)
    assert result["overdue"] == 0 and result["at_risk"] == 1  # due again on 10/11/2027; at risk for this follow-up
    assert Notice.objects.filter(practice=models["late"]).count() == 2
    assert sweep(D(2027, 11, 11))["overdue"] >= 1
    assert Notice.objects.filter(practice=models["late"], kind=Notice.Kind.OVERDUE, due_on=D(2027, 11, 10)).exists()


def test_the_command_the_task_and_the_beat(tree, personas, models):
    out = StringIO()
    call_command("sweep_emulation", "--ngay", "10/11/2026", stdout=out)
    assert out.getvalue().strip() == "Mô hình quá hạn phúc tra: 2; có nguy cơ: 1; thông báo: 7."
    assert tasks.sweep_emulation.name == "danvan.emulation.sweep"
    assert tasks.sweep_emulation.apply().get() == {"overdue": 0, "at_risk": 0, "notifications": 0}
    entry = settings.CELERY_BEAT_SCHEDULE["emulation-sweep"]
    assert entry["task"] == "danvan.emulation.sweep"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {10})
