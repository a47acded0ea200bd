"""Near-duplicates: the same petition sent to several units or levels, proposed on intake and by the
sweep, linked or dismissed by an officer who can see both."""

import datetime

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied
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


def denounce(officer, place, content):
    case, _created = case_services.denunciation_receive(
        acting_user=officer, content=content, place=place, identity={"name": "Lê Thị Hồng", "phone": "0905777888"}
    )
    return case


def test_a_denunciation_written_from_a_named_submission_is_never_its_near_duplicate(
    tree, personas, login, django_capture_on_commit_callbacks
):
    """The defect: the named online submission was proposed on the denunciation's page, so any viewer of the
    unit learnt who had probably denounced."""
    with django_capture_on_commit_callbacks(execute=True):
        named = submit(tree["village"], PETITION, petitioner_name="Lê Thị Hồng", petitioner_phone="0905777888")
        denunciation = denounce(personas["commune_officer"], tree["village"], RETYPED)
    assert not DuplicateCandidate.objects.exists()
    assert services.duplicate_sweep()["pairs"] == 0
    assert not DuplicateCandidate.objects.exists()
    for persona in ("province_admin", "commune_officer", "viewer"):
        page = login(personas[persona]).get(f"/vu-viec/{denunciation.pk}/").content.decode()
        assert named.code not in page and "Lê Thị Hồng" not in page
        assert denunciation.code not in login(personas[persona]).get(f"/vu-viec/{named.pk}/").content.decode()


# Who sees the proposal that two denunciations of Phường Pleiku are near-duplicates (both received by
# canbo.pleiku, who holds the grant on both until a resolver is named).
SEES_DENUNCIATION_PAIR = [
    ("commune_officer", True),
    ("province_admin", False),
    ("national_admin", False),
    ("province_leader", False),
    ("viewer", False),
    ("superuser", False),
]


@pytest.mark.parametrize(("persona", "sees"), SEES_DENUNCIATION_PAIR)
def test_near_duplicate_denunciations_are_shown_only_to_those_who_hold_the_grant(
    tree, personas, login, django_capture_on_commit_callbacks, persona, sees
):
    with django_capture_on_commit_callbacks(execute=True):
        first = denounce(personas["commune_officer"], tree["village"], PETITION)
        again = denounce(personas["commune_officer"], tree["village"], RETYPED)
    pair = DuplicateCandidate.objects.get()
    assert {pair.first_id, pair.second_id} == {first.pk, again.pk}
    user = personas[persona]
    assert bool(services.duplicates_for(first, user)) is sees and bool(services.duplicates_for(again, user)) is sees
    page = login(user).get(f"/vu-viec/{first.pk}/").content.decode()
    assert (again.code in page) is sees


def test_holding_the_grant_on_one_denunciation_of_the_pair_is_not_enough(tree, personas):
    from conftest import make_user
    from danvan.accounts.choices import Role

    chair = make_user("chutich.pleiku", Role.LEADER, tree["pleiku"])
    first = denounce(personas["commune_officer"], tree["village"], PETITION)
    again = denounce(personas["commune_officer"], tree["village"], RETYPED)
    services.duplicate_sweep()
    case_services.identity_name_resolver(case=first, resolver=chair, acting_user=personas["province_leader"])
    assert (
        services.duplicates_for(first, chair) == []
        and services.duplicates_for(first, personas["commune_officer"]) == []
    )
    candidate = DuplicateCandidate.objects.get()
    with pytest.raises(PermissionDenied):
        services.duplicate_decide(candidate=candidate, case=first, acting_user=chair, link=True)
    case_services.identity_name_resolver(case=again, resolver=chair, acting_user=personas["province_leader"])
    assert [other for other, _c in services.duplicates_for(first, chair)] == [again]


def test_a_pair_across_the_seal_left_from_before_is_removed_and_never_shown(tree, personas):
    from importlib import import_module

    from django.apps import apps

    named = submit(tree["village"], PETITION, petitioner_name="Lê Thị Hồng")
    denunciation = denounce(personas["commune_officer"], tree["village"], RETYPED)
    ordinary = submit(tree["hoiphu"], PETITION + " Gửi lại lần hai.")
    low, high = sorted((named.pk, denunciation.pk))
    DuplicateCandidate.objects.create(first_id=low, second_id=high, similarity=0.8, found_by="quet")
    DuplicateCandidate.objects.create(first_id=named.pk, second_id=ordinary.pk, similarity=0.9, found_by="quet")
    for case in (named, denunciation):
        shown = [other for other, _c in services.duplicates_for(case, personas["national_admin"])]
        assert denunciation not in shown and (case != denunciation or shown == [])
    import_module("danvan.insight.migrations.0004_duplicates_within_the_seal").drop_pairs_across_the_seal(apps, None)
    assert list(DuplicateCandidate.objects.values_list("first_id", "second_id")) == [(named.pk, ordinary.pk)]
