"""Who may write what through the registration and step services, role by role, written out by hand and asked of
the services themselves (a refused write raises ``PermissionDenied`` and changes nothing)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.emulation import services
from danvan.emulation.choices import Stage, Step
from danvan.emulation.models import Evidence, Practice, StepRecord

from .conftest import register

pytestmark = pytest.mark.django_db

WHO = ("province_admin", "province_leader", "commune_officer", "sibling_officer", "other_province_officer",
       "village_member", "viewer", "nobody")  # fmt: skip
Y, N = True, False
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# action, the registration's unit and stage, then one answer per column of WHO
TABLE = [
    ("register",          "pleiku",  None,              (Y, N, Y, N, N, N, N, N)),
    ("register",          "village", None,              (Y, N, Y, N, N, Y, N, N)),
    ("update",            "pleiku",  Stage.REGISTERED,  (Y, N, Y, N, N, N, N, N)),
    ("update",            "village", Stage.REGISTERED,  (Y, N, Y, N, N, Y, N, N)),
    ("update",            "village", Stage.LAUNCHED,    (Y, N, Y, N, N, N, N, N)),
    ("evidence",          "village", Stage.LAUNCHED,    (Y, N, Y, N, N, Y, N, N)),
    ("evidence",          "pleiku",  Stage.REGISTERED,  (Y, N, Y, N, N, N, N, N)),
    ("shortlist",         "village", Stage.REGISTERED,  (Y, N, Y, N, N, N, N, N)),
    ("refuse",            "pleiku",  Stage.SHORTLISTED, (Y, N, Y, N, N, N, N, N)),
]  # fmt: skip


def _practice(tree, personas, unit, stage):
    practice = register(personas["province_admin"], tree[unit])
    Practice.objects.filter(pk=practice.pk).update(stage=stage)
    practice.refresh_from_db()
    return practice


def _act(action, user, tree, practice, unit):
    if action == "register":
        return register(user, tree[unit])
    if action == "update":
        return services.practice_update(acting_user=user, practice=practice, name="Tên mới của mô hình hiến đất")
    if action == "evidence":
        upload = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
        return services.evidence_add(acting_user=user, practice=practice, files=[upload])
    step = Step.SHORTLIST if action == "shortlist" else Step.REFUSE
    return services.practice_step(acting_user=user, practice=practice, step=step, note="Chưa đủ điều kiện xây dựng")


@pytest.mark.parametrize(("action", "unit", "stage", "answers"), TABLE, ids=[f"{a}-{u}" for a, u, _s, _x in TABLE])
@pytest.mark.parametrize("column", range(len(WHO)), ids=WHO)
def test_each_role_and_write(tree, personas, action, unit, stage, answers, column):
    practice = _practice(tree, personas, unit, stage) if stage else None
    before = (Practice.objects.count(), StepRecord.objects.count(), Evidence.objects.count())
    user = personas[WHO[column]]
    if answers[column]:
        _act(action, user, tree, practice, unit)
        assert (Practice.objects.count(), StepRecord.objects.count(), Evidence.objects.count()) != before or (
            action == "update" and Practice.objects.get(pk=practice.pk).name == "Tên mới của mô hình hiến đất"
        )
    else:
        with pytest.raises(PermissionDenied):
            _act(action, user, tree, practice, unit)
        assert (Practice.objects.count(), StepRecord.objects.count(), Evidence.objects.count()) == before
