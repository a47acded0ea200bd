"""Who may write what in the insight module, asked of the services directly. Written out by hand: one
row per write, one column per role; True done, False refused (PermissionDenied)."""

import pytest
from django.core.exceptions import PermissionDenied

from danvan.cases import services as case_services
from danvan.cases.models import Field
from danvan.insight import rules, services
from danvan.insight.models import ModelVersion, Task

ROLES = ("superuser", "national_admin", "province_admin", "province_leader", "commune_officer", "viewer",
         "sibling_officer", "village_member", "other_province_officer")  # fmt: skip

# A case handled by the ward of Pleiku (province of Gia Lai).
#                  superuser n.admin p.admin leader  officer viewer  sibling village other
WRITES = {
    "flag_decide":  (True,    True,   True,   False,  True,   False,  False,  False,  False),
    "field_decide": (True,    True,   True,   False,  True,   False,  False,  False,  False),
    "train":        (True,    True,   False,  False,  False,  False,  False,  False,  False),
    "train_start":  (True,    True,   False,  False,  False,  False,  False,  False,  False),
}  # fmt: skip


@pytest.fixture
def case(tree):
    found, _created = case_services.case_submit(
        kind="phan_anh", content="Đường vào thôn bị sạt lở một đoạn dài, xe máy đi lại rất nguy hiểm.",
        place=tree["village"],
    )  # fmt: skip
    return found


def _write(name, user, case):
    if name == "flag_decide":
        return services.flag_decide(case=case, urgent=True, acting_user=user)
    if name == "field_decide":
        return services.field_decide(case=case, field=Field.objects.get(code="dat_dai"), acting_user=user)
    if name == "train_start":  # the registry page's button: the job is queued, not run, here
        return services.training_start(acting_user=user, tasks=[Task.URGENT])
    # Asked of switching a model version: training itself takes the same permission (and minutes).
    version = ModelVersion.objects.create(task=Task.URGENT, version=1, file="missing.joblib", data_hash="x", samples=1)
    try:
        services.model_activate(version, acting_user=user)
    except PermissionDenied:
        raise
    except Exception:  # noqa: BLE001 - allowed: refused only because the file is missing
        return None
    finally:
        version.delete()


@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_by_role(case, personas, name):
    for role, allowed in zip(ROLES, WRITES[name], strict=True):
        user = personas[role]
        if allowed:
            _write(name, user, case)
        else:
            with pytest.raises(PermissionDenied):
                _write(name, user, case)


def test_training_asked_by_a_person_needs_the_national_administrator(personas):
    for role in ("province_admin", "commune_officer", "province_leader"):
        with pytest.raises(PermissionDenied):
            services.train_all(acting_user=personas[role], tasks=[Task.URGENT])
        with pytest.raises(PermissionDenied):
            services.train_task(Task.URGENT, acting_user=personas[role])


def test_training_refused_starts_nothing_and_the_pages_ask_the_same(personas):
    ticks = []
    with pytest.raises(PermissionDenied):
        services.train_all(acting_user=personas["province_admin"], progress=lambda *args: ticks.append(args))
    assert ticks == []  # refused before the first task, not in it
    assert {role for role in ROLES if rules.may("insight.train_models", personas[role])} == {
        "superuser",
        "national_admin",
    }


def _candidate(first, second):
    from danvan.insight.models import DuplicateCandidate

    low, high = sorted((first, second), key=lambda c: c.pk)
    return DuplicateCandidate.objects.create(first=low, second=high, similarity=0.9, found_by="quet")


def test_a_near_duplicate_is_settled_only_by_who_sees_both_cases_and_never_across_the_seal(tree, personas):
    from danvan.insight.models import DuplicateStatus

    officer = personas["commune_officer"]
    text = "Đèn đường ở tổ dân phố 1 hỏng đã ba tuần, buổi tối rất tối, đề nghị phường sửa ngay."
    ours = case_services.case_submit(kind="phan_anh", content=text, place=tree["village"])[0]
    theirs = case_services.case_submit(kind="phan_anh", content=text, place=tree["hoiphu"])[0]
    sealed = case_services.denunciation_receive(
        acting_user=officer, content=text, place=tree["village"],
        identity={"name": "Lê Thị Hoa", "address": "Tổ dân phố 1", "phone": "0905111222"},
    )[0]  # fmt: skip
    for other in (theirs, sealed):  # a case the officer does not see; a denunciation with a feedback
        candidate = _candidate(ours, other)
        with pytest.raises(PermissionDenied):
            services.duplicate_decide(candidate=candidate, case=ours, acting_user=officer, link=False)
        candidate.refresh_from_db()
        assert candidate.status == DuplicateStatus.PROPOSED


def test_the_permission_comes_before_the_field_is_read_and_a_refusal_leaves_nothing(case, personas):
    from danvan.insight.models import CaseInsight

    CaseInsight.objects.filter(case=case).delete()
    for role in ("viewer", "province_leader", "sibling_officer", "village_member"):
        with pytest.raises(PermissionDenied):
            services.field_decide(case=case, field=None, acting_user=personas[role])
        with pytest.raises(PermissionDenied):
            services.field_decide(case=case, field=Field.objects.get(code="dat_dai"), acting_user=personas[role])
    assert not CaseInsight.objects.filter(case=case).exists()
