"""Counting a page's database queries, for the query budgets (``<app>/tests/test_query_budget.py``).

A budget test builds a page's rows twice (a first batch, then more of the same), opens the page after
each, and checks that the count did not grow with the rows (no query per row) and stays within the
page's budget. The failure message lists the queries, so an N+1 reads at once from it; with
``QUERY_BUDGET_SHOW=1`` and ``pytest -rP`` every test prints its page's count and queries.
"""

import os

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Names as long as real ones (a Kinh name with a middle name, an ethnic-minority one, a long commune),
# with every kind of diacritic, so the pages render them as they would in production.
LONG_NAMES = (
    "Nguyễn Thị Phương Thảo",
    "Trần Lê Hoàng Bảo Ngọc",
    "Hoàng Thị Thanh Hương",
    "Ksor H'Hoanh",
    "Rơ Mah Thị Nguyệt Ánh",
    "Phạm Đặng Quốc Khánh",
    "Lương Thị Mỹ Duyên",
    "Đỗ Hữu Trường Giang",
)


def long_name(index):
    return f"{LONG_NAMES[index % len(LONG_NAMES)]} {index + 1:03d}"


def add_communes(province, count, start):
    """``count`` new wards of ``province`` (a unit of the test tree), through the official load."""
    from danvan.units import services
    from danvan.units.models import Unit

    wards = [
        {
            "code": 30000 + start + n,
            "name": f"Phường Ia Kring Đông Bắc Thống Nhất {start + n}",
            "division_type": "phường",
        }
        for n in range(count)
    ]
    province_item = {"code": int(province.code), "name": province.name, "division_type": province.division_type}
    services.units_load_official(divisions=[{**province_item, "wards": wards}])
    return list(Unit.objects.filter(code__in=[str(w["code"]) for w in wards]).order_by("code"))


def page_queries(client, url, data=None):
    """``(number of queries, the queries)`` of one GET of ``url``, with an empty cache (the figures a
    page keeps, like a dashboard's, are computed as on a first visit)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), [query["sql"] for query in captured.captured_queries]


def assert_budget(client, url, grow, budget, data=None):
    """Open ``url`` (once to warm up, then measured), call ``grow()`` to add rows, open it again: the count
    must be the same both times and at most ``budget``. Returns the count."""
    client.get(url, data or {})  # what a first request of the process does once (content types, ...)
    small, _queries = page_queries(client, url, data)
    grow()
    large, queries = page_queries(client, url, data)
    listing = "\n".join(f"{n + 1}. {sql[:300]}" for n, sql in enumerate(queries))
    assert large == small, f"{url}: {small} queries before the rows were added, {large} after:\n{listing}"
    assert large <= budget, f"{url}: {large} queries, budget {budget}:\n{listing}"
    print(f"query budget: {url} {large} queries (budget {budget})")  # shown with pytest -rP
    if os.environ.get("QUERY_BUDGET_SHOW"):
        print(listing)
    return large
