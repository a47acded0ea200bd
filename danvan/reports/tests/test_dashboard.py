"""The dashboard's figures agree with direct counts, stay inside the user's scope, and drill down."""

import datetime

import pytest
from django.db.models import F

from danvan.cases.models import Case, CaseRating
from danvan.cases.workflow import OPEN
from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context, Figure, Section, SectionResult

from .conftest import TODAY

D = datetime.date
YEAR = Period("nam", 2026)


def results_for(unit, user, period=YEAR):
    ctx = Context(unit=unit, user=user, period=period, today=TODAY)
    return {r.key: r for r in SECTIONS.compute(ctx)}


def section(page, key):
    return next(r for r in page.context["results"] if r.key == key)


def direct(unit, **lookups):
    return Case.objects.filter(unit__path__startswith=unit.path, **lookups)


def test_case_figures_agree_with_direct_counts(cases, tree, personas):
    gialai = tree["gialai"]
    found = results_for(gialai, personas["province_leader"])["cases"]
    now, before = (D(2026, 1, 1), TODAY), (D(2025, 1, 1), D(2025, 6, 20))
    received = found.figure("Tiếp nhận")
    assert received.value == direct(gialai, received_on__range=now).count() == 5
    assert received.previous == direct(gialai, received_on__range=before).count() == 2
    answered = direct(gialai, answered_on__range=now)
    assert found.figure("Đã giải quyết, trả lời").value == answered.count() == 3
    on_time = answered.filter(answered_on__lte=F("resolve_due")).count()
    assert on_time == 2 and found.figure("Tỷ lệ giải quyết đúng hạn").value == round(100 * on_time / 3, 1) == 66.7
    assert found.figure("Tỷ lệ giải quyết đúng hạn").previous == 100.0  # one case, answered on time, a year ago
    overdue = direct(gialai, status__in=OPEN, due_on__lt=TODAY).count()
    assert found.figure("Hiện đang quá hạn").value == overdue == 2  # c3, and h2 never accepted since 2025
    assert (
        found.figure("Đơn nhiều người đứng tên").value
        == direct(gialai, signers__gt=1, received_on__range=now).count()
        == 1
    )

    kinds = {row.cells[0]: row.cells[1:] for row in found.table("kinds").rows}
    assert kinds["Phản ánh"] == [3, 2, 2, 100.0] and kinds["Khiếu nại"] == [1, 0, 1, 0.0]
    assert kinds["Kiến nghị"][0] == 1 and kinds["Tố cáo"] == [0, 0, 0, None]
    fields = {row.cells[0]: row.cells[1:] for row in found.table("fields").rows}
    assert fields["Đất đai"] == [3, 2, 1] and fields["Môi trường"][0] == 1 and fields["Y tế"][0] == 1
    units = {row.cells[0]: row.cells[1:] for row in found.table("units").rows}
    assert units["Phường Pleiku"] == [4, 1, 2, 50.0, 1] and units["Phường Hội Phú"] == [1, 1, 1, 100.0, 1]
    assert sum(v[0] for v in units.values()) == received.value  # the rows add up to the headline
    months = {row.cells[0]: row.cells[1:] for row in found.table("months").rows}
    assert months["02/2026"] == [1, 0] and months["03/2026"] == [1, 1] and months["06/2026"] == [1, 0]
    assert (
        "Tiếp nhận 5 vụ việc" in found.sentences[0] and "tăng 3 vụ việc so với cùng kỳ năm 2025" in found.sentences[0]
    )


def test_satisfaction_agrees_with_the_ratings(cases, tree, personas):
    found = results_for(tree["gialai"], personas["province_leader"])["satisfaction"]
    ratings = CaseRating.objects.filter(unit__path__startswith=tree["gialai"].path)
    marks = [(r.timeliness + r.attitude + r.result) / 3 for r in ratings]
    assert found.figure("Lượt người dân tự đánh giá").value == len(marks) == 3
    assert found.figure("Điểm hài lòng trung bình (1–5)").value == round(sum(marks) / 3, 2) == 3.67
    assert found.figure("Tỷ lệ hài lòng (4–5 điểm)").value == 66.7
    rows = {row.cells[0]: row.cells[1:] for row in found.table("units").rows}
    assert rows["Phường Pleiku"][:2] == [2, 3.5] and rows["Phường Hội Phú"][:2] == [1, 4.0]


def test_a_commune_sees_only_its_own_numbers(cases, tree, personas, client):
    officer = personas["commune_officer"]
    found = results_for(tree["pleiku"], officer)["cases"]
    assert found.figure("Tiếp nhận").value == direct(tree["pleiku"], received_on__gte=D(2026, 1, 1)).count() == 4
    client.force_login(officer)
    page = client.get("/tong-hop/")
    assert page.status_code == 200 and page.context["unit"] == tree["pleiku"]
    assert section(page, "cases").figure("Tiếp nhận").value == 4
    assert "Phường Hội Phú" not in page.content.decode()
    for other in ("hoiphu", "gialai", "bmt"):
        assert client.get(f"/tong-hop/?unit={tree[other].pk}").status_code == 404
    client.force_login(personas["nobody"])
    assert client.get("/tong-hop/").status_code == 403


def test_the_province_page_drills_down_to_units_and_records(cases, tree, personas, client):
    client.force_login(personas["province_leader"])
    page = client.get(f"/tong-hop/?unit={tree['gialai'].pk}&ky=quy&nam=2026&so=2")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Quý II năm 2026" in body and "từ 01/04/2026 đến 20/06/2026" in body
    units = section(page, "cases").table("units").rows
    pleiku = next(r for r in units if r.cells[0] == "Phường Pleiku")
    assert pleiku.drill == f"/tong-hop/?unit={tree['pleiku'].pk}&ky=quy&nam=2026&so=2"
    listed = client.get(pleiku.link)  # the records behind the row: the case list, same unit and dates
    assert listed.status_code == 200 and listed.context["page"].paginator.count == pleiku.cells[1] == 2
    late = section(page, "cases").figure("Tỷ lệ giải quyết đúng hạn").link
    assert [c.code for c in client.get(late).context["page"]] == [cases["c2"].code]  # answered late in Q2
    assert client.get(section(page, "cases").figure("Hiện đang quá hạn").link).context["page"].paginator.count == 2


def test_a_bad_period_is_named_and_the_year_is_shown(cases, tree, personas, client):
    client.force_login(personas["province_leader"])
    page = client.get(f"/tong-hop/?unit={tree['gialai'].pk}&ky=thang&nam=2026&so=13")
    assert page.status_code == 200 and "so" in page.context["errors"]
    assert page.context["period"] == Period("nam", 2026)
    assert "Tháng phải từ 1 đến 12, quý từ 1 đến 4." in page.content.decode()


def test_a_module_plugs_a_section_in_without_the_page_knowing_it(tree, personas, client):
    def compute(ctx):
        return SectionResult("plug", "Mục thử nghiệm", figures=[Figure("Số thử", 7)], sentences=["Câu thử."])

    SECTIONS.register(Section("plug", "Mục thử nghiệm", 99, compute))
    try:
        client.force_login(personas["province_leader"])
        body = client.get(f"/tong-hop/?unit={tree['gialai'].pk}").content.decode()
        assert 'data-testid="section-plug"' in body and "Số thử" in body
    finally:
        SECTIONS.unregister("plug")


@pytest.mark.parametrize("username", ["national_admin", "superuser"])
def test_national_page_totals_every_province(cases, tree, personas, client, username):
    client.force_login(personas[username])
    page = client.get(f"/tong-hop/?unit={tree['nation'].pk}")
    found = section(page, "cases")
    assert found.figure("Tiếp nhận").value == Case.objects.filter(received_on__gte=D(2026, 1, 1)).count() == 6
    units = {row.cells[0]: row.cells[1] for row in found.table("units").rows}
    assert units == {"Gia Lai": 5, "Đắk Lắk": 1}


def test_computed_figures_are_reused_until_asked_again(cases, tree, personas, client, settings):
    from .conftest import make_case

    settings.REPORTS_CACHE_SECONDS = 600
    from django.core.cache import cache

    cache.clear()
    client.force_login(personas["province_leader"])
    url = f"/tong-hop/?unit={tree['gialai'].pk}"
    assert section(client.get(url), "cases").figure("Tiếp nhận").value == 5
    make_case(tree["village"], personas["commune_officer"], TODAY)
    assert section(client.get(url), "cases").figure("Tiếp nhận").value == 5  # from the cache, time shown on the page
    assert section(client.get(url + "&lam-moi=1"), "cases").figure("Tiếp nhận").value == 6
    client.force_login(personas["sibling_officer"])  # the cache never opens a unit outside the user's scope
    assert client.get(url).status_code == 404
    cache.clear()


def test_training_and_field_day_figures_agree_with_direct_counts(tree, personas):
    from danvan.cadres.models import Attendance, Cadre, Course, FieldDay

    def cadre(code, unit):
        return Cadre.objects.create(unit=unit, code=code, full_name=f"Cán bộ {code}", gender="nam", birth_year=1980)

    staff = [cadre(f"P{i}", tree["pleiku"]) for i in range(3)] + [cadre("H1", tree["hoiphu"])]
    cadre("V1", tree["village"])  # a village team member: counted for training, not bound by the field-day rule
    course = Course.objects.create(
        unit=tree["gialai"], title="Lớp bồi dưỡng", start=D(2026, 3, 2), end=D(2026, 3, 4), hours=16
    )
    for member in staff[:2]:
        Attendance.objects.create(course=course, cadre=member, result="dat")
    Attendance.objects.create(course=course, cadre=staff[3], result="khong_dat")
    # May 2026: 20 working days, so 4 field days are required; P0 makes 4, P1 makes 2.
    for day in (4, 5, 6, 7):
        FieldDay.objects.create(cadre=staff[0], date=D(2026, 5, day), village=tree["village"], purpose="Nắm tình hình")
    for day in (4, 5):
        FieldDay.objects.create(cadre=staff[1], date=D(2026, 5, day), village=tree["village"], purpose="Nắm tình hình",
                                people_met=7)  # fmt: skip
    found = results_for(tree["gialai"], personas["province_leader"])
    training, field_days = found["training"], found["field_days"]
    assert training.figure("Lớp tập huấn, bồi dưỡng").value == Course.objects.filter(start__year=2026).count() == 1
    assert training.figure("Lượt cán bộ tham gia").value == Attendance.objects.count() == 3
    share = training.figure("Cán bộ được bồi dưỡng trong năm 2026")
    assert share.value == 40.0 and share.note == "2/5 cán bộ"
    units = {row.cells[0]: row.cells[1:] for row in training.table("coverage").rows}
    assert units["Phường Pleiku"] == [4, 2, 50.0] and units["Phường Hội Phú"] == [1, 0, 0.0]
    assert field_days.figure("Ngày công tác cơ sở đã ghi").value == FieldDay.objects.count() == 6
    assert field_days.figure("Lượt người dân được gặp").value == 14
    compliance = field_days.figure("Cán bộ đạt 1 ngày cơ sở/5 ngày làm việc (tháng 05/2026)")
    assert compliance.value == 25.0 and compliance.note == "1/4 cán bộ"  # P0 of the four ward staff


def test_satisfaction_drills_down_to_the_rated_cases(cases, tree, personas, client):
    client.force_login(personas["province_leader"])
    page = client.get(f"/tong-hop/?unit={tree['gialai'].pk}")
    found = section(page, "satisfaction")
    rated = client.get(found.figure("Lượt người dân tự đánh giá").link).context["page"]
    assert {c.code for c in rated} == {cases["c1"].code, cases["c2"].code, cases["h1"].code}
    unhappy = client.get(found.figure("Tỷ lệ hài lòng (4–5 điểm)").link).context["page"]
    assert [c.code for c in unhappy] == [cases["c2"].code]  # 2 + 3 + 2 = 7 < 12
    hoiphu = next(r for r in found.table("units").rows if r.cells[0] == "Phường Hội Phú")
    assert [c.code for c in client.get(hoiphu.link).context["page"]] == [cases["h1"].code]


def test_warning_figures_agree_with_the_warnings_recorded(tree, personas):
    from danvan.cases.models import Field
    from danvan.insight.models import EarlyWarning

    land, env = Field.objects.get(code="dat_dai"), Field.objects.get(code="moi_truong")
    for unit, field, day in ((tree["pleiku"], land, D(2026, 3, 9)), (tree["pleiku"], land, D(2026, 5, 4)),
                             (tree["hoiphu"], env, D(2026, 5, 11)), (tree["pleiku"], land, D(2025, 4, 1)),
                             (tree["bmt"], land, D(2026, 5, 4))):  # fmt: skip
        EarlyWarning.objects.create(
            unit=unit, field=field, window_end=day, count=9, expected=2.0, p_value=0.001, blocks=12
        )
    found = results_for(tree["gialai"], personas["province_leader"])["warnings"]
    direct_count = EarlyWarning.objects.filter(
        unit__path__startswith=tree["gialai"].path, window_end__year=2026
    ).count()
    assert found.figure("Cảnh báo sớm").value == direct_count == 3 and found.figure("Cảnh báo sớm").previous == 1
    assert [(r.cells[0], r.cells[1]) for r in found.table("fields").rows] == [("Đất đai", 2), ("Môi trường", 1)]
    assert [r.cells[0] for r in found.table("latest").rows] == ["11/05/2026", "04/05/2026", "09/03/2026"]


def test_users_with_different_scopes_never_share_cached_figures(tree, personas):
    from danvan.reports.compute import cache_key

    national = Context(unit=tree["gialai"], user=personas["national_admin"], period=YEAR, today=TODAY)
    province = Context(unit=tree["gialai"], user=personas["province_leader"], period=YEAR, today=TODAY)
    colleague = Context(unit=tree["gialai"], user=personas["province_admin"], period=YEAR, today=TODAY)
    assert cache_key(national) != cache_key(province) == cache_key(colleague)
