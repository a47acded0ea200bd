"""``generate_scale`` builds consistent bench data on whatever tree is loaded, and refuses a database in use."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from danvan.cadres.models import Cadre, FieldDay
from danvan.cases.models import Case, CaseEvent, CaseRating
from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .conftest import at, make_case

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def generated(tree, personas):
    with at(TODAY):
        call_command("generate_scale", "--scale", "0.002", verbosity=0)
        yield


def test_the_data_hangs_together(generated, tree):
    assert Unit.objects.filter(kind=UnitKind.VILLAGE).count() > 3
    assert Cadre.objects.count() > 10 and FieldDay.objects.exists()
    cases = Case.objects.count()
    assert cases == pytest.approx(4000, rel=0.05)
    # Every case is handled by a commune or a province, about a village of its own commune.
    assert not Case.objects.exclude(unit__kind__in=[UnitKind.COMMUNE, UnitKind.PROVINCE]).exists()
    assert not Case.objects.exclude(place__kind=UnitKind.VILLAGE).exists()
    commune_cases = Case.objects.filter(unit__kind=UnitKind.COMMUNE)
    assert all(place.startswith(unit) for place, unit in commune_cases.values_list("place__path", "unit__path"))
    # The copies the reports read agree with the event log.
    assert CaseEvent.objects.filter(event="tiep_nhan").count() == cases
    assert Case.objects.filter(answered_on__isnull=False).count() == CaseEvent.objects.filter(event="tra_loi").count()
    assert not Case.objects.filter(answered_on__lt=F("received_on")).exists()
    assert CaseRating.objects.filter(case__answered_on__isnull=True).count() == 0
    late = (
        Case.objects.filter(answered_on__gt=F("resolve_due")).count() / Case.objects.exclude(answered_on=None).count()
    )
    assert 0.05 < late < 0.4  # some answers are late, most are not


def test_the_dashboard_agrees_with_the_generated_data(generated, tree, personas):
    ctx = Context(unit=tree["nation"], user=personas["national_admin"], period=Period("nam", 2026), today=TODAY)
    found = next(r for r in SECTIONS.compute(ctx, ["cases"]))
    assert found.figure("Tiếp nhận").value == Case.objects.filter(received_on__year=2026).count()
    assert (
        found.figure("Tiếp nhận").previous
        == Case.objects.filter(
            received_on__gte=datetime.date(2025, 1, 1), received_on__lte=datetime.date(2025, 11, 24)
        ).count()
    )
    units = {row.cells[0]: row.cells[1] for row in found.table("units").rows}
    assert (
        units["Gia Lai"]
        == Case.objects.filter(unit__path__startswith=tree["gialai"].path, received_on__year=2026).count()
    )


def test_records_made_afterwards_get_new_ids(generated, tree, personas):
    case = make_case(tree["village"], personas["commune_officer"], TODAY)
    assert case.pk > Case.objects.exclude(pk=case.pk).order_by("-pk").values_list("pk", flat=True).first()


def test_it_refuses_a_database_already_in_use(generated):
    with pytest.raises(CommandError, match="đã có vụ việc hoặc cán bộ"):
        call_command("generate_scale", "--scale", "0.001", verbosity=0)


def test_the_registers_hang_together(generated, tree):
    from danvan.engagement.models import Reception

    assert Reception.objects.count() == pytest.approx(200, rel=0.25)
    assert not Reception.objects.exclude(unit__kind__in=[UnitKind.COMMUNE, UnitKind.PROVINCE]).exists()
    for unit in Reception.objects.values_list("unit", flat=True).distinct():
        numbers = list(
            Reception.objects.filter(unit=unit).order_by("received_at", "pk").values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    secret = Reception.objects.filter(case_kind="to_cao")
    assert not secret.exclude(citizen_name="", id_number="", phone="").exists()
    repeats = Reception.objects.filter(is_repeat=True)
    assert repeats.exists() and not repeats.exclude(previous__unit=F("unit")).exists()
