"""Quality reviews: the figures of a corps on a date, recording them, and the change since the last review."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cadres import services
from danvan.cadres.choices import AttendanceResult, Gender, Religion, TeamRole, TheoryLevel, Title
from danvan.cadres.models import Review
from danvan.cadres.selectors import age_band, previous_review, review_compare, review_figures

from .conftest import (
    TODAY,
    AppointmentFactory,
    AttendanceFactory,
    CadreFactory,
    CourseFactory,
    SeatFactory,
    TeamFactory,
    at,
)

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST = D(2026, 1, 15)


def counts(rows):
    return {row["key"]: row["count"] for row in rows}


def changes(rows):
    return {row["key"]: (row["count"], row["change"]) for row in rows}


@pytest.fixture
def corps(tree):
    """Phường Pleiku's corps: three at work (one in the village), one who left; one cadre next door."""
    an = CadreFactory(unit=tree["pleiku"], full_name="An", gender=Gender.MALE, birth_year=1996, is_party_member=True,
                      theory_level=TheoryLevel.INTERMEDIATE)  # fmt: skip
    binh = CadreFactory(unit=tree["pleiku"], full_name="Bình", gender=Gender.FEMALE, birth_year=1970, ethnicity="10")
    cuc = CadreFactory(unit=tree["village"], full_name="Cúc", gender=Gender.FEMALE, birth_year=1965, ethnicity="13",
                       religion=Religion.CATHOLIC)  # fmt: skip
    gone = CadreFactory(unit=tree["pleiku"], full_name="Dũng", birth_year=1960, left_on=D(2025, 6, 1))
    other = CadreFactory(unit=tree["hoiphu"], full_name="Em", birth_year=1990)
    start = D(2024, 1, 1)
    # An is Front chair of the commune and of the village: one Front chair.
    AppointmentFactory(cadre=an, unit=tree["pleiku"], title=Title.FRONT_CHAIR, start=start)
    AppointmentFactory(cadre=an, unit=tree["village"], title=Title.FRONT_CHAIR, start=start)
    AppointmentFactory(cadre=an, unit=tree["pleiku"], title=Title.CIVIL_SERVANT, start=start)
    # Bình: vice chair here, a post in Hội Phú (outside Pleiku) and an ended post.
    AppointmentFactory(cadre=binh, unit=tree["pleiku"], title=Title.PEOPLES_COMMITTEE_VICE_CHAIR, start=start)
    AppointmentFactory(cadre=binh, unit=tree["hoiphu"], title=Title.WOMEN_CHAIR, start=start)
    AppointmentFactory(cadre=binh, unit=tree["pleiku"], title=Title.YOUTH_SECRETARY, start=start, end=D(2025, 1, 1))
    AppointmentFactory(cadre=cuc, unit=tree["village"], title=Title.CELL_SECRETARY, start=start)
    AppointmentFactory(cadre=gone, unit=tree["pleiku"], title=Title.PARTY_SECRETARY, start=start)
    AppointmentFactory(cadre=other, unit=tree["hoiphu"], title=Title.PARTY_SECRETARY, start=start)
    course = CourseFactory(unit=tree["pleiku"], start=D(2026, 1, 5), end=D(2026, 1, 9))
    AttendanceFactory(course=course, cadre=an, result=AttendanceResult.PASSED)
    team = TeamFactory(unit=tree["village"], established_on=start)
    SeatFactory(team=team, cadre=cuc, role=TeamRole.HEAD, start=start)
    return {"an": an, "binh": binh, "cuc": cuc, "gone": gone, "course": course, "team": team}


@pytest.mark.parametrize(
    ("age", "band"), [(16, "Dưới 30"), (29, "Dưới 30"), (30, "30–39"), (49, "40–49"), (59, "50–59"), (60, "Từ 60")]
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_figures_count_the_corps_on_the_day(tree, corps):
    figures = review_figures(tree["pleiku"], TODAY)
    assert figures["unit"] == "Phường Pleiku" and figures["on_date"] == "2026-03-10"
    assert (figures["cadres"], figures["party_members"], figures["minorities"]) == (3, 1, 2)
    # Ages on 10/03/2026: An 30, Bình 56, Cúc 61.
    assert counts(figures["by_age"]) == {"Dưới 30": 0, "30–39": 1, "40–49": 0, "50–59": 1, "Từ 60": 1}
    assert counts(figures["by_gender"]) == {"nam": 1, "nu": 2}
    assert counts(figures["by_ethnicity"]) == {"01": 1, "10": 1, "13": 1}
    assert [r["label"] for r in figures["by_ethnicity"]] == ["Kinh", "Gia-rai", "Ba-na"]
    assert counts(figures["by_religion"]) == {"khong": 2, "cong_giao": 1}
    assert counts(figures["by_theory"])["trung_cap"] == 1
    # Posts held in Pleiku's subtree on the day, each cadre counted once per title.
    assert counts(figures["by_post"]) == {
        Title.PEOPLES_COMMITTEE_VICE_CHAIR: 1,
        Title.CIVIL_SERVANT: 1,
        Title.FRONT_CHAIR: 1,
        Title.CELL_SECRETARY: 1,
    }
    assert figures["training"] == {"cadres": 3, "trained": 1, "share": 33.3}
    assert figures["teams"] == {"blocks": 0, "block_members": 0, "teams": 1, "team_members": 1}
    # No block in Pleiku, the village team is under size.
    assert figures["finding_total"] == 2
    assert {f["kind"] for f in figures["finding_list"]} == {"no_block", "undersized"}


def test_age_bands_are_taken_at_the_review_date(tree, corps):
    assert counts(review_figures(tree["pleiku"], D(2025, 12, 31))["by_age"])["Dưới 30"] == 1  # An was 29
    assert counts(review_figures(tree["pleiku"], D(2026, 1, 1))["by_age"])["Dưới 30"] == 0  # An is 30


def test_figures_of_an_earlier_date_include_the_cadre_who_left_since(tree, corps):
    figures = review_figures(tree["pleiku"], D(2025, 5, 31))
    assert figures["cadres"] == 4
    assert counts(figures["by_post"])[Title.PARTY_SECRETARY] == 1
    assert counts(figures["by_age"])["Từ 60"] == 2  # Dũng was 65, Cúc 60


def test_figures_of_the_province_include_every_commune(tree, corps):
    figures = review_figures(tree["gialai"], TODAY)
    assert figures["cadres"] == 4
    assert counts(figures["by_post"])[Title.PARTY_SECRETARY] == 1  # Em's, in Hội Phú
    assert counts(figures["by_post"])[Title.WOMEN_CHAIR] == 1  # Bình's, in Hội Phú


@pytest.mark.parametrize("persona", ["commune_officer", "province_leader", "province_admin"])
def test_review_record_stores_the_figures(frozen, tree, corps, personas, persona):
    user = personas[persona]
    assert user.has_perm("cadres.record_review", tree["pleiku"])
    review = services.review_record(acting_user=user, unit=tree["pleiku"], on_date=FIRST, conclusion="Đạt yêu cầu")
    stored = Review.objects.get(pk=review.pk)
    assert stored.figures == review_figures(tree["pleiku"], FIRST)
    assert (stored.on_date, stored.conclusion, stored.created_by) == (FIRST, "Đạt yêu cầu", user)
    # The stored figures do not follow later changes.
    CadreFactory(unit=tree["pleiku"])
    stored.refresh_from_db()
    assert stored.figures["cadres"] == 3


@pytest.mark.parametrize("persona", ["viewer", "village_member", "sibling_officer", "nobody"])
def test_review_record_refused_without_rights(frozen, tree, personas, persona):
    with pytest.raises(PermissionDenied):
        services.review_record(acting_user=personas[persona], unit=tree["pleiku"], on_date=FIRST)
    assert not Review.objects.exists()


def test_review_of_a_future_date_is_refused(frozen, tree, personas):
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(
            acting_user=personas["commune_officer"], unit=tree["pleiku"], on_date=TODAY + datetime.timedelta(days=1)
        )
    assert set(excinfo.value.message_dict) == {"on_date"}
    services.review_record(acting_user=personas["commune_officer"], unit=tree["pleiku"], on_date=TODAY)


def test_previous_review_is_the_latest_earlier_one_of_the_same_unit(frozen, tree, personas):
    officer = personas["commune_officer"]
    old = services.review_record(acting_user=officer, unit=tree["pleiku"], on_date=D(2025, 6, 30))
    first = services.review_record(acting_user=officer, unit=tree["pleiku"], on_date=FIRST)
    services.review_record(acting_user=officer, unit=tree["village"], on_date=D(2026, 2, 1))
    current = services.review_record(acting_user=officer, unit=tree["pleiku"], on_date=TODAY)
    assert previous_review(tree["pleiku"], TODAY) == first
    assert previous_review(tree["pleiku"], TODAY, exclude_pk=first.pk) == old
    assert previous_review(tree["pleiku"], FIRST) == old
    assert previous_review(tree["pleiku"], D(2025, 6, 30)) is None
    assert current.pk not in {previous_review(tree["pleiku"], d).pk for d in (TODAY, FIRST)}


def test_compare_without_previous_review_returns_the_figures(tree, corps):
    figures = review_figures(tree["pleiku"], TODAY)
    assert review_compare(figures, None) is figures


def test_compare_shows_the_change_since_the_previous_review(tree, corps, personas):
    officer = personas["commune_officer"]
    with time_machine.travel(at(FIRST), tick=False):
        first = services.review_record(acting_user=officer, unit=tree["pleiku"], on_date=FIRST)
    # Between the reviews: Bình leaves (her posts end), two women join, Cúc passes a course, a block is set up.
    with time_machine.travel(at(TODAY), tick=False):
        services.cadre_leave(acting_user=officer, cadre=corps["binh"], on_date=D(2026, 2, 1))
        for name in ("Giang", "Hà"):
            CadreFactory(unit=tree["pleiku"], full_name=name, gender=Gender.FEMALE, birth_year=1990,
                         started_on=D(2026, 2, 10))  # fmt: skip
        AttendanceFactory(course=corps["course"], cadre=corps["cuc"], result=AttendanceResult.PASSED_GOOD)
        block = services.team_create(acting_user=officer, unit=tree["pleiku"], established_on=D(2026, 2, 15))
        SeatFactory(team=block, cadre=corps["an"], role=TeamRole.HEAD, start=D(2026, 2, 15))
        figures = review_figures(tree["pleiku"], TODAY)
    previous = previous_review(tree["pleiku"], TODAY)
    assert previous == first
    compared = review_compare(figures, previous)
    assert compared["previous_date"] == FIRST
    assert (compared["cadres"], compared["cadres_change"]) == (4, 1)
    assert compared["party_members_change"] == 0
    assert compared["minorities_change"] == -1  # Bình (Gia-rai) left
    assert changes(compared["by_gender"]) == {"nam": (1, 0), "nu": (3, 1)}
    assert changes(compared["by_age"])["30–39"] == (3, 2)
    assert changes(compared["by_age"])["50–59"] == (0, -1)
    # Training share: 1 of 3 (33.3) then 2 of 4 (50.0).
    assert compared["training"] == {"cadres": 4, "trained": 2, "share": 50.0, "change": 16.7}
    assert compared["teams_change"] == {"blocks": 1, "block_members": 1, "teams": 0, "team_members": 0}
    # Findings: "no block" is gone, the new block is under size (and the village team still is).
    assert {row["kind"]: row["change"] for row in compared["findings"]}["no_block"] == -1
    assert {row["kind"]: row["change"] for row in compared["findings"]}["undersized"] == 1


def test_compare_shows_a_post_or_group_that_fell_to_zero(tree, corps, personas):
    officer = personas["commune_officer"]
    with time_machine.travel(at(FIRST), tick=False):
        first = services.review_record(acting_user=officer, unit=tree["pleiku"], on_date=FIRST)
    with time_machine.travel(at(TODAY), tick=False):
        services.cadre_leave(acting_user=officer, cadre=corps["binh"], on_date=D(2026, 2, 1))
    compared = review_compare(review_figures(tree["pleiku"], TODAY), first)
    # Bình was the only vice chair and the only Gia-rai: both fall from 1 to 0.
    assert changes(compared["by_post"])[Title.PEOPLES_COMMITTEE_VICE_CHAIR] == (0, -1)
    assert changes(compared["by_ethnicity"])["10"] == (0, -1)
    assert changes(compared["by_post"])[Title.FRONT_CHAIR] == (1, 0)
    assert changes(compared["by_ethnicity"])["01"] == (1, 0)
