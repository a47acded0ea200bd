"""Query budgets of the dashboard and of the list of periodic reports.

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries
must not change (no query per row) and must stay within the page's budget. To update a budget after a
change that needs more (or fewer) queries, run this file; the failure names the page, the count
measured and every query (``QUERY_BUDGET_SHOW=1 pytest -rP`` prints them when it passes). Set the
budget to the new count plus 2, and say in the commit why the page needs them. A count that grows
with the rows is an N+1 to fix, not a budget to raise.

The dashboard is counted as computed (the cache emptied first) and with the test settings' one
worker: on PostgreSQL with ``DANVAN_REPORTS_WORKERS`` above 1 the sections run on connections of
their own, which these counts do not see.
"""

from django.utils import timezone

from danvan.cadres.models import Cadre
from danvan.cases.tests import rows
from danvan.core.periods import PeriodKind
from danvan.core.tests.budget import add_communes, assert_budget, long_name
from danvan.core.text import fold
from danvan.reports.models import PeriodicReport, ReportStatus

# Measured 72 on SQLite (62 before the emulation sections, 48 before the citizen-reception sections), 3 more on
# PostgreSQL (a savepoint, its session settings and the release). The four engagement sections add 14: receptions 2 (this year, a year earlier; 1
# more, the fields' names, once an entry names a field), leaders' reception days 5 (the duty rules, then the
# schedules and the days of each year), dialogues 4 (dialogues and questions of each year), commitments 3 (each
# year, and those overdue today). The two "Dân vận khéo" sections add 10 (registrations and decisions of each year,
# awards, follow-ups, the models followed up and at risk today, replications).
DASHBOARD = 78
REPORT_LIST = 13  # measured 11


def grow_province(tree, count, start):
    """``count`` new wards of Gia Lai, each with cases (rated) and cadres."""
    today = timezone.localdate()
    communes = add_communes(tree["gialai"], count, start)
    handlers = rows.users(2, start, prefix="canbo.tonghop")
    for n, commune in enumerate(communes):
        rows.cases(commune, commune, 3, 100 * (start + n), handlers=handlers, received=today, rated=True)
    made = [
        Cadre(unit=communes[n % count], code=f"TH{2 * start + n:06d}", full_name=long_name(start + n), gender="nam",
              birth_year=1980)
        for n in range(2 * count)
    ]  # fmt: skip
    for cadre in made:
        cadre.full_name_folded = fold(cadre.full_name)
    Cadre.objects.bulk_create(made)
    return communes


def test_the_dashboard(tree, personas, login):
    grow_province(tree, 10, 0)
    client = login(personas["province_leader"])
    url = f"/tong-hop/?unit={tree['gialai'].pk}"
    assert_budget(client, url, lambda: grow_province(tree, 30, 10), DASHBOARD)
    assert client.get(url).content.decode().count("Phường Ia Kring Đông Bắc") >= 40


def test_the_list_of_periodic_reports(tree, personas, login):
    leader = personas["province_leader"]
    year = timezone.localdate().year

    def add(count, start):
        communes = grow_province(tree, count, start)
        PeriodicReport.objects.bulk_create(
            PeriodicReport(unit=tree["gialai"], period_kind=PeriodKind.MONTH, year=year - 1 - (start + n) // 12,
                           number=1 + (start + n) % 12, title=f"Báo cáo công tác dân vận tháng {start + n}",
                           created_by=leader)
            for n in range(count)
        )  # fmt: skip
        PeriodicReport.objects.bulk_create(
            PeriodicReport(unit=commune, period_kind=PeriodKind.YEAR, year=year, title=f"Báo cáo năm {commune.name}",
                           status=(ReportStatus.DRAFT, ReportStatus.SUBMITTED)[n % 2],
                           submitted_at=timezone.now() if n % 2 else None, created_by=leader)
            for n, commune in enumerate(communes)
        )  # fmt: skip

    add(10, 0)
    client = login(leader)
    url = f"/tong-hop/bao-cao/?unit={tree['gialai'].pk}"
    assert_budget(client, url, lambda: add(30, 10), REPORT_LIST)
    page = client.get(url).content.decode()
    assert page.count("Báo cáo công tác dân vận tháng") == 40 and page.count("Phường Ia Kring Đông Bắc") >= 40
