"""Who holds each permission of the "Dân vận khéo" module, written out by hand and asked of the rules directly.

Columns: the province's administrator and leader, the commune's officer, a sibling commune's officer, an officer of
another province, the village team's member, the commune's viewer, a user with no role, the national administrator.
"""

import datetime

import pytest

from danvan.emulation.choices import Stage
from danvan.emulation.models import Evaluation, Practice, Scoresheet
from danvan.emulation.rules import may

pytestmark = pytest.mark.django_db

WHO = ("province_admin", "province_leader", "commune_officer", "sibling_officer", "other_province_officer",
       "village_member", "viewer", "nobody", "national_admin")  # fmt: skip
Y, N = True, False

# permission, object, then one answer per column of WHO
TABLE = [
    ("emulation.view_pages", None,                    (Y, Y, Y, Y, Y, Y, Y, N, Y)),
    ("emulation.register", "gialai",                  (Y, N, N, N, N, N, N, N, Y)),
    ("emulation.register", "pleiku",                  (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.register", "village",                 (Y, N, Y, N, N, Y, N, N, Y)),
    ("emulation.register", "nation",                  (N, N, N, N, N, N, N, N, N)),
    ("emulation.change_practice", "pleiku_registered", (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.change_practice", "village_registered", (Y, N, Y, N, N, Y, N, N, Y)),
    ("emulation.change_practice", "village_monitored", (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.add_evidence", "village_monitored",   (Y, N, Y, N, N, Y, N, N, Y)),
    ("emulation.add_evidence", "pleiku_registered",   (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.advance", "village_monitored",        (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.advance", "pleiku_registered",        (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.evaluate", "council_pleiku",          (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.evaluate", "council_gialai",          (Y, N, N, N, N, N, N, N, Y)),
    ("emulation.evaluate", "council_village",         (N, N, N, N, N, N, N, N, N)),
    ("emulation.evaluate", "council_hoiphu",          (N, N, N, N, N, N, N, N, N)),
    ("emulation.decide", "council_pleiku",            (Y, Y, N, N, N, N, N, N, Y)),
    ("emulation.decide", "council_gialai",            (Y, Y, N, N, N, N, N, N, Y)),
    ("emulation.score", "sheet_open",                 (N, N, Y, N, N, N, N, N, N)),
    ("emulation.score", "sheet_sent",                 (N, N, N, N, N, N, N, N, N)),
    ("emulation.score", "sheet_closed",               (N, N, N, N, N, N, N, N, N)),
    ("emulation.follow_up", "pleiku_recognised",      (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.follow_up", "village_recognised",     (Y, N, Y, N, N, Y, N, N, Y)),
    ("emulation.follow_up", "pleiku_followed_up",     (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.follow_up", "village_monitored",      (N, N, N, N, N, N, N, N, N)),
    ("emulation.replicate", "hoiphu",                 (Y, N, N, Y, N, N, N, N, Y)),
    ("emulation.replicate", "village",                (Y, N, Y, N, N, Y, N, N, Y)),
    ("emulation.configure", "gialai",                 (Y, N, N, N, N, N, N, N, Y)),
    ("emulation.configure", "pleiku",                 (N, N, N, N, N, N, N, N, N)),
    ("emulation.commend", "pleiku",                   (Y, N, Y, N, N, N, N, N, Y)),
    ("emulation.commend", "gialai",                   (Y, N, N, N, N, N, N, N, Y)),
    ("emulation.commend", "village",                  (N, N, N, N, N, N, N, N, N)),
]  # fmt: skip


@pytest.fixture
def objects(tree, personas):
    def practice(unit, stage):
        return Practice(unit=unit, stage=stage, year=2026, number=1)

    village_monitored = practice(tree["village"], Stage.MONITORED)
    pleiku = practice(tree["pleiku"], Stage.MONITORED)
    council = {name: Evaluation(practice=village_monitored if name != "village" else pleiku, council=tree[name])
               for name in ("pleiku", "gialai", "village", "hoiphu")}  # fmt: skip
    council["hoiphu"].practice = pleiku
    open_ = Evaluation(practice=pleiku, council=tree["pleiku"])
    closed = Evaluation(practice=pleiku, council=tree["pleiku"], closed_on=datetime.date(2026, 11, 1))
    officer = personas["commune_officer"]
    return {
        **{name: tree[name] for name in ("gialai", "pleiku", "village", "nation", "hoiphu")},
        "pleiku_registered": practice(tree["pleiku"], Stage.REGISTERED),
        "village_registered": practice(tree["village"], Stage.REGISTERED),
        "village_monitored": village_monitored,
        "pleiku_recognised": practice(tree["pleiku"], Stage.RECOGNISED),
        "village_recognised": practice(tree["village"], Stage.RECOGNISED),
        "pleiku_followed_up": practice(tree["pleiku"], Stage.FOLLOWED_UP),
        **{f"council_{name}": evaluation for name, evaluation in council.items()},
        "sheet_open": Scoresheet(evaluation=open_, evaluator=officer),
        "sheet_sent": Scoresheet(evaluation=open_, evaluator=officer, submitted_at=datetime.datetime(2026, 11, 2)),
        "sheet_closed": Scoresheet(evaluation=closed, evaluator=officer),
    }


@pytest.mark.parametrize(("perm", "target", "answers"), TABLE, ids=[f"{p}-{t}" for p, t, _a in TABLE])
def test_who_holds_each_permission(personas, objects, perm, target, answers):
    obj = objects[target] if target else None
    got = tuple(may(perm, personas[who], obj) for who in WHO)
    assert got == answers, {who: g for who, g, want in zip(WHO, got, answers, strict=True) if g != want}


def test_every_permission_of_the_module_is_in_the_table():
    import rules

    declared = {name for name in rules.permissions.permissions if name.startswith("emulation.")}
    assert declared == {perm for perm, _t, _a in TABLE}
