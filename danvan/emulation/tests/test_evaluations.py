"""A council's evaluation: opened only on a monitored model, on the rubric in force, by independent members (never
the person who registered the model), each told; sheets marked on every criterion; the members' marks hidden
from one another until each has sent; the combined score, its spread and the flag worked out by hand; the
decision that recognises or refuses, moving the stage, and refused from the wrong stages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.models import Notification
from danvan.emulation import selectors, services
from danvan.emulation.choices import Stage, Step
from danvan.emulation.models import Decision, Evaluation, Mark, Scoresheet, StepRecord

from .conftest import register
from .councils import CLOSE, HIGH, LOW, MIDDLE, evaluated, marks, monitored, open_council, recognise, send

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def members(tree):
    return [
        make_user("hoidong.ngoc", Role.VIEWER, tree["pleiku"], full_name="Trần Thị Bích Ngọc Hội Đồng Pleiku"),
        make_user("hoidong.hung", Role.VIEWER, tree["gialai"], full_name="Lê Văn Quang Hùng Hội Đồng Gia Lai"),
        make_user("hoidong.hoa", Role.LEADER, tree["pleiku"], full_name="Nguyễn Thị Thanh Hòa Hội Đồng Phường"),
    ]


@pytest.fixture
def practice(tree, personas, rubric, frozen):
    return monitored(personas["commune_officer"], tree["pleiku"])


def errors_of(call):
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


# --- Opening ---


def test_opening_makes_one_sheet_per_member_and_tells_each(personas, practice, members, rubric):
    evaluation = open_council(personas["commune_officer"], practice, members[:2])
    assert (evaluation.rubric, evaluation.opened_on, evaluation.council) == (rubric, D(2026, 11, 10), practice.unit)
    assert sorted(s.evaluator.username for s in evaluation.sheets.all()) == ["hoidong.hung", "hoidong.ngoc"]
    notice = Notification.objects.get(user=members[0])
    sheet = evaluation.sheets.get(evaluator=members[0])
    assert notice.title == f"Mời chấm điểm mô hình “{practice.name}”"
    assert notice.url == f"/dan-van-kheo/phieu-cham/{sheet.pk}/"
    assert Notification.objects.filter(user=personas["commune_officer"]).count() == 0
    practice.refresh_from_db()
    assert practice.stage == Stage.MONITORED  # opening is no step; closing is


def test_opening_is_refused_before_the_model_is_monitored_naming_the_stage(tree, personas, rubric, members, frozen):
    registered = register(personas["commune_officer"], tree["pleiku"])
    found = errors_of(lambda: open_council(personas["commune_officer"], registered, members[:2]))
    assert "đang ở bước “Đã đăng ký”" in found["step"][0] and "“Đang theo dõi”" in found["step"][0]
    assert not Evaluation.objects.exists()


def test_opening_needs_a_rubric_in_force_that_day(tree, personas, members, frozen):
    practice = monitored(personas["commune_officer"], tree["pleiku"])  # no rubric at all
    found = errors_of(lambda: open_council(personas["commune_officer"], practice, members[:2]))
    assert found["rubric"] == ["Tỉnh chưa ban hành bảng tiêu chí chấm điểm có hiệu lực vào ngày 10/11/2026."]


def test_the_rubric_in_force_is_read_on_the_opening_day(tree, personas, practice, members, rubric):
    old = monitored(personas["province_admin"], tree["pleiku"], year=2024, start_on=D(2024, 1, 10))
    found = errors_of(lambda: open_council(personas["commune_officer"], old, members[:2], opened_on=D(2024, 6, 1)))
    assert "01/06/2024" in found["rubric"][0]  # version 1 is in force from 2025
    found = errors_of(lambda: open_council(personas["commune_officer"], practice, members[:2], opened_on=D(2025, 6, 1)))
    assert "opened_on" in found  # before the model was even built
    found = errors_of(
        lambda: open_council(personas["commune_officer"], practice, members[:2], opened_on=D(2026, 12, 1))
    )
    assert found["opened_on"] == ["Ngày không được ở tương lai."]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (lambda p, m: [m[0]], "ít nhất 2 thành viên"),
        (lambda p, m: [m[0], m[0]], "ít nhất 2 thành viên"),
        (lambda p, m: [m[0], p["commune_officer"]], "canbo.pleiku là người đăng ký mô hình nên không chấm"),
        (lambda p, m: [m[0], p["sibling_officer"]], "canbo.hoiphu không có quyền xem đơn vị đăng ký"),
        (lambda p, m: [m[0], p["village_member"]], "tdv.pleiku không có quyền xem đơn vị đăng ký"),
    ],
)
def test_members_are_independent_and_see_the_registering_unit(personas, practice, members, who, message):
    found = errors_of(lambda: open_council(personas["province_admin"], practice, who(personas, members)))
    assert message in found["evaluators"][0]
    assert not Scoresheet.objects.exists() and not Notification.objects.exists()


def test_a_locked_account_is_no_member(personas, practice, members):
    members[1].is_active = False
    members[1].save()
    found = errors_of(lambda: open_council(personas["commune_officer"], practice, members[:2]))
    assert found["evaluators"] == ["Tài khoản hoidong.hung đã bị khóa."]


def test_one_open_evaluation_at_a_time(personas, practice, members):
    open_council(personas["commune_officer"], practice, members[:2])
    found = errors_of(lambda: open_council(personas["province_admin"], practice, members[1:], council=practice.unit))
    assert found["step"] == ["Mô hình đang có một đợt chấm điểm chưa kết thúc."]


def test_a_council_sits_at_the_registering_unit_or_above_it(tree, personas, practice, members):
    admin = personas["province_admin"]
    assert open_council(admin, practice, members[:2], council=tree["gialai"]).council == tree["gialai"]
    other = monitored(personas["commune_officer"], tree["pleiku"], name="Mô hình thứ hai")
    with pytest.raises(PermissionDenied):
        open_council(admin, other, members[:2], council=tree["hoiphu"])  # a sibling commune
    with pytest.raises(PermissionDenied):
        open_council(admin, other, members[:2], council=tree["village"])  # a village holds no council
    with pytest.raises(PermissionDenied):
        open_council(personas["commune_officer"], other, members[:2], council=tree["gialai"])
    assert [u.name for u in selectors.council_choices(admin, other)] == ["Phường Pleiku", "Gia Lai"]
    assert [u.name for u in selectors.council_choices(personas["commune_officer"], other)] == ["Phường Pleiku"]


# --- Sheets ---


def test_a_sheet_needs_every_criterion_within_its_scale_each_error_naming_it(personas, practice, members, rubric):
    evaluation = open_council(personas["commune_officer"], practice, members[:2])
    sheet = evaluation.sheets.get(evaluator=members[0])
    c1, c2, c3, c4 = rubric.criteria.order_by("order")
    given = {c1.pk: "11", c2.pk: "6,555", c3.pk: "bảy"}
    found = errors_of(lambda: services.sheet_submit(acting_user=members[0], sheet=sheet, marks=given))
    assert found == {
        f"mark_{c1.pk}": ["Điểm tiêu chí “Giải quyết vấn đề bức xúc ở cơ sở” từ 0 đến 10."],
        f"mark_{c2.pk}": ["Điểm tiêu chí “Thu hút nhiều lực lượng tham gia” có nhiều nhất hai chữ số thập phân."],
        f"mark_{c3.pk}": ["Điểm tiêu chí “Hiệu quả thiết thực, kiểm chứng được” phải là một số."],
        f"mark_{c4.pk}": ["Chấm điểm tiêu chí “Bền vững, nhân rộng được”."],
    }
    assert not Mark.objects.exists()
    sent = services.sheet_submit(
        acting_user=members[0], sheet=sheet, marks={c1.pk: "8,5", c2.pk: 6, c3.pk: "0", c4.pk: "5"},
        comment="Mô hình giải quyết được việc dân cần.",
    )  # fmt: skip
    assert sent.submitted_at is not None
    assert sorted(Mark.objects.filter(sheet=sheet).values_list("value", flat=True)) == [
        Decimal("0.00"), Decimal("5.00"), Decimal("6.00"), Decimal("8.50"),
    ]  # fmt: skip


def test_a_sent_sheet_is_final_and_only_its_member_marks_it(personas, practice, members, rubric):
    evaluation = open_council(personas["commune_officer"], practice, members[:2])
    sheet = evaluation.sheets.get(evaluator=members[0])
    with pytest.raises(PermissionDenied):
        services.sheet_submit(acting_user=members[1], sheet=sheet, marks=marks(rubric, HIGH))
    with pytest.raises(PermissionDenied):
        services.sheet_submit(acting_user=personas["superuser"], sheet=sheet, marks=marks(rubric, HIGH))
    send(evaluation, members[0], HIGH)
    with pytest.raises(PermissionDenied):
        send(evaluation, members[0], LOW)
    assert Mark.objects.filter(sheet=sheet).count() == 4


def test_a_member_sees_the_others_marks_only_after_sending_their_own(personas, practice, members):
    evaluation = open_council(personas["commune_officer"], practice, members)
    ngoc, hung, hoa = members
    send(evaluation, ngoc, HIGH)

    def seen(user):
        fresh = Evaluation.objects.get(pk=evaluation.pk)
        return {
            row.sheet.evaluator.username: (row.sent, row.visible, row.score)
            for row in selectors.sheet_rows(user, fresh)
        }

    # Hùng has not sent: he sees that Ngọc has, not her marks.
    assert seen(hung)["hoidong.ngoc"] == (True, False, None)
    assert seen(personas["commune_officer"])["hoidong.ngoc"] == (True, False, None)  # not a member
    assert seen(ngoc)["hoidong.ngoc"] == (True, True, pytest.approx(73))
    send(evaluation, hung, LOW)
    assert seen(hung)["hoidong.ngoc"] == (True, True, pytest.approx(73))
    assert seen(ngoc)["hoidong.hung"] == (True, True, pytest.approx(47))
    assert seen(hoa) == {"hoidong.ngoc": (True, False, None), "hoidong.hung": (True, False, None),
                         "hoidong.hoa": (False, True, None)}  # fmt: skip
    assert seen(personas["province_admin"])["hoidong.hung"] == (True, False, None)
    services.evaluation_close(acting_user=personas["commune_officer"], evaluation=evaluation, note="Đã trao đổi.")
    assert seen(personas["commune_officer"]) == {
        "hoidong.ngoc": (True, True, pytest.approx(73)), "hoidong.hung": (True, True, pytest.approx(47)),
        "hoidong.hoa": (False, False, None),
    }  # fmt: skip


# --- Closing: the combined score, its spread and the flag ---


def test_two_close_sheets_combine_without_a_flag(personas, practice, members, rubric):
    """73 and 60: mean 66,50, spread 13,00 ≤ 20. Criterion 1 (8 and 5 of 10: 30 points of 100 apart) is disputed;
    criterion 4 (4 and 3 of 5: 20 points apart, not above 20) is not."""
    evaluation = evaluated(personas["commune_officer"], practice, members[:2], sheets=(HIGH, CLOSE))
    evaluation.refresh_from_db()
    assert (evaluation.score, evaluation.spread, evaluation.flagged) == (Decimal("66.50"), Decimal("13.00"), False)
    assert evaluation.closed_on == D(2026, 11, 10)
    combined = selectors.combined_of(evaluation, 20)
    assert [c.name for c in selectors.criteria_named(rubric, combined.disputed)] == [
        "Giải quyết vấn đề bức xúc ở cơ sở"
    ]
    practice.refresh_from_db()
    assert practice.stage == Stage.EVALUATED
    step = StepRecord.objects.filter(practice=practice).last()
    assert (step.step, step.from_stage, step.actor) == (Step.EVALUATE, Stage.MONITORED, personas["commune_officer"])
    assert step.note.startswith("Điểm tổng hợp 66,50, độ lệch 13,00 (2 phiếu)")


def test_a_spread_above_the_limit_needs_the_councils_discussion(personas, practice, members):
    """73 and 47: spread 26,00 > 20, so the council must write its discussion; the score is 60,00."""
    officer = personas["commune_officer"]
    evaluation = open_council(officer, practice, members[:2])
    send(evaluation, members[0], HIGH)
    send(evaluation, members[1], LOW)
    found = errors_of(lambda: services.evaluation_close(acting_user=officer, evaluation=evaluation, note="  "))
    assert "chênh nhau 26,00 điểm, quá mức 20 điểm" in found["note"][0] and "trao đổi" in found["note"][0]
    practice.refresh_from_db()
    assert practice.stage == Stage.MONITORED and Evaluation.objects.get().closed_on is None
    note = "Hội đồng trao đổi: thành viên Hùng chưa nắm kết quả hiến đất; thống nhất giữ điểm."
    closed = services.evaluation_close(acting_user=officer, evaluation=evaluation, note=note)
    assert (closed.score, closed.spread, closed.flagged, closed.note) == (
        Decimal("60.00"),
        Decimal("26.00"),
        True,
        note,
    )


def test_three_sheets_and_the_provinces_own_limit(tree, personas, practice, members):
    """73, 47 and 64: mean 184 ÷ 3 = 61,33 (two decimals, half up), spread 26,00; the province allows 30."""
    services.setting_save(
        acting_user=personas["province_admin"], province=tree["gialai"], follow_up_months=12, spread_limit=30
    )
    evaluation = evaluated(personas["commune_officer"], practice, members, sheets=(HIGH, LOW, MIDDLE))
    assert (evaluation.score, evaluation.spread, evaluation.flagged) == (Decimal("61.33"), Decimal("26.00"), False)


def test_closing_needs_two_sheets_sent_and_leaves_out_a_sheet_not_sent(personas, practice, members):
    officer = personas["commune_officer"]
    evaluation = open_council(officer, practice, members)
    send(evaluation, members[0], HIGH)
    found = errors_of(lambda: services.evaluation_close(acting_user=officer, evaluation=evaluation))
    assert found["sheets"] == ["Cần ít nhất 2 phiếu chấm đã gửi; mới có 1."]
    send(evaluation, members[2], CLOSE)
    closed = services.evaluation_close(acting_user=officer, evaluation=evaluation)
    assert closed.score == Decimal("66.50")
    with pytest.raises(PermissionDenied):  # the evaluation is closed: Hùng's sheet can no longer be sent
        send(closed, members[1], LOW)
    with pytest.raises(ValidationError):
        services.evaluation_close(acting_user=officer, evaluation=closed)


# --- The decision ---


def test_recognition_moves_the_model_and_schedules_its_first_follow_up(personas, practice, members):
    evaluation = evaluated(personas["commune_officer"], practice, members[:2])
    decision = recognise(personas["province_leader"], evaluation, date=D(2026, 11, 10))
    assert (decision.level, decision.number, decision.outcome) == ("xa", "125-QĐ/DVK", "cong_nhan")
    practice.refresh_from_db()
    assert practice.stage == Stage.RECOGNISED
    assert (practice.recognised_on, practice.recognised_level, practice.vitality) == (
        D(2026, 11, 10),
        "xa",
        "hoat_dong",
    )
    assert practice.next_follow_up_on == D(2027, 11, 10)
    assert StepRecord.objects.filter(practice=practice).last().step == Step.RECOGNISE


def test_a_province_council_recognises_at_the_provinces_level_on_the_provinces_interval(
    tree, personas, practice, members
):
    services.setting_save(
        acting_user=personas["province_admin"], province=tree["gialai"], follow_up_months=6, spread_limit=20
    )
    evaluation = open_council(personas["province_admin"], practice, members[:2], council=tree["gialai"])
    send(evaluation, members[0], HIGH)
    send(evaluation, members[1], CLOSE)
    services.evaluation_close(acting_user=personas["province_admin"], evaluation=evaluation)
    with pytest.raises(PermissionDenied):  # the ward's leaders do not decide for the province's council
        recognise(members[2], evaluation)
    recognise(personas["province_leader"], evaluation, date=D(2026, 11, 10))
    practice.refresh_from_db()
    assert (practice.recognised_level, practice.next_follow_up_on) == ("tinh", D(2027, 5, 10))


def test_a_refusal_needs_its_reason(personas, practice, members):
    evaluation = evaluated(personas["commune_officer"], practice, members[:2], sheets=(LOW, LOW))
    leader = personas["province_leader"]

    def refuse(reason):
        return services.decision_record(
            acting_user=leader, evaluation=evaluation, outcome="khong_cong_nhan", date=D(2026, 11, 10), reason=reason
        )

    assert errors_of(lambda: refuse(" ")) == {"reason": ["Trường này không được để trống."]}
    decision = refuse("Kết quả chưa kiểm chứng được; chưa lan tỏa ra các tổ dân phố khác.")
    practice.refresh_from_db()
    assert (practice.stage, practice.recognised_on, decision.level) == (Stage.REFUSED, None, "")


def test_a_recognition_names_its_decision_and_comes_after_the_evaluation(personas, practice, members):
    evaluation = evaluated(personas["commune_officer"], practice, members[:2])
    found = errors_of(
        lambda: services.decision_record(
            acting_user=personas["province_leader"], evaluation=evaluation, outcome="cong_nhan", date=D(2026, 11, 9)
        )
    )
    assert set(found) == {"number", "signer", "date"}
    assert "không được trước ngày kết thúc chấm (10/11/2026)" in found["date"][0]
    found = errors_of(
        lambda: services.decision_record(
            acting_user=personas["province_leader"], evaluation=evaluation, outcome="khen", date=D(2026, 11, 10)
        )
    )
    assert found["outcome"] == ["Chọn công nhận hoặc không công nhận."]


def test_decisions_are_refused_from_the_wrong_stages(personas, practice, members):
    leader, officer = personas["province_leader"], personas["commune_officer"]
    evaluation = open_council(officer, practice, members[:2])
    send(evaluation, members[0], HIGH)
    send(evaluation, members[1], CLOSE)
    found = errors_of(lambda: recognise(leader, evaluation))  # still open, the model only monitored
    assert "chưa kết thúc chấm điểm" in found["evaluation"][0]
    assert "đang ở bước “Đang theo dõi”" in found["step"][0]
    services.evaluation_close(acting_user=officer, evaluation=evaluation)
    recognise(leader, evaluation)
    found = errors_of(lambda: recognise(leader, evaluation, number="126-QĐ/DVK"))
    assert "đang ở bước “Được công nhận”" in found["step"][0]
    found = errors_of(lambda: open_council(officer, practice, members[:2]))  # a recognised model is not re-opened
    assert "đang ở bước “Được công nhận”" in found["step"][0]
    assert Decision.objects.count() == 1
