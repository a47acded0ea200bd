"""Query budgets of the insight pages: the queue of cases to look at first (the case list's "Cần xem
trước") and the early warnings with the forecast.

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries
must not change (no query per row) and must stay within the page's budget. To update a budget after a
change that needs more (or fewer) queries, run this file; the failure names the page, the count
measured and every query (``QUERY_BUDGET_SHOW=1 pytest -rP`` prints them when it passes). Set the
budget to the new count plus 2, and say in the commit why the page needs them. A count that grows
with the rows is an N+1 to fix, not a budget to raise.
"""

import datetime

from django.utils import timezone

from danvan.cases.models import Field
from danvan.cases.tests import rows
from danvan.core.tests.budget import add_communes, assert_budget
from danvan.insight.models import CaseInsight, EarlyWarning

REVIEW_QUEUE = 18  # measured 16
WARNINGS = 13  # measured 11


def test_the_queue_of_cases_to_look_at_first(tree, personas, login):
    handlers = rows.users(8)
    fields = list(Field.objects.filter(is_active=True))

    def add(count, start):
        found = rows.cases(tree["pleiku"], tree["village"], 2 * count, start, handlers=handlers, rated=True)
        CaseInsight.objects.bulk_create(
            CaseInsight(case=case, suggested_field=fields[n % len(fields)], urgent=0.8, flagged=n % 2 == 0,
                        signals=[["cháy", 0.4]])
            for n, case in enumerate(found)
        )  # fmt: skip

    add(10, 0)
    client = login(personas["commune_officer"])
    assert_budget(client, "/vu-viec/", lambda: add(30, 20), REVIEW_QUEUE, data={"attention": "1"})
    assert client.get("/vu-viec/", {"attention": "1"}).content.decode().count('data-testid="attention"') == 40


def test_the_early_warnings(tree, personas, login):
    fields = list(Field.objects.filter(is_active=True))
    today = timezone.localdate()

    def add(count, start):
        communes = add_communes(tree["gialai"], count, start)
        for n, commune in enumerate(communes):  # cases in the last months, for the forecast of each commune
            rows.cases(commune, commune, 2, 100 * (start + n), received=today - datetime.timedelta(days=60 + n % 30))
        EarlyWarning.objects.bulk_create(
            EarlyWarning(unit=commune, field=fields[n % len(fields)], window_end=today - datetime.timedelta(days=n % 20),
                         count=14, expected=2.1, p_value=0.001, blocks=12)
            for n, commune in enumerate(communes)
        )  # fmt: skip

    add(10, 0)
    client = login(personas["province_leader"])
    url = f"/phan-tich/canh-bao/?unit={tree['gialai'].pk}"
    assert_budget(client, url, lambda: add(30, 10), WARNINGS)
    assert client.get(url).content.decode().count("trường hợp trong 7 ngày") == 40
