"""Completeness of blocks and teams: missing teams, size, the head's title, long vacancies; rules by unit."""

import datetime

import pytest
import time_machine

from danvan.cadres import selectors, services
from danvan.cadres.choices import TeamRole, Title
from danvan.cadres.models import TeamRules
from danvan.cadres.selectors import DEFAULT_RULES, FindingKind, completeness_findings, findings_summary, rules_for
from danvan.units.models import Unit

from .conftest import TODAY, AppointmentFactory, CadreFactory, SeatFactory, TeamFactory, at, staff_team

pytestmark = pytest.mark.django_db

BLOCK_OK = {"head_title": Title.STANDING_DEPUTY_SECRETARY}
TEAM_OK = {"head_title": Title.CELL_SECRETARY}


def kinds(findings):
    return sorted((f.kind, f.unit.code) for f in findings)


@pytest.fixture
def complete(tree):
    """Every commune and village of Gia Lai fully staffed under the default rules."""
    return {
        "pleiku": staff_team(tree["pleiku"], 7, **BLOCK_OK),
        "hoiphu": staff_team(tree["hoiphu"], 7, head_title=Title.FRONT_CHAIR),
        "village": staff_team(tree["village"], 3, **TEAM_OK),
    }


def test_every_commune_without_block_and_village_without_team_is_reported(tree):
    findings = completeness_findings(tree["gialai"], TODAY)
    assert kinds(findings) == sorted(
        [
            (FindingKind.NO_BLOCK, "23575"),
            (FindingKind.NO_BLOCK, "23586"),
            (FindingKind.NO_TEAM, tree["village"].code),
        ]
    )
    village_finding = next(f for f in findings if f.kind == FindingKind.NO_TEAM)
    assert village_finding.message == "Tổ dân phố 1 chưa có tổ dân vận."
    assert village_finding.label == "Thôn chưa có tổ dân vận"
    # Units outside the subtree (Đắk Lắk) never appear.
    assert not any(f.unit.code == "24121" for f in findings)


def test_fully_staffed_tree_has_no_findings(complete, tree):
    assert completeness_findings(tree["gialai"], TODAY) == []
    # From the nation only Đắk Lắk's commune is left.
    assert kinds(completeness_findings(tree["nation"], TODAY)) == [(FindingKind.NO_BLOCK, "24121")]


def test_findings_stay_inside_the_subtree_asked_for(tree):
    assert kinds(completeness_findings(tree["pleiku"], TODAY)) == sorted(
        [(FindingKind.NO_BLOCK, "23575"), (FindingKind.NO_TEAM, tree["village"].code)]
    )
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.NO_TEAM, tree["village"].code)]


def test_inactive_village_is_not_reported(tree):
    Unit.objects.filter(pk=tree["village"].pk).update(is_active=False)
    assert kinds(completeness_findings(tree["pleiku"], TODAY)) == [(FindingKind.NO_BLOCK, "23575")]


@pytest.mark.parametrize(("unit_key", "size", "minimum"), [("pleiku", 6, 7), ("village", 2, 3)])
def test_team_under_its_minimum_size(tree, complete, unit_key, size, minimum):
    team, seats = complete[unit_key]
    seats[-1].end = TODAY - datetime.timedelta(days=1)
    seats[-1].save()
    findings = completeness_findings(tree["gialai"], TODAY)
    assert kinds(findings) == [(FindingKind.UNDERSIZED, tree[unit_key].code)]
    assert findings[0].team == team
    assert findings[0].message == f"{team.name} có {size} thành viên, tối thiểu {minimum}."


def test_exact_minimum_is_enough(tree):
    staff_team(tree["village"], 3, **TEAM_OK)
    assert completeness_findings(tree["village"], TODAY) == []
    staff_team(tree["hoiphu"], 7, **BLOCK_OK)
    assert completeness_findings(tree["hoiphu"], TODAY) == []


def test_ended_and_future_seats_do_not_count_but_seats_ending_later_do(tree):
    team, seats = staff_team(tree["village"], 3, **TEAM_OK)
    # A seat ending on the day itself is over on that day.
    seats[2].end = TODAY
    seats[2].save()
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.UNDERSIZED, tree["village"].code)]
    # Yesterday the member still sat on the team.
    assert completeness_findings(tree["village"], TODAY - datetime.timedelta(days=1)) == []
    # A seat starting tomorrow does not fill the gap today.
    SeatFactory(team=team, cadre=CadreFactory(unit=tree["village"]), start=TODAY + datetime.timedelta(days=1))
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.UNDERSIZED, tree["village"].code)]
    # A seat with a planned end next month still counts today.
    SeatFactory(
        team=team,
        cadre=CadreFactory(unit=tree["village"]),
        start=TODAY - datetime.timedelta(days=5),
        end=TODAY + datetime.timedelta(days=30),
    )
    assert completeness_findings(tree["village"], TODAY) == []


def test_member_who_left_no_longer_counts(tree, personas):
    _team, seats = staff_team(tree["village"], 3, **TEAM_OK)
    services.cadre_leave(
        acting_user=personas["commune_officer"], cadre=seats[1].cadre, on_date=TODAY - datetime.timedelta(days=3)
    )
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.UNDERSIZED, tree["village"].code)]


# --- the head's title ---------------------------------------------------------------


@pytest.mark.parametrize("title", [Title.STANDING_DEPUTY_SECRETARY, Title.FRONT_CHAIR])
def test_block_head_with_a_required_title_passes(tree, title):
    staff_team(tree["pleiku"], 7, head_title=title)
    assert [f for f in completeness_findings(tree["pleiku"], TODAY) if f.unit == tree["pleiku"]] == []


@pytest.mark.parametrize("title", [None, Title.DEPUTY_SECRETARY, Title.CIVIL_SERVANT, Title.CELL_SECRETARY])
def test_block_head_without_a_required_title_is_reported(tree, title):
    team, seats = staff_team(tree["hoiphu"], 7, head_title=title)
    findings = completeness_findings(tree["hoiphu"], TODAY)
    assert kinds(findings) == [(FindingKind.HEAD_TITLE, "23586")]
    finding = findings[0]
    assert finding.team == team
    head = seats[0].cadre
    assert finding.message == (
        f"Trưởng {team.name} là {head.full_name}, không giữ chức danh "
        "Phó Bí thư thường trực Đảng ủy hoặc Chủ tịch Ủy ban MTTQ."
    )


def test_village_team_head_must_be_cell_secretary_by_default(tree):
    staff_team(tree["village"], 3, head_title=Title.VILLAGE_HEAD)
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.HEAD_TITLE, tree["village"].code)]


def test_title_held_in_another_unit_does_not_satisfy_the_rule(tree):
    # The block head of Hội Phú is Front chair, but of Pleiku, not of Hội Phú.
    staff_team(tree["hoiphu"], 7, head_title=Title.FRONT_CHAIR, head_unit=tree["pleiku"])
    assert kinds(completeness_findings(tree["hoiphu"], TODAY)) == [(FindingKind.HEAD_TITLE, "23586")]
    # Cell secretary of another village does not qualify either.
    staff_team(tree["village"], 3, head_title=Title.CELL_SECRETARY, head_unit=tree["pleiku"])
    assert (FindingKind.HEAD_TITLE, tree["village"].code) in kinds(completeness_findings(tree["pleiku"], TODAY))


def test_title_must_be_held_on_the_day(tree):
    _team, seats = staff_team(tree["hoiphu"], 7)
    head = seats[0].cadre
    appointment = AppointmentFactory(
        cadre=head, unit=tree["hoiphu"], title=Title.FRONT_CHAIR, start=datetime.date(2025, 1, 1), end=TODAY
    )
    assert completeness_findings(tree["hoiphu"], TODAY - datetime.timedelta(days=1)) == []
    assert kinds(completeness_findings(tree["hoiphu"], TODAY)) == [(FindingKind.HEAD_TITLE, "23586")]
    appointment.end = None
    appointment.start = TODAY + datetime.timedelta(days=1)
    appointment.save()
    assert kinds(completeness_findings(tree["hoiphu"], TODAY)) == [(FindingKind.HEAD_TITLE, "23586")]


def test_title_of_an_ordinary_member_does_not_help_the_head(tree):
    _team, seats = staff_team(tree["hoiphu"], 7)
    AppointmentFactory(cadre=seats[1].cadre, unit=tree["hoiphu"], title=Title.FRONT_CHAIR)
    assert kinds(completeness_findings(tree["hoiphu"], TODAY)) == [(FindingKind.HEAD_TITLE, "23586")]


# --- vacancy ------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "reported"), [(29, False), (30, False), (31, True), (200, True)])
def test_vacancy_since_establishment_boundary(tree, days, reported):
    established = TODAY - datetime.timedelta(days=days)
    team, _seats = staff_team(tree["village"], 3, head=False, established_on=established)
    with time_machine.travel(at(TODAY), tick=False):
        findings = completeness_findings(tree["village"])  # on_date defaults to today
    if reported:
        assert kinds(findings) == [(FindingKind.VACANCY, tree["village"].code)]
        assert findings[0].since == established
        assert findings[0].team == team
        assert findings[0].message == (
            f"{team.name} khuyết trưởng từ {established:%d/%m/%Y} ({days} ngày, quá 30 ngày)."
        )
    else:
        assert findings == []


@pytest.mark.parametrize(("days", "reported"), [(30, False), (31, True)])
def test_vacancy_counts_from_when_the_last_head_left(tree, days, reported):
    _team, seats = staff_team(tree["village"], 4, **TEAM_OK, established_on=datetime.date(2024, 1, 1))
    left = TODAY - datetime.timedelta(days=days)
    seats[0].end = left
    seats[0].save()
    with time_machine.travel(at(TODAY), tick=False):
        findings = completeness_findings(tree["village"])
    if reported:
        assert kinds(findings) == [(FindingKind.VACANCY, tree["village"].code)]
        assert findings[0].since == left
    else:
        assert findings == []


def test_vacancy_with_undersized_team_reports_both(tree):
    staff_team(tree["village"], 1, head=False, established_on=datetime.date(2025, 1, 1))
    assert kinds(completeness_findings(tree["village"], TODAY)) == sorted(
        [(FindingKind.UNDERSIZED, tree["village"].code), (FindingKind.VACANCY, tree["village"].code)]
    )


def test_deputy_does_not_fill_the_head_vacancy(tree):
    team, _seats = staff_team(tree["village"], 3, head=False, established_on=datetime.date(2025, 1, 1))
    team.memberships.filter(pk=_seats[0].pk).update(role=TeamRole.DEPUTY)
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.VACANCY, tree["village"].code)]


def test_vacancy_days_are_configurable(tree, personas):
    services.team_rules_save(acting_user=personas["province_admin"], unit=tree["gialai"], vacancy_days=10)
    staff_team(tree["village"], 3, head=False, established_on=TODAY - datetime.timedelta(days=11))
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.VACANCY, tree["village"].code)]
    assert completeness_findings(tree["village"], TODAY - datetime.timedelta(days=1)) == []


# --- dissolved and future teams ------------------------------------------------------


def test_dissolved_team_counts_as_no_team(tree, personas):
    team, _seats = staff_team(tree["village"], 3, **TEAM_OK)
    services.team_dissolve(
        acting_user=personas["commune_officer"], team=team, on_date=TODAY - datetime.timedelta(days=2)
    )
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.NO_TEAM, tree["village"].code)]
    # Before dissolution it was complete.
    assert completeness_findings(tree["village"], TODAY - datetime.timedelta(days=3)) == []


def test_new_team_after_dissolution_is_judged_on_its_own(tree, personas):
    old, _seats = staff_team(tree["village"], 3, **TEAM_OK, established_on=datetime.date(2024, 1, 1))
    services.team_dissolve(acting_user=personas["commune_officer"], team=old, on_date=datetime.date(2025, 12, 31))
    new = TeamFactory(unit=tree["village"], established_on=datetime.date(2026, 1, 5))
    findings = completeness_findings(tree["village"], TODAY)
    assert kinds(findings) == sorted(
        [(FindingKind.UNDERSIZED, tree["village"].code), (FindingKind.VACANCY, tree["village"].code)]
    )
    assert {f.team for f in findings} == {new}


def test_team_established_later_does_not_exist_yet(tree):
    staff_team(tree["village"], 3, **TEAM_OK, established_on=TODAY + datetime.timedelta(days=1))
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.NO_TEAM, tree["village"].code)]


# --- rules by unit ------------------------------------------------------------------


def test_rules_default_when_none_are_set(tree):
    assert rules_for(tree["village"]) == DEFAULT_RULES
    assert rules_for(tree["pleiku"])["block_head_titles"] == [Title.STANDING_DEPUTY_SECRETARY, Title.FRONT_CHAIR]


def test_province_rules_override_defaults_and_commune_rules_override_the_province(tree, personas):
    admin = personas["province_admin"]
    services.team_rules_save(acting_user=admin, unit=tree["gialai"], block_min_size=3, team_min_size=2)
    # Hội Phú: block of 3 is enough under the province's rules.
    staff_team(tree["hoiphu"], 3, **BLOCK_OK)
    # Village of Pleiku: a team of 2 would do under the province's rules ...
    staff_team(tree["village"], 2, **TEAM_OK)
    # ... and Pleiku's block of 3 too.
    staff_team(tree["pleiku"], 3, **BLOCK_OK)
    assert completeness_findings(tree["gialai"], TODAY) == []
    # Pleiku sets its own, stricter rules: they win for Pleiku and its villages, not for Hội Phú.
    services.team_rules_save(acting_user=admin, unit=tree["pleiku"], block_min_size=5, team_min_size=4)
    assert rules_for(tree["village"])["team_min_size"] == 4
    assert rules_for(tree["hoiphu"])["block_min_size"] == 3
    findings = completeness_findings(tree["gialai"], TODAY)
    assert kinds(findings) == sorted(
        [(FindingKind.UNDERSIZED, "23575"), (FindingKind.UNDERSIZED, tree["village"].code)]
    )
    # The same answer when asking from the commune itself (rules above the root are found).
    assert kinds(completeness_findings(tree["pleiku"], TODAY)) == kinds(findings)
    assert kinds(completeness_findings(tree["village"], TODAY)) == [(FindingKind.UNDERSIZED, tree["village"].code)]


def test_rules_of_another_province_do_not_apply(tree, personas):
    services.team_rules_save(acting_user=personas["national_admin"], unit=tree["daklak"], team_min_size=10)
    staff_team(tree["village"], 3, **TEAM_OK)
    assert completeness_findings(tree["village"], TODAY) == []


def test_required_head_titles_are_configurable(tree, personas):
    staff_team(tree["pleiku"], 7, head_title=Title.PEOPLES_COMMITTEE_CHAIR)
    assert kinds(completeness_findings(tree["pleiku"], TODAY))[0] == (FindingKind.HEAD_TITLE, "23575")
    services.team_rules_save(
        acting_user=personas["province_admin"], unit=tree["gialai"], block_head_titles=[Title.PEOPLES_COMMITTEE_CHAIR]
    )
    assert (FindingKind.HEAD_TITLE, "23575") not in kinds(completeness_findings(tree["pleiku"], TODAY))
    # An empty list switches the check off.
    staff_team(tree["hoiphu"], 7, head_title=Title.CIVIL_SERVANT)
    services.team_rules_save(acting_user=personas["province_admin"], unit=tree["gialai"], block_head_titles=[])
    assert completeness_findings(tree["hoiphu"], TODAY) == []


def test_rules_saved_for_one_field_keep_the_rest_in_force(tree, personas):
    """Setting only the block size at the province must not silently drop the title requirement."""
    services.team_rules_save(acting_user=personas["province_admin"], unit=tree["gialai"], block_min_size=3)
    rules = rules_for(tree["hoiphu"])
    assert rules["block_min_size"] == 3
    assert rules["block_head_titles"] == DEFAULT_RULES["block_head_titles"]
    assert rules["team_head_titles"] == DEFAULT_RULES["team_head_titles"]
    staff_team(tree["hoiphu"], 3, head_title=Title.CIVIL_SERVANT)
    assert kinds(completeness_findings(tree["hoiphu"], TODAY)) == [(FindingKind.HEAD_TITLE, "23586")]


def test_commune_rules_start_from_the_province_rules(tree, personas):
    admin = personas["province_admin"]
    services.team_rules_save(acting_user=admin, unit=tree["gialai"], team_min_size=2, vacancy_days=60)
    services.team_rules_save(acting_user=admin, unit=tree["pleiku"], block_min_size=4)
    stored = TeamRules.objects.get(unit=tree["pleiku"])
    assert (stored.block_min_size, stored.team_min_size, stored.vacancy_days) == (4, 2, 60)


def test_summary_counts_each_kind(tree):
    staff_team(tree["village"], 2, head=False, established_on=datetime.date(2025, 1, 1))
    summary = {row["kind"]: row["count"] for row in findings_summary(completeness_findings(tree["gialai"], TODAY))}
    assert summary == {
        FindingKind.NO_BLOCK: 2,
        FindingKind.NO_TEAM: 0,
        FindingKind.UNDERSIZED: 1,
        FindingKind.HEAD_TITLE: 0,
        FindingKind.VACANCY: 1,
    }


def test_team_counts_count_live_teams_and_seats(tree, complete, personas):
    counts = selectors.team_counts(tree["gialai"], TODAY)
    assert counts == {"khoi": {"teams": 2, "members": 14}, "to": {"teams": 1, "members": 3}}
    services.team_dissolve(acting_user=personas["province_admin"], team=complete["hoiphu"][0], on_date=TODAY)
    counts = selectors.team_counts(tree["gialai"], TODAY)
    assert counts["khoi"] == {"teams": 1, "members": 7}
