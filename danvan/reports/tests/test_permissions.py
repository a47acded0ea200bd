"""Who may take each step of a periodic report and each other write of the module, asked of the services
directly (a view's check removed must open nothing). The tables are written out by hand: one row per
action and state, one column per role; "ok" done, "no" refused (PermissionDenied), "state" refused
for the report's state (ValidationError)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.periods import Period
from danvan.reports import rules, services, workflow
from danvan.reports.models import Inspection, LeadershipDocument, PeriodicReport, ReportStatus

ROLES = ("commune_officer", "province_admin", "national_admin", "province_leader", "viewer", "sibling_officer",
         "village_member", "other_province_officer")  # fmt: skip
DRAFT, SUBMITTED, RETURNED = ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED

# The report of the ward of Pleiku (its unit above: the province of Gia Lai).
#                        officer  p.admin  n.admin  leader   viewer   sibling  village  other
STEPS = {
    ("save", DRAFT):      ("ok",    "ok",    "ok",    "no",    "no",    "no",    "no",    "no"),
    ("save", RETURNED):   ("ok",    "ok",    "ok",    "no",    "no",    "no",    "no",    "no"),
    ("save", SUBMITTED):  ("state", "state", "state", "no",    "no",    "no",    "no",    "no"),
    ("submit", DRAFT):    ("ok",    "ok",    "ok",    "no",    "no",    "no",    "no",    "no"),
    ("submit", RETURNED): ("ok",    "ok",    "ok",    "no",    "no",    "no",    "no",    "no"),
    ("submit", SUBMITTED): ("state", "state", "state", "no",   "no",    "no",    "no",    "no"),
    ("return", SUBMITTED): ("no",   "ok",    "ok",    "ok",    "no",    "no",    "no",    "no"),
    ("return", DRAFT):    ("no",    "state", "state", "state", "no",    "no",    "no",    "no"),
    ("return", RETURNED): ("no",    "state", "state", "state", "no",    "no",    "no",    "no"),
}  # fmt: skip


@pytest.fixture
def report(tree, personas):
    found, _created = services.report_create(unit=tree["pleiku"], period=Period("nam", 2025),
                                             acting_user=personas["commune_officer"])  # fmt: skip
    return found


def _in_state(report, state):
    PeriodicReport.objects.filter(pk=report.pk).update(status=state)
    return PeriodicReport.objects.select_related("unit").get(pk=report.pk)


def _step(action, report, user):
    if action == "save":
        return services.report_save(report=report, acting_user=user, header={}, texts={"_tasks": "Tiếp tục đối thoại."})
    if action == "return":
        return services.report_return(report=report, acting_user=user, note="Bổ sung số liệu quý IV.")
    # A send that is allowed computes every section; the table's "ok" for it is asked of the step alone.
    return services.report_submit(report=report, acting_user=user)


@pytest.mark.parametrize(("action", "state"), list(STEPS))
def test_each_step_of_a_report_by_role_and_state(report, personas, action, state):
    for role, expected in zip(ROLES, STEPS[(action, state)], strict=True):
        user = personas[role]
        subject = _in_state(report, state)
        assert workflow.allowed(action, user, subject) is (expected == "ok"), (role, action, state)
        assert (action in workflow.actions_for(user, subject)) is (expected == "ok"), (role, action, state)
        if expected == "no":
            with pytest.raises(PermissionDenied):
                _step(action, subject, user)
        elif expected == "state":
            with pytest.raises(ValidationError):
                _step(action, subject, user)
        elif action == "submit":
            assert workflow.check(action, user, subject).target == SUBMITTED
        else:
            _step(action, subject, user)


# The other writes: over the ward of Pleiku, its report, the province of Gia Lai.
#                                officer  p.admin  n.admin  leader   viewer   sibling  village  other
WRITES = {
    "report_create":             (True,   True,    True,    False,   False,   False,   False,   False),
    "document_save":             (True,   True,    True,    False,   False,   False,   False,   False),
    "inspection_save":           (True,   True,    True,    False,   False,   False,   False,   False),
    "make_files":                (True,   True,    True,    True,    False,   False,   False,   False),
    "set_weights_province":      (False,  True,    True,    False,   False,   False,   False,   False),
    "set_weights_ward":          (False,  False,   False,   False,   False,   False,   False,   False),
}  # fmt: skip
WEIGHTS = {"satisfaction": 40, "on_time": 30, "training": 15, "field_days": 15}


def _write(name, user, tree, report):
    if name == "report_create":
        return services.report_create(unit=tree["pleiku"], period=Period("nam", 2024), acting_user=user)
    if name == "document_save":
        return services.document_save(acting_user=user, instance=LeadershipDocument(
            unit=tree["pleiku"], kind="chi_thi", number="12-CT", issued_on="2026-01-05", issuer="Đảng ủy phường",
            title="Kế hoạch công tác dân vận năm 2026"))  # fmt: skip
    if name == "inspection_save":
        return services.inspection_save(acting_user=user, instance=Inspection(
            unit=tree["pleiku"], kind="kiem_tra", topic="Kiểm tra việc tiếp công dân", started_on="2026-02-02"))  # fmt: skip
    if name == "make_files":
        assert rules.may("reports.make_files", user, report)
        return None  # allowed: the files job itself is covered by test_periodic_reports
    unit = tree["gialai"] if name == "set_weights_province" else tree["pleiku"]
    return services.weights_save(acting_user=user, unit=unit, weights=WEIGHTS)


@pytest.mark.parametrize("name", list(WRITES))
def test_each_other_write_by_role(report, tree, personas, name):
    for role, allowed in zip(ROLES, WRITES[name], strict=True):
        user = personas[role]
        if allowed:
            _write(name, user, tree, report)
        else:
            with pytest.raises(PermissionDenied):
                if name == "make_files":
                    services.files_start(report=report, acting_user=user)
                else:
                    _write(name, user, tree, report)
