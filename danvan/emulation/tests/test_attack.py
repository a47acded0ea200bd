"""A hostile review of the "Dân vận khéo" module: each test shows one defect found by attacking the pages and the
services (what is reachable, what is written, what crashes), with what is wrong and what is expected. They fail
until the defect is fixed."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.emulation import services
from danvan.emulation.choices import Step
from danvan.emulation.models import Force, Measurement, Practice

from .conftest import FORCES, register
from .councils import monitored, open_council
from .parts.practices import registration_post
from .recognised import recognised

pytestmark = pytest.mark.django_db

D = datetime.date
PAGE = "/dan-van-kheo/mo-hinh/{pk}/"

# What the unit of Buôn Ma Thuột wrote for itself: never on the showcase, so never to another province.
BMT_SITUATION = "Buôn Kô Tam có hai hộ Y Blu và H'Nga tranh chấp lối đi, đã hòa giải ba lần chưa thành"
BMT_GOALS = "Tiêu chí nội bộ của buôn Kô Tam: không để đơn thư vượt cấp lên phường Buôn Ma Thuột"
BMT_SUSTAINABILITY = "Buôn Kô Tam trích quỹ riêng 15 triệu đồng mỗi năm, chưa báo cáo Mặt trận cấp trên"
BMT_NAME = "Đường sạch buôn làng Kô Tam tự quản"


def html_of(response):
    return unescape(response.content.decode())


@pytest.fixture
def bmt_origin(tree, personas, frozen):
    """A model of Phường Buôn Ma Thuột (Đắk Lắk), recognised in 2025 and on the showcase, with private texts."""
    return recognised(
        personas["other_province_officer"], tree["bmt"], D(2025, 3, 1), name=BMT_NAME, situation=BMT_SITUATION,
        goals=BMT_GOALS, sustainability=BMT_SUSTAINABILITY, area="Buôn Kô Tam",
        content="Mỗi hộ nhận một đoạn đường, tổ tự quản kiểm tra hằng tuần, công khai kết quả ở nhà rông.",
    )  # fmt: skip


def replicate_post(origin, unit, **over):
    data = {
        "unit": str(unit.pk), "year": "2026", "start_on": "01/02/2026", "evaluation_on": "30/12/2026",
        "lead": "Ban Công tác Mặt trận tổ dân phố 1", "lead_duty": "Chủ trì", "people_reached": "120",
        **{f"baseline_{i.pk}": "5" for i in origin.indicators.all()},
    }  # fmt: skip
    return data | over


# --- Privacy: what the replicate flow carries across units and provinces ---------------------------------------


def test_replicating_a_showcased_model_of_another_province_does_not_hand_over_its_private_texts(
    client, login, tree, personas, bmt_origin
):
    # Wrong: ``services.practice_replicate`` (services/registrations.py, the ``copied`` dict) copies the origin's
    # situation, goals, sustainability and replicability into the copy. The origin is reachable only because it
    # is on the showcase, and the showcase never shows these texts ("no situation text"): the Pleiku officer then
    # reads Buôn Ma Thuột's private situation on the copy's page. Expected: only what the showcase shows is copied
    # (name, field, kind, content, target group, indicators); the rest is the replicating unit's own.
    officer = personas["commune_officer"]
    login(officer)
    response = client.post(f"/dan-van-kheo/{bmt_origin.pk}/nhan-rong/", replicate_post(bmt_origin, tree["pleiku"]))
    assert response.status_code == 302
    copy = Practice.objects.get(origin=bmt_origin)
    html = html_of(client.get(PAGE.format(pk=copy.pk)))
    leaked = [text for text in (BMT_SITUATION, BMT_GOALS, BMT_SUSTAINABILITY) if text in html]
    assert leaked == []


def test_a_copy_does_not_name_its_origin_once_the_origin_left_the_showcase(client, login, tree, personas, bmt_origin):
    # Wrong: the registration's page prints "Nhân rộng từ <code> · <name> (<unit>)" for ``practice.origin``
    # (templates/emulation/practice_detail.html, the "Nhân rộng từ" row) whatever the viewer may know of it. The
    # family tree on the same page (lineage.py) shows that origin as "Mô hình ở đơn vị khác" once it is withheld
    # from the showcase, but the header still names it and its unit in another province. Expected: the header
    # follows ``lineage.named`` (name and unit only while the origin is visible or recognised and showcased).
    officer = personas["commune_officer"]
    copy = services.practice_replicate(
        acting_user=officer, origin=bmt_origin, unit=tree["pleiku"], year=2026, start_on=D(2026, 2, 1),
        evaluation_on=D(2026, 10, 30), forces=FORCES[:1], name="Đường sạch tổ dân phố 1 phường Pleiku tự quản",
    )  # fmt: skip
    services.practice_update(acting_user=personas["other_province_officer"], practice=bmt_origin, showcase=False)
    login(officer)
    html = html_of(client.get(PAGE.format(pk=copy.pk)))
    assert 'data-testid="lineage-anonymous"' in html  # the tree hides it...
    assert BMT_NAME not in html and "Phường Buôn Ma Thuột" not in html  # ...the header must too


# --- Procedure: content of a model the council has scored or that is decided ---------------------------------


def _evaluated(officer, unit):
    practice = register(officer, unit)
    for step in (Step.SHORTLIST, Step.LAUNCH, Step.MONITOR, Step.EVALUATE):
        services.move(practice, step, actor=officer, date=D(2026, 11, 1))
    return practice


def test_the_content_of_a_model_the_council_has_scored_cannot_be_changed(tree, personas, frozen):
    # Wrong: ``practice_update`` (services/registrations.py) refuses content changes only for "refused" and the
    # recognised stages; an "evaluated" model (the council closed its scores, the decision is pending) may still
    # have its name, content and situation rewritten by the unit, so the leader decides on a text the council
    # never scored. The page offers only the publicity form there (``OPEN_FOR_CHANGES``), the service does not.
    # Expected: a ValidationError, as for a decided model.
    officer = personas["commune_officer"]
    practice = _evaluated(officer, tree["pleiku"])
    with pytest.raises(ValidationError):
        services.practice_update(
            acting_user=officer, practice=practice, content="Nội dung viết lại sau khi hội đồng đã chấm điểm."
        )


def test_the_rows_of_a_recognised_model_cannot_be_rewritten(tree, personas, frozen):
    # Wrong: ``practice_update`` checks only ``values`` against the publicity fields; ``forces``, ``indicators``
    # and ``milestones`` are keyword arguments of their own and pass the "decided" check, so a recognised model's
    # indicators (baseline, target: what the at-risk rules and the showcase read) and forces are rewritten after
    # the decision. Expected: a ValidationError, nothing changed.
    officer = personas["commune_officer"]
    practice = recognised(officer, tree["pleiku"], D(2025, 3, 1))
    land = practice.indicators.first()
    with pytest.raises(ValidationError):
        services.practice_update(
            acting_user=officer, practice=practice, forces=[{"role": "chu_tri", "name": "Lực lượng thêm sau"}],
            indicators=[{"id": land.pk, "name": land.name, "measure": "m²", "baseline": "0", "target": "1"}],
        )  # fmt: skip
    assert Force.objects.filter(practice=practice).count() == len(FORCES)


def test_an_evaluation_cannot_be_dated_before_the_model_started(tree, personas, rubric, frozen):
    # Wrong: ``evaluation_open`` checks only that ``opened_on`` has happened and that a rubric was in force then;
    # a model registered and started in 2026 may be opened (then closed, decided) on 01/02/2025, so it counts as
    # recognised in 2025, joins the 1-year cohort of the survival figure and the year-earlier comparisons.
    # Expected: a field error on ``opened_on`` (not before the model's start, nor before its last step).
    officer = personas["commune_officer"]
    practice = monitored(officer, tree["pleiku"])
    members = [personas["province_admin"], personas["province_leader"]]
    with pytest.raises(ValidationError) as caught:
        open_council(personas["province_admin"], practice, members, opened_on=D(2025, 2, 1))
    assert "opened_on" in caught.value.message_dict


def test_a_step_cannot_be_dated_before_the_step_it_follows(tree, personas, frozen):
    # Wrong: ``practice_step`` (services/steps.py) checks the date only with ``past_day_errors``: a model
    # shortlisted on 05/11/2026 is "launched" on 01/03/2010, before its registration and its start, and the step
    # log then reads out of order. Expected: a field error on ``date`` (not before the previous step).
    officer = personas["commune_officer"]
    practice = register(officer, tree["pleiku"])
    services.practice_step(acting_user=officer, practice=practice, step=Step.SHORTLIST, date=D(2026, 11, 5))
    with pytest.raises(ValidationError) as caught:
        services.practice_step(acting_user=officer, practice=practice, step=Step.LAUNCH, date=D(2010, 3, 1))
    assert "date" in caught.value.message_dict


# --- Bad input: crashes and wrong readings -------------------------------------------------------------------


def test_changing_a_registrations_year_to_one_where_its_number_is_taken_is_a_field_error(
    client, login, tree, personas, frozen
):
    # Wrong: the correction form offers ``year``, and ``practice_update`` writes it without renumbering; the
    # registration keeps its number, and when that number is already used in the new year at the unit the
    # unique constraint ``one_practice_number`` raises an IntegrityError: a 500 page. Expected: a 400 with an
    # error on ``year`` (or the registration renumbered in its new year).
    officer = personas["commune_officer"]
    register(officer, tree["pleiku"], year=2026)  # DVK-2026-…-001
    earlier = register(officer, tree["pleiku"], year=2025, start_on=D(2025, 1, 15), evaluation_on=D(2025, 11, 30))
    login(officer)
    response = client.post(PAGE.format(pk=earlier.pk) + "sua/", registration_post(year="2026"))
    assert response.status_code in (302, 400)
    earlier.refresh_from_db()
    assert Practice.objects.filter(unit=tree["pleiku"], year=earlier.year, number=earlier.number).count() == 1


def test_money_typed_with_a_superscript_digit_is_a_field_error(client, login, tree, personas, frozen):
    # Wrong: ``forms.money_value`` tests ``str.isdigit()`` and then calls ``int()``: "²" (and "³", "¹") are digits
    # for ``isdigit`` but not for ``int``, so a ValueError escapes the form: a 500 page on the registration form
    # ("50 m²" pasted into the money box). Expected: a 400 with the money field's error.
    login(personas["commune_officer"])
    response = client.post(
        f"/dan-van-kheo/dang-ky/?unit={tree['pleiku'].pk}", registration_post(tree["pleiku"], money="50²")
    )
    assert response.status_code == 400


def test_an_indicator_value_typed_with_a_thousands_dot_is_not_read_as_a_decimal(client, login, tree, personas, frozen):
    # Wrong: ``validators.amount`` reads "1.300" as 1,3: a dot is a decimal point unless a comma is also typed.
    # The money field of the same form reads "1.300" as 1300 (Vietnamese documents group thousands with a dot),
    # so 1.300 m² measured is stored as 1,3 m² and shown as "1,3" (the model looks below target, at risk).
    # Expected: "1.300" read as 1300 (as "350.000.000" is for money), or refused as ambiguous with a field error.
    officer = personas["commune_officer"]
    practice = register(officer, tree["pleiku"])
    for step in (Step.SHORTLIST, Step.LAUNCH):
        services.practice_step(acting_user=officer, practice=practice, step=step)
    land = practice.indicators.first()
    login(officer)
    response = client.post(PAGE.format(pk=practice.pk) + "buoc/", {"step": "theo_doi", f"value_{land.pk}": "1.300"})
    stored = list(Measurement.objects.filter(indicator=land).values_list("value", flat=True))
    assert (response.status_code == 400 and stored == []) or stored == [Decimal("1300")]


def test_a_search_with_a_nul_character_is_answered_not_crashed(client, login, tree, personas, frozen):
    # Wrong: the showcase (public, no login) and the registrations' list read ``?q=`` straight from the address
    # (views/showcase.py ``showcase``, views/practices.py ``_filters``) and put it in a ``search__contains`` filter
    # and back in the search box. A NUL byte ("%00") reaches the database: on PostgreSQL "text fields cannot
    # contain NUL (0x00) bytes" is a DataError, a 500 page anyone can provoke; on SQLite the NUL is echoed into
    # the page. Expected: the NUL dropped (as a form's CharField refuses it), a 200 page without it.
    for url, user in (("/dan-van-kheo/cong-khai/", None), ("/dan-van-kheo/", personas["commune_officer"])):
        if user is not None:
            login(user)
        response = client.get(url, {"q": "hien\x00dat"})
        assert response.status_code == 200, url
        assert "\x00" not in response.content.decode(), url


# --- Permissions: what a unit's right allows it to record ------------------------------------------------------


def test_a_commune_cannot_record_a_central_level_award_as_its_own(client, login, tree, personas, frozen):
    # Wrong: ``award_save`` (services/awards.py) and ``validators.award_errors`` accept any ``Level`` whatever the
    # awarding unit: Phường Pleiku's "manage" right records a "Cấp Trung ương" (or "Cấp tỉnh") award given by
    # Phường Pleiku itself, and the report sections count it among the central-level commendations. Expected: an
    # award's level is at most its awarding unit's (``level_of(unit)``: a commune gives commune-level awards), else
    # a field error on ``level``.
    officer = personas["commune_officer"]
    model = recognised(officer, tree["pleiku"], D(2025, 3, 1))
    login(officer)
    response = client.post(f"/dan-van-kheo/khen-thuong/them/?unit={tree['pleiku'].pk}", {
        "recipient_kind": "tap_the", "recipient": "Ban Công tác Mặt trận tổ dân phố 1", "form": "bang_khen",
        "level": "trung_uong", "decision_number": "12/QĐ-UBND", "decision_on": "01/11/2026", "practices": [model.pk],
    })  # fmt: skip
    assert response.status_code == 400
    assert not model.awards.exists()


def test_registering_a_copy_of_any_model_needs_the_replication_checks(tree, personas, frozen):
    # Wrong: ``practice_register`` takes ``origin=`` and links the new registration to it with only the
    # "register" right over the new unit: a model of another province that is neither recognised nor on the
    # showcase (so a 404 for this user everywhere) becomes the origin of a Pleiku registration, and its name
    # and code then appear on the Pleiku page ("Nhân rộng từ …"). ``practice_replicate`` checks the origin, this
    # door does not. Expected: ``practice_register`` refuses an origin the user could not replicate (or takes no
    # origin: only ``practice_replicate`` links a copy).
    stranger = register(personas["other_province_officer"], tree["bmt"], name=BMT_NAME, showcase=False)
    with pytest.raises((ValidationError, PermissionDenied)):
        register(personas["commune_officer"], tree["pleiku"], origin=stranger)
    assert not Practice.objects.filter(origin=stranger).exists()
