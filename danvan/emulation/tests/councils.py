"""Helpers of the council tests and of the access sweep's council part: a model brought to "monitored" through the
services, the members of a council, an evaluation opened and its sheets sent."""

import datetime
from datetime import timedelta

from django.utils import timezone

from danvan.emulation import services
from danvan.emulation.choices import Step

from .conftest import register

# Marks of the conftest's rubric (weights 3, 2, 3, 2; tops 10, 10, 10, 5), in the criteria's order, with the
# sheet's score worked out by hand: 100 × (3·m₁/10 + 2·m₂/10 + 3·m₃/10 + 2·m₄/5) ÷ 10.
HIGH = (8, 6, 7, 4)  # 100 × (2,4 + 1,2 + 2,1 + 1,6) ÷ 10 = 73
LOW = (5, 6, 4, 2)  # 100 × (1,5 + 1,2 + 1,2 + 0,8) ÷ 10 = 47
CLOSE = (5, 6, 7, 3)  # 100 × (1,5 + 1,2 + 2,1 + 1,2) ÷ 10 = 60
MIDDLE = (6, 8, 6, 3)  # 100 × (1,8 + 1,6 + 1,8 + 1,2) ÷ 10 = 64


def monitored(officer, unit, **over):
    """A registration of ``unit`` taken through shortlisting, launch and a monitoring report."""
    practice = register(officer, unit, **over)
    start, today = practice.start_on, timezone.localdate()  # steps after the start, none in the future
    for step, days in ((Step.SHORTLIST, 17), (Step.LAUNCH, 31)):
        services.practice_step(
            acting_user=officer, practice=practice, step=step, date=min(start + timedelta(days), today)
        )
    values = {i.pk: "600" for i in practice.indicators.all()}
    services.practice_step(
        acting_user=officer, practice=practice, step=Step.MONITOR, values=values, date=min(start + timedelta(45), today)
    )
    practice.refresh_from_db()
    return practice


def marks(rubric, values):
    """``{criterion id: mark}`` from marks given in the criteria's order."""
    return {c.pk: v for c, v in zip(rubric.criteria.order_by("order"), values, strict=True)}


def open_council(opener, practice, evaluators, council=None, opened_on=None):
    return services.evaluation_open(
        acting_user=opener, practice=practice, council=council or practice.unit, evaluators=evaluators,
        opened_on=opened_on,
    )  # fmt: skip


def send(evaluation, user, values, comment=""):
    sheet = evaluation.sheets.get(evaluator=user)
    return services.sheet_submit(acting_user=user, sheet=sheet, marks=marks(evaluation.rubric, values), comment=comment)


def evaluated(opener, practice, members, sheets=(HIGH, CLOSE), note=""):
    """An evaluation opened on ``practice``, each of ``members`` sending the marks of ``sheets``, then closed."""
    evaluation = open_council(opener, practice, members)
    for user, values in zip(members, sheets, strict=False):
        send(evaluation, user, values)
    return services.evaluation_close(acting_user=opener, evaluation=evaluation, note=note)


def recognise(leader, evaluation, number="125-QĐ/DVK", date=None):
    return services.decision_record(
        acting_user=leader, evaluation=evaluation, outcome="cong_nhan", number=number,
        date=date or timezone.localdate(), signer="Phó Bí thư Thường trực Đảng ủy phường Pleiku Rơ Mah Thị Hạnh",
    )  # fmt: skip


def day(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()
