"""A province's settings and its rubric in versions: drafted, corrected while a draft, published, never changed
after; the version in force on a day; and a model judged by the version in force the day its evaluation opened,
whatever is published later."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.emulation import selectors, services
from danvan.emulation.models import Criterion, Rubric, Setting

from .councils import CLOSE, HIGH, monitored, open_council, send

pytestmark = pytest.mark.django_db
D = datetime.date
JANUARY = D(2026, 1, 1)

CRITERIA = [
    {"name": "Giải quyết được vấn đề bức xúc, nổi cộm ở cơ sở", "weight": 4, "scale_max": 10,
     "guidance": "10 điểm khi vấn đề được giải quyết dứt điểm, có xác nhận của người dân.", "order": 1},
    {"name": "Huy động được nhiều lực lượng, nguồn lực xã hội", "weight": 3, "scale_max": 10, "order": 2},
    {"name": "Được nhân dân đồng tình, hưởng ứng", "weight": 3, "scale_max": 5, "order": 3},
]  # fmt: skip


@pytest.fixture
def members(tree):
    return [
        make_user("hoidong.ngoc", Role.VIEWER, tree["pleiku"], full_name="Trần Thị Bích Ngọc Hội Đồng Pleiku"),
        make_user("hoidong.hung", Role.VIEWER, tree["gialai"], full_name="Lê Văn Quang Hùng Hội Đồng Gia Lai"),
    ]


def draft(user, province, effective_from=JANUARY, criteria=None, **over):
    return services.rubric_save(
        acting_user=user, province=province, name=over.pop("name", "Tiêu chí bình xét Dân vận khéo tỉnh Gia Lai"),
        effective_from=effective_from, criteria=CRITERIA if criteria is None else criteria, **over,
    )  # fmt: skip


def test_a_draft_is_numbered_after_the_last_version_and_keeps_its_rows_in_order(tree, personas, frozen):
    admin = personas["province_admin"]
    first = draft(admin, tree["gialai"])
    rows = [{**CRITERIA[2], "order": 1}, {**CRITERIA[0], "order": 2}]
    second = draft(admin, tree["gialai"], criteria=rows)
    assert (first.version, second.version) == (1, 2)
    assert [c.name for c in second.criteria.all()] == [CRITERIA[2]["name"], CRITERIA[0]["name"]]
    assert [(c.weight, c.scale_max) for c in first.criteria.all()] == [(4, 10), (3, 10), (3, 5)]
    assert first.criteria.first().guidance.startswith("10 điểm khi")
    assert not first.is_published and Rubric.history.filter(id=first.pk).exists()


def test_a_draft_is_corrected_and_a_published_version_refuses_every_edit_saying_why(tree, personas, frozen):
    admin = personas["province_admin"]
    rubric = draft(admin, tree["gialai"])
    rubric = draft(admin, tree["gialai"], rubric=rubric, name="Bảng tiêu chí sửa lần hai", criteria=CRITERIA[:1])
    assert rubric.name == "Bảng tiêu chí sửa lần hai" and rubric.criteria.count() == 1
    services.rubric_publish(acting_user=admin, rubric=rubric)
    with pytest.raises(ValidationError) as exc:
        draft(admin, tree["gialai"], rubric=rubric, criteria=CRITERIA)
    assert "đã ban hành ngày 10/11/2026 nên không sửa được" in exc.value.message_dict["rubric"][0]
    with pytest.raises(ValidationError) as exc:
        services.rubric_publish(acting_user=admin, rubric=rubric)
    assert "phiên bản mới" in exc.value.message_dict["rubric"][0]
    assert Criterion.objects.filter(rubric=rubric).count() == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"name": " "}, "Dòng 2: nhập tên tiêu chí"),
        ({"weight": 0}, "Dòng 2: trọng số là số nguyên từ 1 đến 100"),
        ({"weight": "2,5"}, "Dòng 2: trọng số"),
        ({"scale_max": 0}, "Dòng 2: điểm tối đa là số nguyên từ 1 đến 100"),
        ({"scale_max": 101}, "Dòng 2: điểm tối đa"),
    ],
)
def test_bad_criteria_name_the_row(tree, personas, frozen, row, message):
    rows = [CRITERIA[0], {**CRITERIA[1], **row}]
    with pytest.raises(ValidationError) as exc:
        draft(personas["province_admin"], tree["gialai"], criteria=rows)
    assert message in exc.value.message_dict["criteria"][0]
    assert not Rubric.objects.exists()


def test_a_rubric_needs_a_name_and_a_day(tree, personas, frozen):
    with pytest.raises(ValidationError) as exc:
        draft(personas["province_admin"], tree["gialai"], name="", effective_from=None)
    assert set(exc.value.message_dict) == {"name", "effective_from"}


def test_publishing_needs_a_criterion_and_never_goes_back_before_the_version_in_force(tree, personas, frozen):
    admin = personas["province_admin"]
    empty = draft(admin, tree["gialai"], criteria=[])
    with pytest.raises(ValidationError) as exc:
        services.rubric_publish(acting_user=admin, rubric=empty)
    assert "ít nhất một tiêu chí" in exc.value.message_dict["criteria"][0]
    current = services.rubric_publish(acting_user=admin, rubric=draft(admin, tree["gialai"], D(2026, 6, 1)))
    earlier = draft(admin, tree["gialai"], D(2026, 5, 31))
    with pytest.raises(ValidationError) as exc:
        services.rubric_publish(acting_user=admin, rubric=earlier)
    assert "phiên bản 2 đang có hiệu lực (01/06/2026)" in exc.value.message_dict["effective_from"][0]
    same_day = services.rubric_publish(acting_user=admin, rubric=draft(admin, tree["gialai"], D(2026, 6, 1)))
    assert selectors.rubric_in_force(tree["gialai"], D(2026, 6, 1)) == same_day != current


def test_the_version_in_force_is_the_latest_published_from_its_day(tree, personas, frozen):
    admin = personas["province_admin"]
    v1 = services.rubric_publish(acting_user=admin, rubric=draft(admin, tree["gialai"], D(2025, 1, 1)))
    v2 = services.rubric_new_version(acting_user=admin, rubric=v1, effective_from=D(2026, 7, 1))
    assert (v2.version, v2.is_published, v2.name) == (2, False, v1.name)
    assert [c.name for c in v2.criteria.all()] == [c["name"] for c in CRITERIA]
    assert selectors.rubric_in_force(tree["gialai"], D(2026, 7, 1)) == v1  # a draft is never in force
    services.rubric_publish(acting_user=admin, rubric=v2)
    assert selectors.rubric_in_force(tree["gialai"], D(2024, 12, 31)) is None
    assert selectors.rubric_in_force(tree["gialai"], D(2026, 6, 30)) == v1
    assert selectors.rubric_in_force(tree["gialai"], D(2026, 7, 1)) == v2
    assert selectors.rubric_in_force(tree["daklak"], D(2026, 7, 1)) is None


def test_a_model_is_judged_by_the_version_in_force_when_its_evaluation_opened(tree, personas, rubric, members, frozen):
    """Version 1 (the conftest's: weights 3, 2, 3, 2) is in force when the evaluation opens; version 2, published
    while it is open and in force from that very day, weighs only the first criterion. The evaluation keeps
    version 1: its sheets are marked on its four criteria and its score is 66,50 = (73 + 60) ÷ 2. A second
    model opened after the publication is scored on version 2."""
    admin, officer = personas["province_admin"], personas["commune_officer"]
    practice = monitored(officer, tree["pleiku"])
    evaluation = open_council(officer, practice, members)
    v2 = services.rubric_new_version(acting_user=admin, rubric=rubric, effective_from=D(2026, 11, 10))
    v2 = services.rubric_save(
        acting_user=admin, province=tree["gialai"], name=v2.name, effective_from=v2.effective_from, rubric=v2,
        criteria=[{"name": "Chỉ một tiêu chí ở phiên bản 2", "weight": 1, "scale_max": 10}],
    )  # fmt: skip
    services.rubric_publish(acting_user=admin, rubric=v2)
    send(evaluation, members[0], HIGH)
    send(evaluation, members[1], CLOSE)
    closed = services.evaluation_close(acting_user=officer, evaluation=evaluation)
    closed.refresh_from_db()
    assert (closed.rubric, closed.score, closed.spread) == (rubric, Decimal("66.50"), Decimal("13.00"))
    later = open_council(officer, monitored(officer, tree["pleiku"], name="Mô hình thứ hai"), members)
    assert later.rubric == v2
    # Opened on a day before version 2 came into force, an evaluation is still on version 1.
    third = monitored(officer, tree["pleiku"], name="Mô hình thứ ba")
    assert open_council(officer, third, members, opened_on=D(2026, 11, 9)).rubric == rubric


def test_a_published_version_stays_the_closed_evaluations_rubric(tree, personas, rubric, members, frozen):
    officer, admin = personas["commune_officer"], personas["province_admin"]
    evaluation = open_council(officer, monitored(officer, tree["pleiku"]), members)
    send(evaluation, members[0], HIGH)
    send(evaluation, members[1], CLOSE)
    services.evaluation_close(acting_user=officer, evaluation=evaluation)
    v2 = services.rubric_new_version(acting_user=admin, rubric=rubric, effective_from=D(2026, 11, 10))
    services.rubric_publish(acting_user=admin, rubric=v2)
    evaluation.refresh_from_db()
    assert (evaluation.rubric_id, evaluation.score) == (rubric.pk, Decimal("66.50"))
    rubric.refresh_from_db()
    assert [c.weight for c in rubric.criteria.all()] == [3, 2, 3, 2]


def test_the_settings_of_a_province_and_their_bounds(tree, personas, frozen):
    admin = personas["province_admin"]
    setting = services.setting_save(acting_user=admin, province=tree["gialai"], follow_up_months=6, spread_limit=15)
    again = services.setting_save(acting_user=admin, province=tree["gialai"], follow_up_months=24, spread_limit=100)
    assert again.pk == setting.pk and Setting.objects.get().follow_up_months == 24
    assert Setting.history.filter(province=tree["gialai"]).count() == 2
    with pytest.raises(ValidationError) as exc:
        services.setting_save(acting_user=admin, province=tree["gialai"], follow_up_months=37, spread_limit=0)
    assert "từ 1 đến 36 tháng" in exc.value.message_dict["follow_up_months"][0]
    assert "từ 1 đến 100 điểm" in exc.value.message_dict["spread_limit"][0]
