import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q
from django.utils import timezone

from danvan.accounts.models import User
from danvan.cadres import selectors
from danvan.cadres.choices import TeamKind, TeamRole, Title
from danvan.cadres.models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    FieldDay,
    Organisation,
    OrganisationMembership,
    Review,
    Team,
    TeamMembership,
)
from danvan.cadres.selectors import FindingKind
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

AREA = ["23575", "23586", "23602", "23590", "23611", "23677", "23714", "23683", "23701"]
MODELS = [
    Cadre,
    Appointment,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
    Course,
    Attendance,
    FieldDay,
    Review,
]


def area_q():
    paths = Unit.objects.filter(code__in=AREA).values_list("path", flat=True)
    return Q.create([("path__startswith", path) for path in paths], connector=Q.OR)


def test_seed_demo_builds_the_cadre_corps_of_the_article_and_running_again_adds_nothing(db):
    # seed_demo builds Gia Lai with its villages and the demo users, then calls seed_cadres.
    call_command("seed_demo", stdout=io.StringIO())
    gialai = Unit.objects.get(code="52")
    today = timezone.localdate()

    # 9 blocks with 126 members, 103 village teams with 485 members.
    assert selectors.team_counts(gialai, today) == {
        TeamKind.BLOCK: {"teams": 9, "members": 126},
        TeamKind.TEAM: {"teams": 103, "members": 485},
    }
    assert sorted(Team.objects.filter(kind=TeamKind.BLOCK).values_list("unit__code", flat=True)) == sorted(AREA)
    assert Organisation.objects.count() == 9 * 6
    for seat in TeamMembership.objects.filter(team__kind=TeamKind.TEAM, role=TeamRole.HEAD, end__isnull=True)[:10]:
        assert Appointment.objects.filter(cadre=seat.cadre, unit=seat.team.unit, title=Title.CELL_SECRETARY).exists()
    assert Cadre.objects.filter(unit=gialai, appointments__title=Title.PROPAGANDA_MOBILISATION_HEAD).exists()
    assert set(Cadre.objects.values_list("ethnicity", flat=True)) == {"01", "10", "13"}
    assert not Cadre.objects.filter(Q(birth_year__lt=1965) | Q(birth_year__gt=2000)).exists()

    # Every kind of finding shows; inside the area only the deliberate defects and the villages left out.
    findings = selectors.completeness_findings(gialai, today)
    assert {f.kind for f in findings} == {
        FindingKind.NO_BLOCK,
        FindingKind.NO_TEAM,
        FindingKind.UNDERSIZED,
        FindingKind.HEAD_TITLE,
        FindingKind.VACANCY,
    }
    area_paths = list(Unit.objects.filter(code__in=AREA).values_list("path", flat=True))
    in_area = Counter(f.kind for f in findings if f.unit.path[: len(area_paths[0])] in area_paths)
    villages = Unit.objects.filter(area_q(), kind=UnitKind.VILLAGE).count()
    assert villages > 103
    assert in_area == {
        FindingKind.NO_TEAM: villages - 103,
        FindingKind.UNDERSIZED: 1,
        FindingKind.HEAD_TITLE: 1,
        FindingKind.VACANCY: 1,
    }

    # Training: most, not all, trained this year; attendance years follow the courses.
    coverage = selectors.training_coverage(gialai, today.year)["total"]
    assert 80 <= coverage["share"] < 95
    assert selectors.untrained_cadres(gialai, today.year).exists()
    assert Course.objects.filter(end__year=today.year, end__lte=today).count() >= 3
    assert Course.objects.filter(end__year=today.year - 1).count() >= 3
    assert not Attendance.objects.exclude(year=F("course__end__year")).exists()

    # Field days: none in the future, at villages; most commune cadres meet the 1-in-5 rule last month.
    assert not FieldDay.objects.filter(date__gt=today).exists()
    assert not FieldDay.objects.exclude(village__kind=UnitKind.VILLAGE).exists()
    month = today.year * 12 + today.month - 2
    compliance = selectors.field_day_compliance(gialai, month // 12, month % 12 + 1)
    assert compliance["cadres"] > 150
    assert 60 <= compliance["share"] < 100

    review = Review.objects.get()
    assert review.unit.code == "23575" and (today - review.on_date).days > 150
    assert review.figures["teams"]["blocks"] == 1

    assert User.objects.get(username="canbo.pleiku").cadre.full_name == "Rơ Châm H'Bút"
    assert User.objects.get(username="tdv.pleiku").cadre.team_memberships.get().role == TeamRole.HEAD

    counts = [model.objects.count() for model in MODELS]
    call_command("seed_cadres", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in MODELS] == counts


def test_it_needs_the_units_of_the_area(tree):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_cadres", stdout=io.StringIO())
    assert not Cadre.objects.exists()
