"""An officer at the reception desk types a citizen's words and gets the field suggested, in headless Chromium."""

import pytest

from danvan.insight import corpus, services
from danvan.insight.models import ModelVersion, Task

pytestmark = pytest.mark.browser


@pytest.fixture
def live_models(model_files, settings, transactional_db):
    from django.core.management import call_command

    call_command("load_deadline_rules", verbosity=0)  # the flush of transactional tests empties shipped rows
    settings.INSIGHT_MODEL_DIR = model_files
    services._LOADED.clear()
    for task in (Task.FIELD, Task.URGENT, Task.ANGRY):
        ModelVersion.objects.create(task=task, version=1, file=f"{task}-v1.joblib", data_hash="seed",
                                    samples=len(corpus.seed_cases()), is_active=True)  # fmt: skip
    from danvan.cases.choices import FIELDS
    from danvan.cases.models import Field

    for order, (code, name) in enumerate(FIELDS):  # rows loaded by a migration are flushed too
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    yield Field.objects.get(code="moi_truong").pk  # read before the browser starts: no ORM calls after
    services._LOADED.clear()


def test_the_desk_gets_the_field_and_the_unit_suggested_while_typing(tree, personas, live_models, browser, live_server):
    from conftest import sign_in

    environment = live_models
    village = tree["village"].code
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "canbo.pleiku")
    page.goto(f"{live_server.url}/vu-viec/tiep-nhan/")
    page.locator("input[name=place_name]").press_sequentially(village)
    page.click(f"[role=option][data-code='{village}']")
    page.fill(
        "textarea[name=content]", "Xưởng chế biến mủ cao su xả nước thải ra suối, cá chết nổi trắng, bốc mùi hôi thối."
    )
    page.wait_for_selector("[data-testid=field-suggestion]")
    box = page.locator("[data-testid=field-suggestion]").inner_text()
    assert "Môi trường" in box and "Phường Pleiku" in box
    page.click("[data-testid=use-suggestion]")
    assert page.eval_on_selector("select[name=field]", "el => el.value") == str(environment)
