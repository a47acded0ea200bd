"""A province leader opens the dashboard in headless Chromium: every chart is drawn beside its table."""

import datetime

import pytest
from django.utils import timezone

from .conftest import make_case

pytestmark = pytest.mark.browser


@pytest.fixture
def live_data(tree, personas, transactional_db):
    from django.core.management import call_command

    from danvan.cases.choices import FIELDS
    from danvan.cases.models import Field

    call_command("load_deadline_rules", verbosity=0)  # the flush of transactional tests empties shipped rows
    for order, (code, name) in enumerate(FIELDS):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    # Three cases in one month two months back (so one year holds them all), one a year before that.
    base = (timezone.localdate() - datetime.timedelta(days=60)).replace(day=1)
    officer = personas["commune_officer"]
    for offset, field in ((1, "dat_dai"), (2, "dat_dai"), (3, "moi_truong"), (-400, "y_te")):
        day = base + datetime.timedelta(days=offset)
        make_case(tree["village"], officer, day, field=field, accepted=day,
                  answered=day + datetime.timedelta(days=5) if field == "dat_dai" else None)  # fmt: skip
    return tree["gialai"].pk, base.year  # read before the browser starts: no ORM calls after


def test_every_chart_is_drawn_with_its_numbers_beside_it(live_data, browser, live_server):
    from conftest import sign_in

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "lanhdao.gialai")
    unit, year = live_data
    page.goto(f"{live_server.url}/tong-hop/?unit={unit}&ky=nam&nam={year}")
    page.wait_for_selector("canvas[data-drawn]")
    charts = page.locator("canvas[data-chart]")
    assert charts.count() >= 5 and page.locator("canvas[data-drawn]").count() == charts.count() and not errors
    # The chart of fields sits beside the table of fields, whose first row is the field most raised.
    assert page.locator("canvas[data-chart=chart-cases-fields]").count() == 1
    first = page.locator("[data-testid=table-cases-fields] tbody tr").first.inner_text()
    assert first.startswith("Đất đai") and "\t2\t" in first
    # The month or quarter list only matters for those kinds.
    assert page.locator("select[name=so]").is_disabled()
    page.select_option("select[name=ky]", "quy")
    assert page.locator("select[name=so]").is_enabled()
    assert page.eval_on_selector("select[name=so]", "el => el.selectedOptions[0].parentElement.label") == "Quý"
    page.select_option("select[name=ky]", "nam")
    # Drill down: the ward's name opens the ward's own dashboard.
    page.click("[data-testid=table-cases-units] >> text=Phường Pleiku")
    page.wait_for_selector("h1")
    assert "Tổng hợp — Phường Pleiku" in page.locator("h1").inner_text()
