from io import StringIO

import time_machine
from django.core.management import call_command
from django.db.models import F

from danvan.cases.models import DenouncerIdentity
from danvan.engagement.models import Commitment, Dialogue, Reception, Schedule, Session

from .conftest import TODAY, at


def test_demo_registers_schedules_and_days_are_made_once(tree, personas, cadres):
    from danvan.cadres.choices import Title

    from .conftest import make_cadre

    make_cadre(tree["gialai"], "GL-CV-0002", "Siu H'Nguyên Chuyên Viên", Title.SPECIALIST)
    make_cadre(tree["hoiphu"], "HP-CT-0002", "Tạ Thanh Lộc Hội Phú", Title.PEOPLES_COMMITTEE_CHAIR)
    make_cadre(tree["hoiphu"], "HP-BT-0003", "Đỗ Văn Tuấn Hội Phú", Title.PARTY_SECRETARY)
    with time_machine.travel(at(TODAY, 10), tick=False):
        out = StringIO()
        call_command("seed_engagement", stdout=out)
        assert "lượt tiếp công dân" in out.getvalue()
        made = Reception.objects.count()
        assert made > 200
        kinds = set(Reception.objects.values_list("kind", flat=True))
        assert kinds == {"thuong_xuyen", "lanh_dao_dinh_ky", "lanh_dao_dot_xuat"}
        assert Reception.objects.filter(is_repeat=True).exists() and Reception.objects.filter(people__gte=5).exists()
        assert Reception.objects.filter(case__isnull=False).exists()
        assert not Reception.objects.filter(case_kind="to_cao").exclude(citizen_name="").exists()
        assert DenouncerIdentity.objects.filter(case__receptions__isnull=False).exists()
        assert Schedule.objects.filter(unit=tree["pleiku"]).count() == 2
        assert Schedule.objects.filter(unit=tree["gialai"]).count() == 2  # the province's chair and secretary
        statuses = set(Session.objects.values_list("status", flat=True))
        assert statuses == {"da_tiep", "khong_tiep", "uy_quyen"}
        assert not Session.objects.filter(status="uy_quyen", date__gte="2026-07-01").exists()
        assert Reception.objects.filter(kind="lanh_dao_dinh_ky", session__status="da_tiep").exists()
        dialogues = Dialogue.objects.order_by("unit__path")
        assert [(d.level, d.is_published) for d in dialogues] == [("tinh", True), ("xa", True), ("xa", False)]
        statuses = set(Commitment.objects.values_list("status", flat=True))
        assert statuses == {"mo", "dang_thuc_hien", "da_thuc_hien", "khong_thuc_hien"}
        parent = Commitment.objects.get(children__isnull=False, children__weight=5)
        assert parent.progress == 63  # (1 × 100 + 2 × 100 + 5 × 40) / 8 = 62.5, rounded half up
        assert Commitment.objects.filter(status="dang_thuc_hien", due_on__lt=TODAY).exists()  # one overdue
        assert Commitment.objects.filter(status="da_thuc_hien", kept_on__gt=F("due_on")).exists()  # one late
        call_command("seed_engagement", stdout=StringIO())
        assert Reception.objects.count() == made
