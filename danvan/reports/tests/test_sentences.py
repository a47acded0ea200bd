"""Report text: a sentence about nothing is left out; one number format throughout."""

import datetime
import re

from danvan.core.numbers import sentence
from danvan.core.periods import Period
from danvan.core.sections import SECTIONS, Context
from danvan.reports.models import Inspection

from .conftest import TODAY, at

D = datetime.date
# A count of zero in a sentence ("Tiến hành 0 cuộc kiểm tra", "còn 0 kiến nghị", "0/0 cán bộ"), or a figure
# with nothing to show (an em dash, "—%") written in a sentence.
NOTHING = re.compile(r"(?<![\d.,])0(?![\d.,])(/0)?\s|—")


def sentences_of(tree, personas, unit="gialai"):
    ctx = Context(unit=tree[unit], user=personas["province_leader"], period=Period("nam", 2026), today=TODAY)
    return {result.key: result.sentences for result in SECTIONS.compute(ctx)}


def test_an_empty_year_writes_no_sentence_about_nothing(tree, personas):
    with at(TODAY):
        found = sentences_of(tree, personas)
    for key, sentences in found.items():
        for text in sentences:
            assert not NOTHING.search(text), (key, text)
    assert found["leadership"] == ["Trong kỳ chưa ghi nhận văn bản lãnh đạo, chỉ đạo nào."]


def test_inspections_are_told_without_the_clauses_that_are_empty(tree, personas):
    with at(TODAY):
        Inspection.objects.create(unit=tree["gialai"], kind="kiem_tra", topic="Kiểm tra thực hiện Quy chế dân vận",
                                  started_on=D(2026, 5, 4), target=tree["pleiku"], organisations=12, people=30)  # fmt: skip
        found = sentences_of(tree, personas)["leadership"]
    assert "Tiến hành 1 cuộc kiểm tra, giám sát đối với 12 tổ chức." in found
    assert not any("còn 0" in text or "kiến nghị" in text for text in found)
    with at(TODAY):
        Inspection.objects.create(unit=tree["gialai"], kind="giam_sat", topic="Giám sát việc tiếp công dân năm trước",
                                  started_on=D(2025, 9, 8), follow_up="Công khai lịch tiếp dân",
                                  follow_up_due=D(2026, 1, 30))  # fmt: skip
        found = sentences_of(tree, personas)["leadership"]
    assert "Tiến hành 1 cuộc kiểm tra, giám sát đối với 12 tổ chức; còn 1 kiến nghị chưa khắc phục xong." in found


def test_a_clause_becomes_a_sentence():
    assert sentence("còn 1 kiến nghị chưa khắc phục xong") == "Còn 1 kiến nghị chưa khắc phục xong."
    assert sentence("Đã xong.") == "Đã xong." and sentence(" ") == ""
