"""The follow-up scheduler and its flags across years: the first follow-up is due one interval after the
recognition (a year, or the province's own interval), each next one an interval after the last was done; a
model is overdue the day after its due date, not on it; 29 February becomes 28 February. And the follow-up
itself: every indicator re-measured, evidence unless the model stopped, the dates in order."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.emulation import risk, schedule, services
from danvan.emulation.choices import Stage, Step, Vitality
from danvan.emulation.models import Evidence, FollowUp, Measurement, Practice, Setting, StepRecord

from .conftest import at, register
from .recognised import follow_up, photo, recognised

pytestmark = pytest.mark.django_db

D = datetime.date
OVERDUE = risk.Reason.OVERDUE


def reasons(practice, today):
    return risk.assess(Practice.objects.filter(pk=practice.pk), today)[practice.pk].reasons


def test_adding_months_keeps_the_day_or_takes_the_months_last():
    assert schedule.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert schedule.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert schedule.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert schedule.add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)
    assert schedule.add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)


def test_a_year_by_default_and_the_provinces_own_interval_where_it_set_one(tree):
    assert schedule.next_due(tree["pleiku"], D(2025, 3, 10)) == D(2026, 3, 10)
    Setting.objects.create(province=tree["gialai"], follow_up_months=6)
    assert schedule.next_due(tree["pleiku"], D(2025, 3, 10)) == D(2025, 9, 10)
    assert schedule.next_due(tree["village"], D(2025, 3, 10)) == D(2025, 9, 10)
    assert schedule.next_due(tree["gialai"], D(2025, 3, 10)) == D(2025, 9, 10)
    assert schedule.next_due(tree["bmt"], D(2025, 3, 10)) == D(2026, 3, 10)  # Đắk Lắk keeps the default


def test_a_model_recognised_on_29_february_is_due_on_28_february_and_late_from_1_march(tree, personas):
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2024, 2, 29))
    assert practice.next_follow_up_on == D(2025, 2, 28)
    assert reasons(practice, D(2025, 2, 28)) == []
    assert reasons(practice, D(2025, 3, 1)) == [OVERDUE]

    done = follow_up(officer, practice, D(2025, 2, 28))
    practice.refresh_from_db()
    assert done.due_on == D(2025, 2, 28)
    assert practice.next_follow_up_on == D(2026, 2, 28)
    assert reasons(practice, D(2026, 2, 28)) == []
    assert reasons(practice, D(2026, 3, 1)) == [OVERDUE]
    # Four years on the leap day is back.
    for day in (D(2026, 2, 27), D(2027, 2, 26)):
        follow_up(officer, practice, day)
    follow_up(officer, practice, D(2027, 2, 28))
    practice.refresh_from_db()
    assert practice.next_follow_up_on == D(2028, 2, 28)


def test_a_province_that_follows_up_every_six_months_across_the_new_year(tree, personas):
    Setting.objects.create(province=tree["gialai"], follow_up_months=6)
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2025, 8, 31))
    assert practice.next_follow_up_on == D(2026, 2, 28)
    assert reasons(practice, D(2026, 1, 1)) == []
    assert reasons(practice, D(2026, 3, 1)) == [OVERDUE]

    late = follow_up(officer, practice, D(2026, 3, 10))  # nine days late: the next is six months after it
    practice.refresh_from_db()
    assert (late.due_on, late.done_on) == (D(2026, 2, 28), D(2026, 3, 10))
    assert practice.next_follow_up_on == D(2026, 9, 10)
    assert reasons(practice, D(2026, 9, 10)) == []
    assert reasons(practice, D(2026, 9, 11)) == [OVERDUE]
    # The province changes its interval back to a year: only the dates set afterwards move.
    Setting.objects.filter(province=tree["gialai"]).update(follow_up_months=12)
    practice.refresh_from_db()
    assert practice.next_follow_up_on == D(2026, 9, 10)
    follow_up(officer, practice, D(2026, 9, 1))
    practice.refresh_from_db()
    assert practice.next_follow_up_on == D(2027, 9, 1)


def test_a_follow_up_re_measures_every_indicator_with_its_evidence(tree, personas, frozen):
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2025, 10, 20))
    land, households = practice.indicators.all()
    done = follow_up(officer, practice, D(2026, 10, 5), Vitality.WEAKENING, values=["980,5", "31"],
                     note="Hai hộ chưa hoàn thành việc dời hàng rào; tổ tự quản họp hằng quý.")  # fmt: skip
    practice.refresh_from_db()
    assert practice.stage == Stage.FOLLOWED_UP and practice.vitality == Vitality.WEAKENING
    assert practice.next_follow_up_on == D(2027, 10, 5)
    assert (done.due_on, done.vitality, done.created_by) == (D(2026, 10, 20), Vitality.WEAKENING, officer)
    assert sorted((m.indicator_id, str(m.value), m.measured_on) for m in done.measurements.all()) == [
        (land.pk, "980.50", D(2026, 10, 5)), (households.pk, "31.00", D(2026, 10, 5)),
    ]  # fmt: skip
    evidence = Evidence.objects.get(practice=practice)
    assert evidence.follow_up == done and evidence.content_type == "image/png"
    step = StepRecord.objects.get(practice=practice, step=Step.FOLLOW_UP)
    assert (step.step, step.from_stage, step.to_stage, step.date) == (
        Step.FOLLOW_UP, Stage.RECOGNISED, Stage.FOLLOWED_UP, D(2026, 10, 5)
    )  # fmt: skip
    assert FollowUp.history.filter(id=done.pk).first().history_change_reason == "Phúc tra"


def _try(officer, practice, **over):
    land, households = practice.indicators.all()
    given = {
        "acting_user": officer, "practice": practice, "done_on": D(2026, 11, 2), "vitality": Vitality.ACTIVE,
        "values": {land.pk: "1250", households.pk: "46"}, "files": [photo()],
    }  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.follow_up_record(**(given | over))
    return exc.value.message_dict


def test_what_a_follow_up_must_carry(tree, personas, frozen):
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2025, 11, 3))
    land, households = practice.indicators.all()
    assert "tất cả các chỉ tiêu" in _try(officer, practice, values={land.pk: "1250"})["values"][0]
    assert "số không âm" in _try(officer, practice, values={land.pk: "-3", households.pk: "46"})["values"][0]
    assert (
        "không thuộc" in _try(officer, practice, values={land.pk: "1", households.pk: "2", 999_999: "3"})["values"][0]
    )
    assert "minh chứng" in _try(officer, practice, files=[])["files"][0]
    assert "minh chứng" in _try(officer, practice, files=[], vitality=Vitality.WEAKENING)["files"][0]
    assert "tương lai" in _try(officer, practice, done_on=D(2026, 11, 11))["done_on"][0]
    assert "03/11/2025" in _try(officer, practice, done_on=D(2025, 11, 2))["done_on"][0]
    assert "vitality" in _try(officer, practice, vitality="tot")
    assert not FollowUp.objects.exists() and not Measurement.objects.exists() and not Evidence.objects.exists()
    practice.refresh_from_db()
    assert practice.stage == Stage.RECOGNISED

    follow_up(officer, practice, D(2026, 11, 2))
    assert "02/11/2026" in _try(officer, practice, done_on=D(2026, 11, 1))["done_on"][0]


def test_a_stopped_model_needs_no_evidence_gets_no_next_date_and_may_come_back(tree, personas, frozen):
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2024, 6, 1))
    follow_up(officer, practice, D(2025, 5, 20), Vitality.STOPPED, values=["0", "0"], files=[])
    practice.refresh_from_db()
    assert practice.vitality == Vitality.STOPPED and practice.next_follow_up_on is None
    assert not Evidence.objects.exists()
    for today in (D(2025, 5, 21), D(2026, 11, 10), D(2030, 1, 1)):
        assert OVERDUE not in reasons(practice, today)
        assert risk.Reason.STOPPED in reasons(practice, today)
    revived = follow_up(officer, practice, D(2026, 6, 1), Vitality.ACTIVE)
    practice.refresh_from_db()
    assert revived.due_on is None
    assert practice.vitality == Vitality.ACTIVE and practice.next_follow_up_on == D(2027, 6, 1)


def test_only_a_recognised_model_is_followed_up(tree, personas, frozen):
    officer = personas["commune_officer"]
    practice = register(officer, tree["pleiku"])
    with pytest.raises(PermissionDenied):
        services.follow_up_record(acting_user=officer, practice=practice, done_on=D(2026, 11, 1),
                                  vitality=Vitality.ACTIVE, values={}, files=[photo()])  # fmt: skip
    refused = register(officer, tree["pleiku"])
    services.move(refused, Step.REFUSE, actor=officer, date=D(2026, 11, 1), note="Chưa đủ điều kiện")
    with pytest.raises(PermissionDenied):
        services.follow_up_record(acting_user=officer, practice=refused, done_on=D(2026, 11, 1),
                                  vitality=Vitality.ACTIVE, values={}, files=[photo()])  # fmt: skip


def test_a_bad_file_undoes_the_whole_follow_up(tree, personas, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2025, 11, 3))
    script = SimpleUploadedFile("anh.png", b"<script>alert(1)</script>", content_type="image/png")
    assert "files" in _try(officer, practice, files=[script])
    assert not FollowUp.objects.exists() and not Measurement.objects.exists()
    practice.refresh_from_db()
    assert practice.stage == Stage.RECOGNISED and practice.next_follow_up_on == D(2026, 11, 3)


def test_the_follow_up_is_dated_the_day_it_was_done_not_the_day_it_was_typed(tree, personas):
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2025, 1, 6))
    with time_machine.travel(at(D(2026, 2, 2)), tick=False):
        land, households = practice.indicators.all()
        services.follow_up_record(
            acting_user=officer, practice=practice, done_on=D(2026, 1, 5), vitality=Vitality.ACTIVE,
            values={land.pk: "1300", households.pk: "46"}, files=[photo()],
        )  # fmt: skip
    practice.refresh_from_db()
    assert practice.next_follow_up_on == D(2027, 1, 5)
    assert set(Measurement.objects.values_list("measured_on", flat=True)) == {D(2026, 1, 5)}
