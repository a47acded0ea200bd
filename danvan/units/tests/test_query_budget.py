"""Query budgets of the unit pages: a commune's page with its villages, and the search of the tree.

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries
must not change (no query per row) and must stay within the page's budget. To update a budget after a
change that needs more (or fewer) queries, run this file; the failure names the page, the count
measured and every query (``QUERY_BUDGET_SHOW=1 pytest -rP`` prints them when it passes). Set the
budget to the new count plus 2, and say in the commit why the page needs them. A count that grows
with the rows is an N+1 to fix, not a budget to raise.
"""

from danvan.core.tests.budget import add_communes, assert_budget
from danvan.units import services

UNIT_PAGE = 18  # measured 16
UNIT_SEARCH = 8  # measured 6
PROVINCE_PAGE = 12  # measured 10


def villages(commune, count, start):
    return services.villages_add_many(
        commune=commune,
        items=[{"name": f"Thôn Plei Ốp Đăk Đoa Ia Băng số {start + n}", "division_type": "thôn"} for n in range(count)],
    )


def test_a_communes_page_with_its_villages(tree, personas, login):
    villages(tree["pleiku"], 10, 0)
    client = login(personas["commune_officer"])
    assert_budget(client, f"/don-vi/{tree['pleiku'].pk}/", lambda: villages(tree["pleiku"], 30, 10), UNIT_PAGE)
    assert client.get(f"/don-vi/{tree['pleiku'].pk}/").content.decode().count("Thôn Plei Ốp Đăk Đoa") >= 40


def test_a_provinces_page_with_its_communes(tree, personas, login):
    add_communes(tree["gialai"], 10, 0)
    client = login(personas["province_admin"])
    url = f"/don-vi/{tree['gialai'].pk}/"
    assert_budget(client, url, lambda: add_communes(tree["gialai"], 30, 10), PROVINCE_PAGE)
    assert client.get(url).content.decode().count("Phường Ia Kring Đông Bắc") >= 40


def test_the_search_of_the_tree(tree, personas, login):
    villages(tree["pleiku"], 10, 0)
    client = login(personas["province_admin"])
    assert_budget(client, "/don-vi/", lambda: villages(tree["pleiku"], 20, 10), UNIT_SEARCH, data={"q": "plei op"})
    assert client.get("/don-vi/", {"q": "plei op"}).content.decode().count("Thôn Plei Ốp Đăk Đoa") >= 30
