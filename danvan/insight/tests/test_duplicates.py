"""Near-duplicates: the same petition sent to several units or levels, proposed on intake and by the
sweep, linked or dismissed by an officer who can see both."""

import datetime

import numpy as np
from django.core.management import call_command

from danvan.cases import services as case_services
from danvan.cases.models import CaseLink
from danvan.core.text import fold
from danvan.insight import corpus, dedup, services
from danvan.insight.models import DuplicateCandidate, DuplicateStatus, TextBand, TextPrint

PETITION = ("Kính gửi UBND phường, gia đình tôi ở tổ dân phố 1 đề nghị xem xét việc công ty xây dựng đào đường "
            "làm cống rồi bỏ đó hơn hai tháng, hố sâu không có rào chắn, trẻ em đi học rất nguy hiểm.")  # fmt: skip
RETYPED = "De nghi xem xet viec cong ty xay dung dao duong lam cong roi bo do hon hai thang, ho sau khong co rao chan, tre em di hoc rat nguy hiem. Xin cam on."  # noqa: E501


def test_every_rewritten_pair_of_the_seed_corpus_is_found_and_nothing_else():
    rows = corpus.seed_cases()
    index = {row["id"]: n for n, row in enumerate(rows)}
    found = dedup.near_duplicates(dedup.signatures([row["text"] for row in rows]))
    expected = {tuple(sorted((index[p["a"]], index[p["b"]]))) for p in corpus.seed_duplicates()}
    assert {(i, j) for i, j, _s in found} == expected


def test_a_signature_depends_on_its_text_only():
    texts = [PETITION, "ngắn", "", RETYPED]
    together = dedup.signatures(texts)
    assert np.array_equal(together[0], dedup.signatures([PETITION])[0])
    assert np.array_equal(together[3], dedup.signatures([RETYPED])[0])
    assert not together[1].any() and not together[2].any()  # shorter than a 5-gram
    assert np.array_equal(dedup.signatures([PETITION.upper()])[0], together[0])  # case does not matter
    assert np.array_equal(dedup.signatures([fold(PETITION)])[0], together[0])  # nor do diacritics
    assert dedup.similarity(together[0], together[3]) >= dedup.THRESHOLD


def submit(place, content, **extra):
    case, _created = case_services.case_submit(kind="kien_nghi", content=content, place=place, **extra)
    return case


def test_a_petition_sent_again_is_proposed_on_intake_and_linked_by_an_officer(
    tree, personas, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(tree["village"], PETITION)
        unrelated = submit(tree["village"], "Trạm y tế phường thiếu thuốc hạ sốt cho trẻ em suốt mấy tuần nay.")
        again = submit(tree["gialai"], RETYPED)  # the same petition, sent to the province
    pair = DuplicateCandidate.objects.get()
    assert {pair.first_id, pair.second_id} == {first.pk, again.pk} and pair.found_by == "tiep_nhan"
    assert pair.similarity >= dedup.THRESHOLD and unrelated.pk not in (pair.first_id, pair.second_id)
    commune = login(personas["commune_officer"]).get(f"/vu-viec/{first.pk}/").content.decode()
    assert 'data-testid="duplicates"' not in commune  # the province's case is not the ward's to see
    province = login(personas["province_admin"])
    page = province.get(f"/vu-viec/{first.pk}/").content.decode()
    assert again.code in page.split('data-testid="duplicates"')[1].split("</ul>")[0]
    response = province.post(f"/phan-tich/vu-viec/{first.pk}/", {"action": "link_duplicate", "candidate": pair.pk})
    assert response.status_code == 302
    assert CaseLink.objects.filter(reason="cung_su_viec").count() == 1
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.LINKED and pair.decided_by == personas["province_admin"]


def test_an_officer_dismisses_a_proposal_and_others_cannot(tree, personas, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(tree["village"], PETITION)
        again = submit(tree["village"], RETYPED)
    pair = DuplicateCandidate.objects.get()
    outsider = login(personas["other_province_officer"])
    assert (
        outsider.post(f"/phan-tich/vu-viec/{first.pk}/", {"action": "not_duplicate", "candidate": pair.pk}).status_code
        == 404
    )
    viewer = login(personas["viewer"])
    assert (
        viewer.post(f"/phan-tich/vu-viec/{again.pk}/", {"action": "not_duplicate", "candidate": pair.pk}).status_code
        == 403
    )
    officer = login(personas["commune_officer"])
    officer.post(f"/phan-tich/vu-viec/{again.pk}/", {"action": "not_duplicate", "candidate": pair.pk})
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DISMISSED and not CaseLink.objects.exists()


def test_the_sweep_finds_pairs_among_cases_received_before_and_fingerprints_them(tree, personas):
    first = submit(tree["village"], PETITION)  # on-commit callbacks not run: no fingerprint yet
    again = submit(tree["hoiphu"], RETYPED)
    submit(tree["village"], "Đèn đường ở ngã ba hỏng hơn một tháng, buổi tối rất tối.")
    assert not TextPrint.objects.exists()
    from io import StringIO

    out = StringIO()
    call_command("find_duplicates", "--ngay", "0", stdout=out)
    assert "Đã so sánh 3 vụ việc, đề xuất 1 cặp" in out.getvalue()
    pair = DuplicateCandidate.objects.get()
    assert (pair.first_id, pair.second_id, pair.found_by) == (first.pk, again.pk, "quet")
    assert TextPrint.objects.count() == 3 and TextBand.objects.filter(case=first).exists()
    call_command("find_duplicates", "--ngay", "0", stdout=StringIO())
    assert DuplicateCandidate.objects.count() == 1  # a pair is proposed once


def test_band_keys_of_old_cases_are_pruned(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = submit(tree["village"], PETITION, received_on=datetime.date(2025, 1, 2))
        submit(tree["village"], "Trạm y tế phường thiếu thuốc hạ sốt cho trẻ em suốt mấy tuần nay.")
    assert services.prune_bands() > 0
    assert not TextBand.objects.filter(case=old).exists() and TextPrint.objects.filter(case=old).exists()


def test_the_one_matrix_path_and_the_loop_path_agree(monkeypatch):
    texts = [row["text"] for row in corpus.seed_cases()[:50]]
    small = dedup.signatures(texts)
    monkeypatch.setattr(dedup, "SMALL", 0)
    assert np.array_equal(dedup.signatures(texts), small)
