"""On PostgreSQL the sections run side by side, each on its own connection, and give the same figures."""

import datetime

import pytest
from django.db import connection

from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.reports import compute as compute_mod

from .conftest import at, make_case

TODAY = datetime.date(2026, 6, 20)


@pytest.fixture
def committed(tree, personas, transactional_db):
    from django.core.management import call_command

    from danvan.cases.choices import FIELDS
    from danvan.cases.models import Field

    call_command("load_deadline_rules", verbosity=0)  # the flush of transactional tests empties shipped rows
    for order, (code, name) in enumerate(FIELDS):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    officer = personas["commune_officer"]
    for month in (2, 3, 4):
        day = datetime.date(2026, month, 2)
        make_case(
            tree["village"], officer, day, accepted=day, answered=day + datetime.timedelta(days=40 * (month == 3))
        )
    with at(TODAY):
        yield


@pytest.mark.skipif(connection.vendor != "postgresql", reason="sections run side by side only on PostgreSQL")
def test_side_by_side_sections_match_one_after_another(committed, tree, personas, settings):
    ctx = Context(unit=tree["gialai"], user=personas["province_leader"], period=Period("nam", 2026), today=TODAY)
    one_by_one = SECTIONS.compute(ctx)
    settings.REPORTS_WORKERS = 2
    assert compute_mod._parallel()
    side_by_side, _at = compute_mod.compute(ctx, refresh=True)
    assert [r.key for r in side_by_side] == [r.key for r in one_by_one]
    for a, b in zip(side_by_side, one_by_one, strict=True):
        assert a.figures == b.figures and [t.rows for t in a.tables] == [t.rows for t in b.tables]
    cases = next(r for r in side_by_side if r.key == "cases")
    assert cases.figure("Tiếp nhận").value == 3 and cases.figure("Tỷ lệ giải quyết đúng hạn").value == 66.7
