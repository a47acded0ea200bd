"""Query budgets of the officers' case list and the case page.

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries
must not change (no query per row) and must stay within the page's budget. To update a budget after a
change that needs more (or fewer) queries, run this file; the failure names the page, the count
measured and every query. Set the budget to the new count plus 2, and say in the commit why the page
needs them. A count that grows with the rows is an N+1 to fix, not a budget to raise.
"""

import datetime

from danvan.cases import services
from danvan.cases.choices import LinkReason
from danvan.cases.models import CaseAttachment, CaseEvent, CaseLink, Field
from danvan.cases.tests import rows
from danvan.cases.workflow import Event
from danvan.core.tests.budget import assert_budget
from danvan.insight.models import CaseInsight, DuplicateCandidate

CASE_LIST = 18  # measured 16
CASE_PAGE = 33  # measured 31


def test_the_officers_case_list(tree, personas, login):
    officer = personas["commune_officer"]
    handlers = rows.users(8)
    made = []

    def add(count, start):
        found = rows.cases(tree["pleiku"], tree["village"], count, start, handlers=handlers, rated=True)
        CaseInsight.objects.bulk_create(
            CaseInsight(case=case, suggested_field=case.field, flagged=n % 3 == 0) for n, case in enumerate(found)
        )
        made.extend(found)

    add(10, 0)
    client = login(officer)
    assert_budget(client, "/vu-viec/", lambda: add(30, 10), CASE_LIST)
    page = client.get("/vu-viec/").content.decode()
    assert all(case.code in page for case in made) and page.count('data-testid="list-staff-rating"') == 40
    assert page.count('data-testid="attention"') == 4 + 10  # every third case of each batch is flagged


def test_the_case_page(tree, personas, login, django_capture_on_commit_callbacks):
    officer = personas["commune_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        case, _created = services.case_submit(
            kind="khieu_nai", content=rows.CONTENT, place=tree["village"], field=Field.objects.get(code="dat_dai"),
            petitioner_name="Nguyễn Thị Phương Thảo", petitioner_phone="0900000001",
        )  # fmt: skip
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=datetime.date.today())
    people = rows.users(8)
    start = [0]

    def add(count):
        n0 = start[0]
        start[0] += count
        events = CaseEvent.objects.bulk_create(
            CaseEvent(case=case, event=Event.NOTE, day=case.received_on, actor=people[n % len(people)],
                      note=f"Đã gặp gỡ, trao đổi với người dân lần {n + 1}.")
            for n in range(n0, n0 + count)
        )  # fmt: skip
        CaseAttachment.objects.bulk_create(
            CaseAttachment(case=case, event=event, file=f"cases/2026/03/bien-ban-{n}.pdf", name=f"Biên bản {n}.pdf",
                           content_type="application/pdf", size=2048, uploaded_by=officer)
            for n, event in enumerate(events, n0)
        )  # fmt: skip
        others = rows.cases(tree["pleiku"], tree["village"], count, 100 + n0, handlers=people)
        CaseLink.objects.bulk_create(
            CaseLink(first=case, second=other, reason=LinkReason.SAME_MATTER, created_by=officer) for other in others
        )
        rows.cases(tree["pleiku"], tree["village"], count, 1000 + n0, handlers=people, merged_into=case)
        near = rows.cases(tree["pleiku"], tree["village"], count, 2000 + n0, handlers=people)
        DuplicateCandidate.objects.bulk_create(
            DuplicateCandidate(first=case, second=other, similarity=0.9, found_by=DuplicateCandidate.FoundBy.SWEEP)
            for other in near
        )  # fmt: skip

    add(10)
    client = login(officer)
    assert_budget(client, f"/vu-viec/{case.pk}/", lambda: add(30), CASE_PAGE)
    page = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert page.count("Đã gặp gỡ, trao đổi với người dân") == 40 and "Biên bản 39.pdf" in page
