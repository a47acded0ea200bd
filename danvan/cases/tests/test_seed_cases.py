from io import StringIO

from django.core.management import call_command

from danvan.cases.models import Case, CaseLink, CaseRating, DenouncerIdentity
from danvan.cases.workflow import Status


def test_demo_cases_cover_the_workflow_and_are_not_made_twice(tree, personas):
    out = StringIO()
    call_command("seed_cases", stdout=out)
    assert "Vụ việc mẫu: 46 vụ việc" in out.getvalue()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {Status.RECEIVED, Status.ACCEPTED, Status.ANSWERED, Status.MERGED, Status.FORWARDED} <= statuses
    assert Case.objects.filter(round=2, unit=tree["gialai"]).count() == 1 and CaseLink.objects.count() == 2
    assert Case.objects.filter(handler__isnull=False).exists()
    assert CaseRating.objects.exists() and DenouncerIdentity.objects.count() == 1
    assert not Case.objects.filter(kind="to_cao").exclude(petitioner_name="").exists()
    call_command("seed_cases", stdout=StringIO())
    assert Case.objects.count() == 46
