from io import StringIO

from django.core.management import call_command

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
