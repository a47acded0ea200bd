"""Query budgets of the registrations' list, a registration's page and the public showcase (see
``core/tests/budget.py``): the page is opened with some rows, more of the same are added, and the number of
queries must not change (no query per row) and stay within the budget, the count measured plus two."""

import datetime

import pytest
from django.db import transaction

from danvan.core.tests.budget import assert_budget, long_name
from danvan.emulation import services
from danvan.emulation.choices import Step
from danvan.emulation.models import Practice

from .conftest import FORCES, INDICATORS, register
from .parts.practices import pdf, png

pytestmark = pytest.mark.django_db

LIST = 13  # measured 11
PRACTICE_PAGE = 20  # measured 18 with the council, award, follow-up and replication panels (13 without them)
SHOWCASE = 11  # measured 9 (with a search: the candidates, then the page)
SHOWCASE_PAGE = 6  # measured 4

FIELDS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_he_thong_chinh_tri")


def registrations(user, units, count, start):
    made = []
    for n in range(count):
        made.append(register(
            user, units[n % len(units)], name=f"Mô hình dân vận khéo số {start + n} của {long_name(start + n)}",
            field=FIELDS[n % 4], kind=("mo_hinh", "dien_hinh")[n % 2], holder=long_name(n),
        ))  # fmt: skip
    return made


def test_the_list(client, login, tree, personas, frozen):
    officer = personas["commune_officer"]
    login(officer)
    units = [tree["pleiku"], tree["village"]]
    registrations(officer, units, 30, 1000)
    url = f"/dan-van-kheo/?unit={tree['pleiku'].pk}"
    assert_budget(client, url, lambda: registrations(officer, units, 30, 2000), LIST)


def test_a_registrations_page(client, login, tree, personas, frozen):
    officer = personas["commune_officer"]
    login(officer)
    practice = register(officer, tree["pleiku"], milestones=[{"date": frozen, "title": "Ra mắt"}])
    for step in (Step.SHORTLIST, Step.LAUNCH):
        services.practice_step(acting_user=officer, practice=practice, step=step, date=frozen - datetime.timedelta(60))
    ids = list(practice.indicators.values_list("pk", flat=True))
    reports = iter(range(40, 0, -1))  # one monitoring report a day, in order

    def more(days):
        for n in range(days):
            day = frozen - datetime.timedelta(days=next(reports))
            services.practice_step(acting_user=officer, practice=practice, step=Step.MONITOR, date=day,
                                   values={pk: str(100 * n + pk % 7) for pk in ids})  # fmt: skip
        services.evidence_add(acting_user=officer, practice=practice, files=[png(), pdf()], is_public=True)

    def grow():
        more(10)
        services.practice_update(
            acting_user=officer, practice=practice,
            forces=FORCES * 4, milestones=[{"date": frozen, "title": f"Mốc {n}"} for n in range(8)],
            indicators=[*({"id": pk, **row} for pk, row in zip(ids, INDICATORS, strict=True)),
                        *({"name": f"Chỉ tiêu {n}", "measure": "hộ", "baseline": "0", "target": "9"} for n in range(6))],
        )  # fmt: skip

    more(2)
    assert_budget(client, f"/dan-van-kheo/mo-hinh/{practice.pk}/", grow, PRACTICE_PAGE)


def recognised(officer, units, count, start):
    for practice in registrations(officer, units, count, start):
        for step, day in ((Step.SHORTLIST, datetime.date(2026, 3, 1)), (Step.LAUNCH, datetime.date(2026, 4, 1))):
            services.practice_step(acting_user=officer, practice=practice, step=step, date=day)
        values = {pk: "5" for pk in practice.indicators.values_list("pk", flat=True)}
        services.practice_step(
            acting_user=officer, practice=practice, step=Step.MONITOR, values=values, date=datetime.date(2026, 6, 1)
        )
        with transaction.atomic():
            services.move(practice, Step.EVALUATE, actor=officer, date=datetime.date(2026, 10, 1))
            services.move(practice, Step.RECOGNISE, actor=officer, date=datetime.date(2026, 10, 1),
                          recognised_on=datetime.date(2026, 10, 1), recognised_level="xa", vitality="hoat_dong")  # fmt: skip
        services.evidence_add(acting_user=officer, practice=practice, files=[png(), png()], is_public=True)


def test_the_showcase(client, tree, personas, frozen):
    officer = personas["commune_officer"]
    units = [tree["pleiku"], tree["village"]]
    recognised(officer, units, 6, 1000)
    url = f"/dan-van-kheo/cong-khai/?province={tree['gialai'].pk}&q=mo+hinh"
    assert_budget(client, url, lambda: recognised(officer, units, 8, 2000), SHOWCASE)


def test_a_showcase_page(client, tree, personas, frozen):
    officer = personas["commune_officer"]
    recognised(officer, [tree["village"]], 1, 1000)
    practice = Practice.objects.get()

    def grow():
        services.evidence_add(acting_user=officer, practice=practice, files=[png() for _n in range(4)], is_public=True)
        values = {pk: "9" for pk in practice.indicators.values_list("pk", flat=True)}
        with transaction.atomic():
            services.move(practice, Step.FOLLOW_UP, actor=officer, date=frozen)
            services.measure(practice, values, day=frozen, actor=officer)

    assert_budget(client, f"/dan-van-kheo/cong-khai/{practice.pk}/", grow, SHOWCASE_PAGE)
