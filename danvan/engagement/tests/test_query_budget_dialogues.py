"""Query budgets of the dialogue list, a dialogue's page, its public page, the commitment list and a
commitment's page: opened with some rows, then with more of the same, the count must not change (no query per
row) and must stay within the budget (the count measured plus two)."""

import datetime

import pytest

from danvan.core.tests.budget import assert_budget, long_name
from danvan.engagement import services

from .promises import commitment, dialogue, question

pytestmark = pytest.mark.django_db

DIALOGUE_LIST = 12  # measured 10
DIALOGUE_PAGE = 12  # measured 10
PUBLIC_PAGE = 5  # measured 3
COMMITMENT_LIST = 13  # measured 11
COMMITMENT_PAGE = 14  # measured 12 (one more per level of sub-commitments)


@pytest.fixture
def officer(personas):
    return personas["commune_officer"]


def _dialogues(officer, tree, cadres, count, start):
    for n in range(count):
        dialogue(officer, tree["pleiku"], cadres["chair"], topic=f"Đối thoại về đất đai và tái định cư số {start + n}")


def _questions(officer, d, count, start):
    for n in range(count):
        q = question(officer, d, asker=long_name(start + n), asker_public=n % 2 == 0, village=None)
        commitment(officer, d.unit, source="doi_thoai", question=q, content=f"Cam kết trả lời ý kiến số {start + n}")


def test_dialogue_list(tree, cadres, officer, frozen, login):
    _dialogues(officer, tree, cadres, 3, 0)
    assert_budget(login(officer), "/tiep-cong-dan/doi-thoai/", lambda: _dialogues(officer, tree, cadres, 6, 10),
                  DIALOGUE_LIST, {"unit": tree["pleiku"].pk})  # fmt: skip


def test_dialogue_page_and_its_public_page(tree, personas, cadres, officer, frozen, login, client):
    d = dialogue(officer, tree["pleiku"], cadres["chair"])
    _questions(officer, d, 2, 0)
    services.dialogue_publish(acting_user=personas["province_leader"], dialogue=d, published=True)
    assert_budget(login(officer), f"/tiep-cong-dan/doi-thoai/{d.pk}/", lambda: _questions(officer, d, 5, 10),
                  DIALOGUE_PAGE)  # fmt: skip
    assert_budget(client.__class__(), f"/tiep-cong-dan/cong-khai/doi-thoai/{d.pk}/",
                  lambda: _questions(officer, d, 5, 20), PUBLIC_PAGE)  # fmt: skip


def _commitments(officer, tree, cadres, count, start, parent=None):
    for n in range(count):
        commitment(officer, tree["pleiku"], parent=parent, owner=cadres["vice"], weight=1 + n % 3,
                   content=f"Cam kết sửa đường tổ dân phố số {start + n}",
                   due_on=datetime.date(2026, 11, 1) + datetime.timedelta(days=3 * n),
                   made_on=datetime.date(2026, 10, 1))  # fmt: skip


def test_commitment_list_and_page(tree, cadres, officer, frozen, login):
    client = login(officer)
    _commitments(officer, tree, cadres, 3, 0)
    assert_budget(client, "/tiep-cong-dan/cam-ket/", lambda: _commitments(officer, tree, cadres, 6, 10),
                  COMMITMENT_LIST, {"unit": tree["pleiku"].pk})  # fmt: skip
    top = commitment(
        officer, tree["pleiku"], content="Chương trình chỉnh trang đô thị", made_on=datetime.date(2026, 10, 1)
    )
    _commitments(officer, tree, cadres, 2, 100, parent=top)
    assert_budget(client, f"/tiep-cong-dan/cam-ket/{top.pk}/",
                  lambda: _commitments(officer, tree, cadres, 4, 200, parent=top), COMMITMENT_PAGE)  # fmt: skip
