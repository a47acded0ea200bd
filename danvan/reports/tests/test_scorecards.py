"""Scorecard arithmetic, the confidence band, the province's weights and who sees which cards."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from danvan.cadres.models import Attendance, Cadre, Course, FieldDay
from danvan.core import scoring
from danvan.core.periods import Period
from danvan.core.sections import Context
from danvan.reports.models import ScoreWeights
from danvan.reports.scorecards import cadre_cards, card_for_cadre, unit_cards, weights_for

from .conftest import TODAY

D = datetime.date


def test_the_wilson_band_of_a_proportion():
    low, high = scoring.wilson(1.0, 3)
    assert round(low, 4) == 0.4385 and high == 1.0
    low, high = scoring.wilson(0.5, 100)
    assert round(low, 4) == 0.4038 and round(high, 4) == 0.5962
    assert scoring.wilson(0.5, 0) is None


def test_three_perfect_ratings_do_not_outrank_three_hundred_good_ones():
    few, many = scoring.satisfaction_score(5.0, 3), scoring.satisfaction_score(4.6, 300)
    assert few == 43.9 and many == 86.1 and many > few
    low, high = scoring.rating_band(4.6, 300)
    assert 4.4 < low < 4.6 < high < 4.75


def test_the_composite_shares_the_weight_of_a_missing_part():
    weights = {"satisfaction": 40, "on_time": 30, "training": 15, "field_days": 15}
    score, used = scoring.composite({"satisfaction": 80, "on_time": None, "training": 60, "field_days": 100}, weights)
    assert score == round((80 * 40 + 60 * 15 + 100 * 15) / 70, 1) == 80.0 and used == [
        "satisfaction",
        "training",
        "field_days",
    ]
    assert scoring.composite({k: None for k in weights}, weights) == (None, [])


YEAR = Period("nam", 2026)


def ctx_for(unit, user, period=YEAR):
    return Context(unit=unit, user=user, period=period, today=TODAY)


def test_unit_cards_rank_the_wards_with_the_arithmetic_shown(cases, tree, personas):
    cards, weights = unit_cards(ctx_for(tree["gialai"], personas["province_leader"]))
    assert weights == scoring.DEFAULT_WEIGHTS
    by_name = {c.name: c for c in cards}
    pleiku, hoiphu = by_name["Phường Pleiku"], by_name["Phường Hội Phú"]
    assert (pleiku.ratings, round(pleiku.mean, 2), pleiku.answered) == (2, 3.5, 2)
    assert pleiku.parts["on_time"] == 50.0 and pleiku.parts["satisfaction"] == scoring.satisfaction_score(3.5, 2)
    assert hoiphu.parts == {"satisfaction": scoring.satisfaction_score(4.0, 1), "on_time": 100.0, "training": None,
                            "field_days": None, "commitments": None}  # fmt: skip
    expected = round((hoiphu.parts["satisfaction"] * 40 + 100 * 30) / 70, 1)
    assert hoiphu.score == expected and hoiphu.used == ["satisfaction", "on_time"]
    assert [c.name for c in cards] == ["Phường Hội Phú", "Phường Pleiku"] and [c.rank for c in cards] == [1, 2]


def test_a_province_sets_its_weights_and_they_change_the_score(cases, tree, personas, client):
    client.force_login(personas["province_admin"])
    url = f"/tong-hop/xep-hang/trong-so/?unit={tree['gialai'].pk}"
    page = client.post(url, {"satisfaction": 50, "on_time": 30, "training": 10, "field_days": 5})
    assert page.status_code == 200 and "Tổng các trọng số phải bằng 100 (đang là 95)." in page.content.decode()
    assert not ScoreWeights.objects.exists()
    page = client.post(url, {"satisfaction": 100, "on_time": 0, "training": 0, "field_days": 0})
    assert page.status_code == 302
    assert weights_for(tree["pleiku"])[1] == tree["gialai"]  # the wards inherit the province's weights
    cards, _w = unit_cards(ctx_for(tree["gialai"], personas["province_leader"]))
    assert all(c.score == c.parts["satisfaction"] for c in cards)
    body = client.get(f"/tong-hop/xep-hang/?unit={tree['gialai'].pk}").content.decode()
    assert "do Gia Lai quy định" in body and "Sự hài lòng 100" in body


def test_only_administrators_of_the_province_set_weights(tree, personas, client):
    for name in ("province_leader", "commune_officer"):
        client.force_login(personas[name])
        assert client.get(f"/tong-hop/xep-hang/trong-so/?unit={tree['gialai'].pk}").status_code in (403, 404)
    client.force_login(personas["province_admin"])
    assert client.get(f"/tong-hop/xep-hang/trong-so/?unit={tree['daklak'].pk}").status_code == 404
    assert client.get(f"/tong-hop/xep-hang/trong-so/?unit={tree['pleiku'].pk}").status_code == 404  # a ward sets none


def test_cadre_cards_count_the_handlers_cases_and_ratings(cases, tree, personas):
    officer = personas["commune_officer"]
    cadre = Cadre.objects.create(unit=tree["pleiku"], code="CB1", full_name="Nguyễn Văn An", gender="nam",
                                 birth_year=1985, user=officer)  # fmt: skip
    course = Course.objects.create(
        unit=tree["gialai"], title="Bồi dưỡng", start=D(2026, 3, 1), end=D(2026, 3, 3), hours=16
    )
    Attendance.objects.create(course=course, cadre=cadre, result="dat")
    for day in (2, 3):  # May 2026 has 20 working days: 4 field days are required, 2 were made
        FieldDay.objects.create(cadre=cadre, date=D(2026, 5, day), village=tree["village"], purpose="Nắm tình hình")
    cards, _w = cadre_cards(ctx_for(tree["gialai"], personas["province_leader"]))
    assert {c.subject for c in cards} == {officer, personas["sibling_officer"]}  # Hội Phú's answer was rated too
    card = next(c for c in cards if c.subject == officer)
    assert (card.name, card.ratings, round(card.mean, 2), card.answered) == ("Nguyễn Văn An", 2, 3.5, 2)
    assert card.parts["on_time"] == 50.0 and card.parts["training"] == 100.0 and card.parts["field_days"] == 50.0
    own = card_for_cadre(ctx_for(tree["pleiku"], officer), cadre)
    assert own.parts == card.parts and own.score == card.score


def test_a_commune_sees_its_own_card_and_no_other(cases, tree, personas, client):
    client.force_login(personas["commune_officer"])
    page = client.get("/tong-hop/xep-hang/")
    assert page.status_code == 200 and [c.name for c in page.context["unit_cards"]] == ["Phường Pleiku"]
    assert "Phường Hội Phú" not in page.content.decode()
    assert client.get(f"/tong-hop/xep-hang/?unit={tree['gialai'].pk}").status_code == 404
    assert client.get(f"/tong-hop/xep-hang/?unit={tree['hoiphu'].pk}").status_code == 404
    client.force_login(personas["sibling_officer"])
    page = client.get("/tong-hop/xep-hang/")
    # Hội Phú sees its own handler's card, not the Pleiku handler's.
    assert [c.subject for c in page.context["cadre_cards"]] == [personas["sibling_officer"]]


def test_the_scorecards_export_to_excel(cases, tree, personas, client):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(personas["province_leader"])
    response = client.get(f"/tong-hop/xep-hang/?unit={tree['gialai'].pk}&format=xlsx")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị", "Cán bộ"]
    rows = list(book["Đơn vị"].values)
    assert rows[0][:4] == ("Hạng", "Tên", "Lượt người dân tự đánh giá", "Lượt cán bộ ghi lại (không tính điểm)")
    assert rows[1][:2] == (1, "Phường Hội Phú")


@pytest.mark.parametrize("who", ["commune_officer", "province_leader"])
def test_the_cadre_page_shows_the_card(cases, tree, personas, client, who):
    cadre = Cadre.objects.create(unit=tree["pleiku"], code="CB1", full_name="Nguyễn Văn An", gender="nam",
                                 birth_year=1985, user=personas["commune_officer"])  # fmt: skip
    client.force_login(personas[who])
    body = client.get(f"/can-bo/{cadre.pk}/").content.decode()
    assert 'data-testid="cadre-card"' in body and "Thẻ điểm — Năm 2026" in body
    client.force_login(personas["sibling_officer"])
    assert client.get(f"/can-bo/{cadre.pk}/").status_code == 404


def test_only_units_the_people_have_rated_are_ranked():
    from danvan.reports.scorecards import Card, rank

    def card(name, satisfaction, on_time, training):
        parts = {"satisfaction": satisfaction, "on_time": on_time, "training": training, "field_days": None}
        score, used = scoring.composite(parts, scoring.DEFAULT_WEIGHTS)
        return Card(name, name, parts=parts, score=score, used=used)

    cards = rank([card("Chưa ai đánh giá", None, 100.0, 100.0), card("Được đánh giá", 60.0, 80.0, 50.0),
                  card("Đánh giá cao", 80.0, 70.0, 40.0)])  # fmt: skip
    assert [(c.name, c.rank) for c in cards] == [("Đánh giá cao", 1), ("Được đánh giá", 2), ("Chưa ai đánh giá", None)]
    assert cards[2].score == 100.0  # shown, with its parts, but not ranked


def test_equal_cards_share_a_rank():
    from danvan.reports.scorecards import Card, rank

    def card(name, satisfaction):
        parts = {"satisfaction": satisfaction, "on_time": None, "training": None, "field_days": None}
        return Card(name, name, parts=parts, score=satisfaction, used=["satisfaction"])

    assert [c.rank for c in rank([card("A", 70.0), card("B", 80.0), card("C", 70.0), card("D", 60.0)])] == [1, 2, 2, 4]


def test_a_rating_written_down_by_staff_is_counted_apart_and_changes_no_score(cases, tree, personas):
    """A 5/5/5 "given at a meeting" once counted in the handler's own card; now it is shown, not scored."""
    from conftest import make_user
    from danvan.accounts.choices import Role
    from danvan.cases import services
    from danvan.cases.workflow import Event
    from danvan.core.sections import SECTIONS

    from .conftest import at, make_case

    officer = personas["commune_officer"]
    ctx = ctx_for(tree["gialai"], personas["province_leader"])
    before = {c.name: (c.ratings, c.mean, c.parts["satisfaction"]) for c in unit_cards(ctx)[0]}
    case = make_case(tree["village"], officer, D(2026, 6, 1), accepted=D(2026, 6, 2), assign=True)
    with at(D(2026, 6, 3)):
        services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note="Đã sửa đường.")
        with pytest.raises(PermissionDenied):  # never on one's own case
            services.case_rate(case=case, timeliness=5, attitude=5, result=5, acting_user=officer,
                               taken_at="buoi_gap", given_on=D(2026, 6, 3))  # fmt: skip
        colleague = make_user("canbo2.pleiku", Role.OFFICER, tree["pleiku"])
        services.case_rate(case=case, timeliness=5, attitude=5, result=5, acting_user=colleague,
                           taken_at="buoi_gap", given_on=D(2026, 6, 3))  # fmt: skip
    cards = {c.name: c for c in unit_cards(ctx)[0]}
    assert {name: (c.ratings, c.mean, c.parts["satisfaction"]) for name, c in cards.items()} == before
    assert (cards["Phường Pleiku"].staff_ratings, cards["Phường Hội Phú"].staff_ratings) == (1, 0)
    cadre = next(c for c in cadre_cards(ctx)[0] if c.subject == officer)
    assert (cadre.ratings, round(cadre.mean, 2), cadre.staff_ratings) == (2, 3.5, 1)
    (satisfaction,) = SECTIONS.compute(ctx, ["satisfaction"])
    assert satisfaction.figure("Lượt người dân tự đánh giá").value == 3
    assert satisfaction.figure("Lượt cán bộ ghi lại (không tính điểm)").value == 1
    assert satisfaction.figure("Điểm hài lòng trung bình (1–5)").value == 3.67
    assert any("cán bộ ghi lại 1 lượt" in s for s in satisfaction.sentences)


def _promise(unit, due, status="mo", kept=None, parent=None, owner=None):
    from danvan.engagement.models import Commitment

    return Commitment.objects.create(unit=unit, owner=owner, content="Nạo vét mương thoát nước tổ dân phố 2",
                                     made_on=D(2026, 1, 15), due_on=due, status=status, kept_on=kept, parent=parent,
                                     source="doi_thoai")  # fmt: skip


def test_the_fifth_part_counts_the_commitments_kept_on_time_and_weighs_what_the_province_says(
    cases, tree, personas, client
):
    pleiku = tree["pleiku"]
    _promise(pleiku, D(2026, 4, 1), "da_thuc_hien", D(2026, 4, 10))  # kept late
    on_time = _promise(pleiku, D(2026, 5, 1), "da_thuc_hien", D(2026, 4, 30))  # kept on time
    _promise(pleiku, D(2026, 6, 1), "dang_thuc_hien")  # due, still open
    _promise(pleiku, D(2026, 8, 1))  # not due in the period
    _promise(pleiku, D(2026, 5, 15), "da_thuc_hien", D(2026, 5, 1), parent=on_time)  # a part of a commitment
    _promise(tree["bmt"], D(2026, 3, 1), "khong_thuc_hien")  # another province
    ctx = ctx_for(tree["gialai"], personas["province_leader"])
    cards = {c.name: c for c in unit_cards(ctx)[0]}
    pleiku_card, hoiphu = cards["Phường Pleiku"], cards["Phường Hội Phú"]
    assert pleiku_card.parts["commitments"] == 33.3  # 1 of the 3 due by 20/06/2026
    assert hoiphu.parts["commitments"] is None  # none due: the part has no value
    # Default weight 0: the composites are those of the four parts, as before the fifth existed.
    assert scoring.DEFAULT_WEIGHTS["commitments"] == 0
    assert pleiku_card.parts["satisfaction"] == 14.2 and pleiku_card.parts["on_time"] == 50.0
    assert pleiku_card.score == 29.5  # (14,2 × 40 + 50 × 30) / 70
    assert hoiphu.score == 49.6  # (11,8 × 40 + 100 × 30) / 70
    assert "commitments" not in pleiku_card.used
    client.force_login(personas["province_admin"])
    url = f"/tong-hop/xep-hang/trong-so/?unit={tree['gialai'].pk}"
    assert 'name="commitments"' in client.get(url).content.decode()
    page = client.post(url, {"satisfaction": 40, "on_time": 30, "training": 10, "field_days": 10, "commitments": 20})
    assert "Tổng các trọng số phải bằng 100 (đang là 110)." in page.content.decode()
    page = client.post(url, {"satisfaction": 40, "on_time": 30, "training": 10, "field_days": 10, "commitments": 10})
    assert page.status_code == 302 and ScoreWeights.objects.get(unit=tree["gialai"]).commitments == 10
    cards = {c.name: c for c in unit_cards(ctx)[0]}
    assert cards["Phường Pleiku"].score == 30.0  # (14,2 × 40 + 50 × 30 + 33,3 × 10) / 80
    assert cards["Phường Pleiku"].used == ["satisfaction", "on_time", "commitments"]
    assert cards["Phường Hội Phú"].score == 49.6  # no commitment due: its weight is shared by the others, (… ) / 70
    body = client.get(f"/tong-hop/xep-hang/?unit={tree['gialai'].pk}").content.decode()
    assert "Cam kết đúng hạn 10" in body and "33,3%" in body


def test_a_cadres_fifth_part_is_over_the_commitments_they_own(cases, tree, personas):
    officer = personas["commune_officer"]
    cadre = Cadre.objects.create(unit=tree["pleiku"], code="CB1", full_name="Nguyễn Văn An", gender="nam",
                                 birth_year=1985, user=officer)  # fmt: skip
    _promise(tree["pleiku"], D(2026, 3, 1), "da_thuc_hien", D(2026, 2, 25), owner=cadre)
    _promise(tree["pleiku"], D(2026, 5, 1), "khong_thuc_hien", owner=cadre)
    _promise(tree["pleiku"], D(2026, 5, 1), "da_thuc_hien", D(2026, 4, 1))  # nobody's: not the cadre's
    card = next(c for c in cadre_cards(ctx_for(tree["gialai"], personas["province_leader"]))[0] if c.subject == officer)
    assert card.parts["commitments"] == 50.0
    assert card_for_cadre(ctx_for(tree["pleiku"], officer), cadre).parts["commitments"] == 50.0
