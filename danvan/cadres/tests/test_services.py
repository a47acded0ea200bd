"""Writes of the cadre module: who may do what, and the rules every write keeps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cadres import rules as cadre_rules
from danvan.cadres import services
from danvan.cadres.choices import AttendanceResult, Gender, TeamKind, TeamRole, Title
from danvan.cadres.models import Appointment, Attendance, Cadre, Team, TeamMembership, TeamRules

from .conftest import TODAY, AppointmentFactory, CadreFactory, CourseFactory, SeatFactory, TeamFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PERSON = {"full_name": "Nguyễn Văn An", "gender": Gender.MALE, "birth_year": 1980}


def new_cadre(user, unit, **extra):
    return services.cadre_create(acting_user=user, unit=unit, **{**PERSON, **extra})


# --- permissions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit", "allowed"),
    [
        ("commune_officer", "pleiku", True),
        ("commune_officer", "village", True),
        ("commune_officer", "hoiphu", False),
        ("commune_officer", "gialai", False),
        ("sibling_officer", "pleiku", False),
        ("other_province_officer", "pleiku", False),
        ("province_admin", "hoiphu", True),
        ("province_admin", "gialai", True),
        ("province_admin", "bmt", False),
        ("national_admin", "bmt", True),
        ("superuser", "bmt", True),
        ("province_leader", "pleiku", False),
        ("viewer", "pleiku", False),
        ("village_member", "village", False),
        ("nobody", "pleiku", False),
    ],
)
def test_who_may_add_a_cadre(frozen, tree, personas, persona, unit, allowed):
    user = personas[persona]
    assert cadre_rules.may("cadres.manage", user, tree[unit]) is allowed
    assert user.has_perm("cadres.manage", tree[unit]) is allowed
    if allowed:
        cadre = new_cadre(user, tree[unit])
        assert cadre.history.get().history_user == user
    else:
        with pytest.raises(PermissionDenied):
            new_cadre(user, tree[unit])
        assert not Cadre.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("commune_officer", True), ("village_member", False), ("viewer", False), ("province_leader", False)],
)
def test_who_may_edit_end_and_appoint(frozen, tree, personas, persona, allowed):
    user = personas[persona]
    cadre = CadreFactory(unit=tree["village"])
    appointment = AppointmentFactory(cadre=cadre, unit=tree["village"], title=Title.VILLAGE_HEAD)
    calls = [
        lambda: services.cadre_update(acting_user=user, cadre=cadre, **PERSON),
        lambda: services.appointment_add(
            acting_user=user, cadre=cadre, unit=tree["village"], title=Title.CELL_SECRETARY, start=D(2026, 1, 1)
        ),
        lambda: services.appointment_end(acting_user=user, appointment=appointment, end=D(2026, 1, 1)),
        lambda: services.team_create(acting_user=user, unit=tree["village"], established_on=D(2026, 1, 1)),
        lambda: services.cadre_leave(acting_user=user, cadre=cadre, on_date=D(2026, 3, 1)),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    if not allowed:
        assert cadre.appointments.count() == 1 and not Team.objects.exists()


def test_village_member_may_log_field_days_but_not_manage(tree, personas):
    member = personas["village_member"]
    cadre = CadreFactory(unit=tree["village"])
    assert member.has_perm("cadres.log_field_day", cadre)
    assert not member.has_perm("cadres.manage", tree["village"])
    assert not member.has_perm("cadres.log_field_day", CadreFactory(unit=tree["pleiku"]))
    assert not personas["viewer"].has_perm("cadres.log_field_day", cadre)


def test_moving_a_cadre_needs_rights_over_both_units(frozen, tree, personas):
    officer = personas["commune_officer"]
    cadre = CadreFactory(unit=tree["pleiku"])
    with pytest.raises(PermissionDenied):
        services.cadre_update(acting_user=officer, cadre=cadre, unit=tree["hoiphu"], **PERSON)
    cadre.refresh_from_db()
    assert cadre.unit == tree["pleiku"]
    services.cadre_update(acting_user=officer, cadre=cadre, unit=tree["village"], **PERSON)
    cadre.refresh_from_db()
    assert cadre.unit == tree["village"]


# --- cadres and codes ---------------------------------------------------------------


def test_codes_are_generated_in_sequence(frozen, tree, personas):
    officer = personas["commune_officer"]
    first = new_cadre(officer, tree["pleiku"])
    second = new_cadre(officer, tree["pleiku"], full_name="Trần Văn Bình")
    assert (first.code, second.code) == ("CB00000001", "CB00000002")


def test_codes_continue_after_the_highest_and_ignore_other_shapes(tree):
    for code in ("CB00000041", "CB00000007", "CB000000999", "CB12", "XCB00000500", "cb00000600", "GL-0001"):
        CadreFactory(unit=tree["pleiku"], code=code)
    assert services.next_codes(3) == ["CB00000042", "CB00000043", "CB00000044"]
    assert services.next_codes(0) == []


def test_given_code_is_kept_and_must_be_unique(frozen, tree, personas):
    officer = personas["commune_officer"]
    cadre = new_cadre(officer, tree["pleiku"], code="GL-0001")
    assert cadre.code == "GL-0001"
    with pytest.raises(ValidationError) as excinfo:
        new_cadre(officer, tree["pleiku"], code="GL-0001")
    assert excinfo.value.message_dict == {"code": ["Mã cán bộ “GL-0001” đã được dùng."]}
    # Updating a cadre keeps its own code without a clash, and an empty code keeps the old one.
    services.cadre_update(acting_user=officer, cadre=cadre, code="", **PERSON)
    cadre.refresh_from_db()
    assert cadre.code == "GL-0001"


def test_cadre_fields_are_checked(frozen, tree, personas):
    officer = personas["commune_officer"]
    with pytest.raises(ValidationError) as excinfo:
        new_cadre(officer, tree["pleiku"], birth_year=2011)
    assert excinfo.value.message_dict == {"birth_year": ["Năm sinh phải từ 1936 đến 2010."]}
    new_cadre(officer, tree["pleiku"], birth_year=2010)
    with pytest.raises(ValidationError) as excinfo:
        new_cadre(officer, tree["pleiku"], party_joined_on=D(2005, 1, 1))
    assert set(excinfo.value.message_dict) == {"party_joined_on"}
    with pytest.raises(ValidationError) as excinfo:
        new_cadre(officer, tree["pleiku"], is_party_member=True, party_joined_on=TODAY + datetime.timedelta(days=1))
    assert set(excinfo.value.message_dict) == {"party_joined_on"}
    with pytest.raises(ValidationError) as excinfo:
        new_cadre(officer, tree["pleiku"], started_on=D(2020, 1, 1), left_on=D(2019, 12, 31))
    assert set(excinfo.value.message_dict) == {"left_on"}


def test_names_are_normalised_and_searchable(tree):
    cadre = CadreFactory(unit=tree["pleiku"], full_name="  Nguyễn   Văn  An ")
    assert (cadre.full_name, cadre.full_name_folded) == ("Nguyễn Văn An", "nguyen van an")
    assert list(Cadre.objects.search("nguyen van")) == [cadre]
    assert list(Cadre.objects.search(cadre.code)) == [cadre]


# --- leaving ------------------------------------------------------------------------


def test_leaving_closes_posts_and_seats(frozen, tree, personas):
    officer = personas["commune_officer"]
    cadre = CadreFactory(unit=tree["pleiku"], started_on=D(2020, 1, 1))
    open_post = AppointmentFactory(cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT, start=D(2021, 1, 1))
    planned_end = AppointmentFactory(
        cadre=cadre, unit=tree["pleiku"], title=Title.PARTY_COMMITTEE_MEMBER, start=D(2021, 1, 1), end=D(2026, 12, 31)
    )
    past = AppointmentFactory(
        cadre=cadre, unit=tree["pleiku"], title=Title.FRONT_CHAIR, start=D(2021, 1, 1), end=D(2023, 6, 30)
    )
    starts_later = AppointmentFactory(cadre=cadre, unit=tree["pleiku"], title=Title.OTHER, start=D(2026, 4, 1))
    seat = SeatFactory(team=TeamFactory(unit=tree["pleiku"]), cadre=cadre, start=D(2025, 1, 1))
    old_seat = SeatFactory(team=TeamFactory(unit=tree["village"]), cadre=cadre, start=D(2025, 1, 1), end=D(2025, 6, 1))

    services.cadre_leave(acting_user=officer, cadre=cadre, on_date=D(2026, 3, 1), reason="Nghỉ hưu")

    def end_of(obj):
        obj.refresh_from_db()
        return obj.end

    cadre.refresh_from_db()
    assert cadre.left_on == D(2026, 3, 1) and not cadre.is_active
    assert end_of(open_post) == D(2026, 3, 1)
    assert end_of(planned_end) == D(2026, 3, 1)  # still running on the day of leaving
    assert end_of(past) == D(2023, 6, 30)  # untouched
    assert end_of(starts_later) == D(2026, 4, 1)  # never started: ends on its own start
    assert end_of(seat) == D(2026, 3, 1)
    assert seat.end_reason == "Nghỉ hưu"
    assert end_of(old_seat) == D(2025, 6, 1)
    assert cadre.history.latest().history_change_reason == "Nghỉ hưu"
    assert open_post.history.latest().history_user == officer
    assert seat.history.latest().history_user == officer
    # The cadre is gone from the active list from that day.
    assert cadre not in Cadre.objects.active_on(D(2026, 3, 1))
    assert cadre in Cadre.objects.active_on(D(2026, 2, 28))


def test_leaving_before_starting_is_refused(frozen, tree, personas):
    cadre = CadreFactory(unit=tree["pleiku"], started_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.cadre_leave(acting_user=personas["commune_officer"], cadre=cadre, on_date=D(2023, 12, 31))
    assert set(excinfo.value.message_dict) == {"on_date"}
    cadre.refresh_from_db()
    assert cadre.left_on is None


# --- appointments -------------------------------------------------------------------


def test_appointment_add_checks_dates_duplicates_and_scope(frozen, tree, personas):
    officer = personas["commune_officer"]
    cadre = CadreFactory(unit=tree["pleiku"])
    add = services.appointment_add
    with pytest.raises(ValidationError) as excinfo:
        add(acting_user=officer, cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT, start=D(2025, 5, 1),
            end=D(2025, 4, 30))  # fmt: skip
    assert set(excinfo.value.message_dict) == {"end"}
    post = add(acting_user=officer, cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT, start=D(2025, 5, 1))
    assert post.history.get().history_user == officer
    with pytest.raises(ValidationError) as excinfo:
        add(acting_user=officer, cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT, start=D(2025, 6, 1))
    assert set(excinfo.value.message_dict) == {"title"}
    # The same title in another unit, or a closed one in the past, is fine.
    add(acting_user=officer, cadre=cadre, unit=tree["village"], title=Title.CIVIL_SERVANT, start=D(2025, 6, 1))
    add(acting_user=officer, cadre=cadre, unit=tree["pleiku"], title=Title.CIVIL_SERVANT, start=D(2020, 1, 1),
        end=D(2020, 12, 31))  # fmt: skip
    # A post in a unit outside the officer's scope is refused.
    with pytest.raises(PermissionDenied):
        add(acting_user=officer, cadre=cadre, unit=tree["hoiphu"], title=Title.FRONT_CHAIR, start=D(2025, 6, 1))
    assert cadre.appointments.count() == 3


def test_appointment_end_must_not_precede_the_start(frozen, tree, personas):
    officer = personas["commune_officer"]
    post = AppointmentFactory(cadre=CadreFactory(unit=tree["pleiku"]), unit=tree["pleiku"], start=D(2025, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.appointment_end(acting_user=officer, appointment=post, end=D(2025, 4, 30))
    assert excinfo.value.message_dict == {"end": ["Ngày kết thúc phải sau ngày bắt đầu (01/05/2025)."]}
    post.refresh_from_db()
    assert post.end is None
    services.appointment_end(acting_user=officer, appointment=post, end=D(2025, 5, 1))
    post.refresh_from_db()
    assert post.end == D(2025, 5, 1)
    with pytest.raises(PermissionDenied):
        services.appointment_end(acting_user=personas["sibling_officer"], appointment=post, end=D(2025, 6, 1))


# --- teams --------------------------------------------------------------------------


def test_team_create_at_commune_and_village_only_one_live(frozen, tree, personas):
    officer = personas["commune_officer"]
    block = services.team_create(acting_user=officer, unit=tree["pleiku"], established_on=D(2025, 1, 1))
    assert (block.kind, block.name) == (TeamKind.BLOCK, "Khối dân vận Phường Pleiku")
    team = services.team_create(acting_user=officer, unit=tree["village"], established_on=D(2025, 1, 1), name="Tổ 1")
    assert (team.kind, team.name) == (TeamKind.TEAM, "Tổ 1")
    with pytest.raises(ValidationError) as excinfo:
        services.team_create(acting_user=officer, unit=tree["pleiku"], established_on=D(2025, 2, 1))
    assert excinfo.value.messages == ["Phường Pleiku đã có khối dân vận đang hoạt động."]
    with pytest.raises(ValidationError):
        services.team_create(acting_user=personas["province_admin"], unit=tree["gialai"], established_on=D(2025, 1, 1))
    # After dissolution a new block may be set up.
    services.team_dissolve(acting_user=officer, team=block, on_date=D(2025, 12, 31))
    services.team_create(acting_user=officer, unit=tree["pleiku"], established_on=D(2026, 1, 1))
    assert Team.objects.filter(unit=tree["pleiku"]).count() == 2


def test_one_live_head_per_team(frozen, tree, personas):
    officer = personas["commune_officer"]
    team = TeamFactory(unit=tree["village"], established_on=D(2025, 1, 1))
    first = CadreFactory(unit=tree["village"], full_name="Ksor Y Phun")
    second = CadreFactory(unit=tree["village"], full_name="Rơ Châm H'Bút")
    head_seat = services.team_member_add(acting_user=officer, team=team, cadre=first, role=TeamRole.HEAD,
                                         start=D(2025, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_add(acting_user=officer, team=team, cadre=second, role=TeamRole.HEAD, start=D(2025, 2, 1))
    assert excinfo.value.message_dict == {
        "role": ["Đã có trưởng là Ksor Y Phun; cho người này thôi giữ vai trò trước."]
    }
    # A deputy is fine; so is a new head once the old one steps down.
    services.team_member_add(acting_user=officer, team=team, cadre=second, role=TeamRole.DEPUTY, start=D(2025, 2, 1))
    services.team_member_end(acting_user=officer, seat=head_seat, end=D(2025, 6, 30), reason="Chuyển công tác")
    third = CadreFactory(unit=tree["village"])
    services.team_member_add(acting_user=officer, team=team, cadre=third, role=TeamRole.HEAD, start=D(2025, 7, 1))
    assert list(team.memberships.filter(role=TeamRole.HEAD, end__isnull=True).values_list("cadre", flat=True)) == [
        third.pk
    ]


def test_team_member_add_refusals(frozen, tree, personas):
    officer = personas["commune_officer"]
    team = TeamFactory(unit=tree["village"], established_on=D(2025, 1, 1))
    cadre = CadreFactory(unit=tree["village"], full_name="Ksor Y Phun")
    add = services.team_member_add
    with pytest.raises(ValidationError) as excinfo:
        add(acting_user=officer, team=team, cadre=cadre, role=TeamRole.MEMBER, start=D(2024, 12, 31))
    assert set(excinfo.value.message_dict) == {"start"}
    add(acting_user=officer, team=team, cadre=cadre, role=TeamRole.MEMBER, start=D(2025, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        add(acting_user=officer, team=team, cadre=cadre, role=TeamRole.DEPUTY, start=D(2025, 2, 1))
    assert excinfo.value.message_dict == {"cadre_code": ["Ksor Y Phun đang là thành viên."]}
    gone = CadreFactory(unit=tree["village"], left_on=D(2025, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        add(acting_user=officer, team=team, cadre=gone, role=TeamRole.MEMBER, start=D(2025, 2, 1))
    assert set(excinfo.value.message_dict) == {"cadre_code"}
    # A cadre of another province cannot be seated by a commune officer.
    with pytest.raises(PermissionDenied):
        add(acting_user=officer, team=team, cadre=CadreFactory(unit=tree["bmt"]), role=TeamRole.MEMBER,
            start=D(2025, 2, 1))  # fmt: skip
    services.team_dissolve(acting_user=officer, team=team, on_date=D(2025, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        add(acting_user=officer, team=team, cadre=CadreFactory(unit=tree["village"]), role=TeamRole.MEMBER,
            start=D(2026, 1, 1))  # fmt: skip
    assert excinfo.value.messages == ["Khối, tổ này đã giải thể."]


def test_team_member_end_refusals(frozen, tree, personas):
    officer = personas["commune_officer"]
    seat = SeatFactory(team=TeamFactory(unit=tree["village"]), cadre=CadreFactory(unit=tree["village"]),
                       start=D(2025, 3, 1))  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_end(acting_user=officer, seat=seat, end=D(2025, 2, 28))
    assert set(excinfo.value.message_dict) == {"end"}
    services.team_member_end(acting_user=officer, seat=seat, end=D(2025, 3, 1), reason="Thôi")
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_end(acting_user=officer, seat=seat, end=D(2025, 4, 1))
    assert excinfo.value.messages == ["Thành viên này đã thôi từ 01/03/2025."]
    with pytest.raises(PermissionDenied):
        services.team_member_end(acting_user=personas["viewer"], seat=seat, end=D(2025, 4, 1))


def test_dissolving_closes_open_seats(frozen, tree, personas):
    officer = personas["commune_officer"]
    team = TeamFactory(unit=tree["village"], established_on=D(2025, 1, 1))
    open_seat = SeatFactory(team=team, cadre=CadreFactory(unit=tree["village"]), start=D(2025, 1, 1))
    closed = SeatFactory(team=team, cadre=CadreFactory(unit=tree["village"]), start=D(2025, 1, 1), end=D(2025, 5, 1))
    with pytest.raises(ValidationError):
        services.team_dissolve(acting_user=officer, team=team, on_date=D(2024, 12, 31))
    services.team_dissolve(acting_user=officer, team=team, on_date=D(2025, 12, 31), reason="Sáp nhập thôn")
    open_seat.refresh_from_db()
    closed.refresh_from_db()
    team.refresh_from_db()
    assert team.dissolved_on == D(2025, 12, 31)
    assert (open_seat.end, open_seat.end_reason) == (D(2025, 12, 31), "Sáp nhập thôn")
    assert closed.end == D(2025, 5, 1)


# --- rules --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["commune_officer", "province_leader", "viewer", "sibling_officer"])
def test_only_administrators_set_rules(tree, personas, persona):
    with pytest.raises(PermissionDenied):
        services.team_rules_save(acting_user=personas[persona], unit=tree["pleiku"], team_min_size=1)
    assert not TeamRules.objects.exists()


def test_rules_are_saved_once_per_unit(tree, personas):
    admin = personas["province_admin"]
    services.team_rules_save(acting_user=admin, unit=tree["pleiku"], team_min_size=4)
    rules = services.team_rules_save(acting_user=admin, unit=tree["pleiku"], vacancy_days=45)
    assert TeamRules.objects.count() == 1
    assert (rules.team_min_size, rules.vacancy_days) == (4, 45)
    with pytest.raises(PermissionDenied):
        services.team_rules_save(acting_user=admin, unit=tree["bmt"], team_min_size=4)


# --- training -----------------------------------------------------------------------


def test_attendance_is_one_row_per_cadre_and_course(frozen, tree, personas):
    officer = personas["commune_officer"]
    course = services.course_create(
        acting_user=officer, unit=tree["pleiku"], title="  Kỹ năng   dân vận ", start=D(2025, 12, 29),
        end=D(2026, 1, 2), hours=24,
    )  # fmt: skip
    assert course.title == "Kỹ năng dân vận"
    cadre = CadreFactory(unit=tree["village"])
    services.attendance_record(acting_user=officer, course=course, cadre=cadre, result=AttendanceResult.PENDING)
    services.attendance_record(
        acting_user=officer, course=course, cadre=cadre, result=AttendanceResult.PASSED, certificate_no="GCN-1"
    )
    attendance = Attendance.objects.get()
    assert (attendance.result, attendance.certificate_no, attendance.year) == (AttendanceResult.PASSED, "GCN-1", 2026)
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            acting_user=officer, course=course, cadre=CadreFactory(unit=tree["bmt"]), result=AttendanceResult.PASSED
        )
    with pytest.raises(ValidationError):
        services.course_create(acting_user=officer, unit=tree["pleiku"], title="X", start=D(2025, 5, 2),
                               end=D(2025, 5, 1), hours=1)  # fmt: skip


def test_course_outside_scope_is_refused(tree, personas):
    with pytest.raises(PermissionDenied):
        services.course_create(
            acting_user=personas["commune_officer"], unit=tree["hoiphu"], title="X", start=D(2025, 5, 1),
            end=D(2025, 5, 2), hours=1,
        )  # fmt: skip
    course = CourseFactory(unit=tree["hoiphu"])
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            acting_user=personas["commune_officer"], course=course, cadre=CadreFactory(unit=tree["pleiku"]),
            result=AttendanceResult.PASSED,
        )  # fmt: skip


def test_appointment_history_keeps_the_acting_user(frozen, tree, personas):
    officer = personas["commune_officer"]
    cadre = CadreFactory(unit=tree["pleiku"])
    post = services.appointment_add(
        acting_user=officer, cadre=cadre, unit=tree["pleiku"], title=Title.FRONT_CHAIR, start=D(2025, 1, 1)
    )
    services.appointment_end(acting_user=personas["province_admin"], appointment=post, end=D(2025, 12, 31))
    assert [h.history_user for h in Appointment.history.filter(id=post.pk).order_by("history_id")] == [
        officer,
        personas["province_admin"],
    ]
    assert TeamMembership.objects.count() == 0


def test_a_role_change_ends_the_seat_and_opens_a_new_one(frozen, tree, personas):
    officer = personas["commune_officer"]
    team = TeamFactory(unit=tree["village"], established_on=D(2025, 1, 1))
    head = CadreFactory(unit=tree["village"], full_name="Ksor Y Phun")
    deputy = CadreFactory(unit=tree["village"], full_name="Rơ Châm H'Bút")
    head_seat = services.team_member_add(
        acting_user=officer, team=team, cadre=head, role=TeamRole.HEAD, start=D(2025, 1, 1)
    )
    seat = services.team_member_add(
        acting_user=officer, team=team, cadre=deputy, role=TeamRole.DEPUTY, start=D(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_change_role(acting_user=officer, seat=seat, role=TeamRole.HEAD, on_date=D(2026, 1, 1))
    assert excinfo.value.message_dict == {
        "role": ["Đã có trưởng là Ksor Y Phun; cho người này thôi giữ vai trò trước."]
    }
    services.team_member_change_role(acting_user=officer, seat=head_seat, role=TeamRole.MEMBER, on_date=D(2026, 1, 1))
    new = services.team_member_change_role(acting_user=officer, seat=seat, role=TeamRole.HEAD, on_date=D(2026, 1, 1))
    seat.refresh_from_db()
    assert (seat.end, seat.end_reason, seat.role) == (D(2026, 1, 1), "Đổi vai trò", TeamRole.DEPUTY)
    assert (new.pk != seat.pk, new.role, new.start, new.end) == (True, TeamRole.HEAD, D(2026, 1, 1), None)
    assert TeamMembership.objects.filter(team=team, cadre=deputy).count() == 2  # the deputy years stay as history
    for bad in ({"role": TeamRole.HEAD, "on_date": D(2026, 2, 1)}, {"role": TeamRole.MEMBER, "on_date": D(2025, 12, 31)},
                {"role": TeamRole.MEMBER, "on_date": TODAY + datetime.timedelta(days=1)}):  # fmt: skip
        with pytest.raises(ValidationError):
            services.team_member_change_role(acting_user=officer, seat=new, **bad)
    with pytest.raises(PermissionDenied):
        services.team_member_change_role(
            acting_user=personas["sibling_officer"], seat=new, role=TeamRole.MEMBER, on_date=D(2026, 2, 1)
        )


def test_a_role_change_on_the_first_day_changes_the_seat_in_place(frozen, tree, personas):
    officer = personas["commune_officer"]
    team = TeamFactory(unit=tree["village"], established_on=D(2025, 1, 1))
    seat = services.team_member_add(
        acting_user=officer,
        team=team,
        cadre=CadreFactory(unit=tree["village"]),
        role=TeamRole.MEMBER,
        start=D(2026, 3, 2),
    )
    same = services.team_member_change_role(acting_user=officer, seat=seat, role=TeamRole.DEPUTY, on_date=D(2026, 3, 2))
    assert same.pk == seat.pk and TeamMembership.objects.get(pk=seat.pk).role == TeamRole.DEPUTY


def test_organisations_one_per_kind_with_members_over_time(frozen, tree, personas):
    officer = personas["commune_officer"]
    front = services.organisation_create(acting_user=officer, unit=tree["pleiku"], kind="mttq")
    assert front.name == "Mặt trận Tổ quốc Phường Pleiku"
    with pytest.raises(ValidationError):
        services.organisation_create(acting_user=officer, unit=tree["pleiku"], kind="mttq")
    with pytest.raises(PermissionDenied):
        services.organisation_create(acting_user=personas["sibling_officer"], unit=tree["pleiku"], kind="hnd")
    cadre = CadreFactory(unit=tree["pleiku"])
    member = services.organisation_member_add(
        acting_user=officer, organisation=front, cadre=cadre, start=D(2025, 7, 1), position="Ủy viên"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_member_add(acting_user=officer, organisation=front, cadre=cadre, start=D(2025, 8, 1))
    assert set(excinfo.value.message_dict) == {"cadre_code"}
    with pytest.raises(ValidationError):
        services.organisation_member_end(acting_user=officer, membership=member, end=D(2025, 6, 30))
    services.organisation_member_end(acting_user=officer, membership=member, end=D(2026, 1, 31))
    member.refresh_from_db()
    assert member.end == D(2026, 1, 31)
    services.organisation_member_add(acting_user=officer, organisation=front, cadre=cadre, start=D(2026, 3, 1))
    assert front.memberships.count() == 2 and front.memberships.filter(end__isnull=True).count() == 1
