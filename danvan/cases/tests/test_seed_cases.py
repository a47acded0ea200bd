from io import StringIO

from django.core.management import call_command

from danvan.cases import rules as case_rules
from danvan.cases.models import Case, CaseLink, CaseRating, DenouncerIdentity
from danvan.cases.workflow import Status


def test_demo_cases_cover_the_workflow_and_are_not_made_twice(tree, personas):
    out = StringIO()
    call_command("seed_cases", stdout=out)
    assert "Vụ việc mẫu: 53 vụ việc xảy ra ở phường Pleiku và Hội Phú." in out.getvalue()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {Status.RECEIVED, Status.ACCEPTED, Status.ANSWERED, Status.MERGED, Status.FORWARDED} <= statuses
    assert Case.objects.filter(round=2, unit=tree["gialai"]).count() == 1 and CaseLink.objects.count() == 2
    assert Case.objects.filter(handler__isnull=False).exists()
    assert CaseRating.objects.filter(source="nguoi_dan").exists() and DenouncerIdentity.objects.count() == 1
    recorded = CaseRating.objects.get(source="can_bo_ghi")
    assert recorded.recorded_by == personas["province_admin"] and recorded.recorded_by != recorded.handler
    forwarded = Case.objects.get(status=Status.FORWARDED)
    assert forwarded.due_on is None  # forwarding ended the ward's clocks
    assert not Case.objects.filter(kind="to_cao").exclude(petitioner_name="").exists()
    call_command("seed_cases", stdout=StringIO())
    assert Case.objects.count() == 53


def test_the_demo_week_of_land_complaints_raises_an_early_warning(tree, personas):
    from danvan.insight.models import EarlyWarning
    from danvan.insight.services import detect_hotspots

    call_command("seed_cases", stdout=StringIO())
    detect_hotspots()
    assert EarlyWarning.objects.filter(unit=tree["pleiku"], field__code="dat_dai").exists()


def test_the_demo_officer_of_pleiku_may_write_down_a_rating_on_a_case_a_colleague_answered(tree, personas, login):
    """canbo.pleiku answered most demo cases of the ward, so never saw the panel for a rating a citizen gave
    in person: the ward's second officer (tiepdan.pleiku in the demo) handles and answers the unrated ones."""
    from conftest import make_user
    from danvan.accounts.choices import Role
    from danvan.cases.workflow import Event

    colleague = make_user("tiepdan.pleiku", Role.OFFICER, tree["pleiku"], full_name="Đinh Văn Thuận")
    call_command("seed_cases", stdout=StringIO())
    assert Case.objects.count() == 53
    officer = personas["commune_officer"]
    open_to_him = [
        case for case in Case.objects.filter(unit=tree["pleiku"], status=Status.ANSWERED, ratings__isnull=True)
        if case_rules.may("cases.rate_in_person", officer, case)
    ]  # fmt: skip
    assert open_to_him, "no answered, unrated case of Pleiku that canbo.pleiku did not answer"
    case = open_to_him[0]
    assert case.handler == colleague
    assert set(case.events.filter(event=Event.ANSWER).values_list("actor", flat=True)) == {colleague.pk}
    page = login(officer).get(f"/vu-viec/{case.pk}/").content.decode()
    assert 'data-action="rate"' in page and "Ghi lại đánh giá người dân nói trực tiếp" in page
