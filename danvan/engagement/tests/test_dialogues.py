"""Dialogues: who may record, correct and publish one (a table written out by hand), the checks of each field,
the scope of the pages, and the public page, which shows what was asked, answered and promised and nothing
that names a citizen who did not agree, a village, a case or the cadre in charge."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import localised_numbers
from danvan.cases import services as case_services
from danvan.core.tests.tables import attempt, table
from danvan.engagement import services
from danvan.engagement.models import Dialogue, Question

from .conftest import TODAY
from .promises import TOPIC, commitment, dialogue, question

pytestmark = pytest.mark.django_db

WRITES = """
persona           record  update  question  publish
province_admin    1       1       1         1
province_leader   0       0       0         1
commune_officer   1       1       1         0
sibling_officer   0       0       0         0
village_member    0       0       0         0
viewer            0       0       0         0
nobody            0       0       0         0
"""


@pytest.fixture
def held(tree, personas, cadres, frozen):
    return dialogue(personas["commune_officer"], tree["pleiku"], cadres["chair"])


def _writes(user, tree, cadres, held):
    return {
        "record": lambda: dialogue(user, tree["pleiku"], cadres["chair"]),
        "update": lambda: services.dialogue_update(acting_user=user, dialogue=held, topic="Chủ đề đã sửa lại"),
        "question": lambda: question(user, held),
        "publish": lambda: services.dialogue_publish(acting_user=user, dialogue=held, published=True),
    }


def test_who_may_record_correct_and_publish_a_dialogue(tree, personas, cadres, held):
    expected = table(WRITES)

    def written():
        return Dialogue.history.count() + Question.history.count()

    for persona, row in expected.items():
        assert attempt(_writes(personas[persona], tree, cadres, held), written, after=held.refresh_from_db) == row, (
            persona
        )


def test_level_follows_the_unit(tree, personas, cadres, frozen):
    admin = personas["province_admin"]
    assert dialogue(admin, tree["pleiku"], cadres["chair"]).level == "xa"
    assert dialogue(admin, tree["gialai"], cadres["province_chair"]).level == "tinh"


@pytest.mark.parametrize(
    ("participants", "message"),
    [
        ({"nong_dan": 5, "sinh_vien": 3}, "Nhóm thành phần không có trong danh mục: sinh_vien."),
        ({"nong_dan": -1}, "Số người của mỗi thành phần là một số nguyên không âm."),
        ({"nong_dan": "12"}, "Số người của mỗi thành phần là một số nguyên không âm."),
        ({"nong_dan": 0, "phu_nu": 0}, "Ghi số người tham dự của ít nhất một thành phần."),
        ({}, "Ghi số người tham dự của ít nhất một thành phần."),
    ],
)
def test_participants_are_counted_by_known_groups(tree, personas, cadres, frozen, participants, message):
    with pytest.raises(ValidationError) as caught:
        dialogue(personas["commune_officer"], tree["pleiku"], cadres["chair"], participants=participants)
    assert caught.value.message_dict == {"participants": [message]}


def test_each_bad_field_is_named(tree, personas, cadres, frozen):
    with pytest.raises(ValidationError) as caught:
        dialogue(
            personas["commune_officer"], tree["pleiku"], cadres["sibling_staff"],
            date=TODAY + datetime.timedelta(days=1), chair_role="pho_chu_tich", topic=" ", location="",
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors["chair"] == ["Cán bộ không thuộc đơn vị này hoặc đơn vị cấp trên."]
    assert errors["date"] == ["Ngày không được ở tương lai."]
    assert set(errors) == {"chair", "date", "chair_role", "topic", "location"}
    # A cadre of the province above may chair a commune's dialogue.
    assert (
        dialogue(personas["commune_officer"], tree["pleiku"], cadres["province_chair"]).chair
        == cadres["province_chair"]
    )


def test_questions_are_numbered_and_a_case_must_be_in_scope(tree, personas, cadres, held):
    officer = personas["commune_officer"]
    first, second = question(officer, held), question(officer, held, content="Khi nào có nước sạch về tổ 1?")
    assert (first.order, second.order) == (1, 2)
    elsewhere, _created = case_services.case_submit(
        kind="phan_anh", content="Đường liên thôn ở phường Hội Phú bị sạt lở nghiêm trọng.", place=tree["hoiphu"]
    )
    with pytest.raises(ValidationError) as caught:
        question(officer, held, case=elsewhere, village=tree["hoiphu"])
    assert set(caught.value.message_dict) == {"case", "village"}
    mine, _created = case_services.case_submit(
        kind="phan_anh", content="Đèn đường tổ dân phố 1 hỏng đã hai tháng chưa sửa.", place=tree["village"]
    )
    edited = question(officer, held, case=mine, village=tree["village"], question=first, asker="")
    assert (edited.pk, edited.order, edited.case, edited.asker_public) == (first.pk, 1, mine, False)


def test_a_sibling_commune_sees_no_dialogue_of_ours(tree, personas, held, login):
    client = login(personas["sibling_officer"])
    assert client.get(f"/tiep-cong-dan/doi-thoai/{held.pk}/").status_code == 404
    assert client.get(f"/tiep-cong-dan/doi-thoai/{held.pk}/sua/").status_code == 404
    listed = client.get("/tiep-cong-dan/doi-thoai/", {"year": TODAY.year})
    assert listed.status_code == 200 and TOPIC not in listed.content.decode()


def test_recording_a_dialogue_and_its_question_through_the_pages(tree, personas, cadres, frozen, login):
    client = login(personas["commune_officer"])
    page = client.get("/tiep-cong-dan/doi-thoai/them/", {"unit": tree["pleiku"].pk})
    assert page.status_code == 200 and 'name="p_nong_dan"' in page.content.decode()
    data = {
        "date": "05/11/2026", "chair_code": cadres["chair"].code, "chair_role": "chu_tich", "topic": TOPIC,
        "location": "Hội trường phường", "p_nong_dan": "30", "p_phu_nu": "12",
    }  # fmt: skip
    refused = client.post(f"/tiep-cong-dan/doi-thoai/them/?unit={tree['pleiku'].pk}", {**data, "p_nong_dan": "0",
                                                                                      "p_phu_nu": "0"})  # fmt: skip
    assert refused.status_code == 400 and "Ghi số người tham dự của ít nhất một thành phần." in refused.content.decode()
    response = client.post(f"/tiep-cong-dan/doi-thoai/them/?unit={tree['pleiku'].pk}", data)
    held = Dialogue.objects.get()
    assert response.status_code == 302 and held.participants == {"nong_dan": 30, "phu_nu": 12}
    client.post(f"/tiep-cong-dan/doi-thoai/{held.pk}/y-kien/them/", {
        "content": "Đề nghị làm rõ thời gian chi trả tiền bồi thường.", "asker": "Nguyễn Văn Bình",
        "answer": "Chi trả trong tháng 12/2026.", "answered_by": "Chủ tịch UBND phường",
    })  # fmt: skip
    q = Question.objects.get()
    client.post(f"/tiep-cong-dan/cam-ket/tu-y-kien/{q.pk}/", {"content": "Chi trả bồi thường", "due_on": "31/12/2026"})
    detail = client.get(f"/tiep-cong-dan/doi-thoai/{held.pk}/")
    html = detail.content.decode()
    assert "Chi trả bồi thường" in html and "Chi trả trong tháng 12/2026." in html
    assert "Công bố công khai" not in html  # an officer does not publish
    assert not localised_numbers(html)


def test_a_leader_publishes_and_an_officer_may_not(tree, personas, held, login):
    assert (
        login(personas["commune_officer"])
        .post(f"/tiep-cong-dan/doi-thoai/{held.pk}/cong-bo/", {"published": "1"})
        .status_code
        == 403
    )
    client = login(personas["province_leader"])
    assert client.post(f"/tiep-cong-dan/doi-thoai/{held.pk}/cong-bo/", {"published": "1"}).status_code == 302
    held.refresh_from_db()
    assert held.is_published


def test_the_public_page_shows_the_promises_and_nothing_private(tree, personas, cadres, held, client, settings,
                                                                tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    officer = personas["commune_officer"]
    assert client.get(f"/tiep-cong-dan/cong-khai/doi-thoai/{held.pk}/").status_code == 404  # not yet published
    assert client.get("/tiep-cong-dan/cong-khai/doi-thoai/987654/").status_code == 404
    case, _created = case_services.case_submit(
        kind="phan_anh", content="Đèn đường tổ dân phố 1 hỏng đã hai tháng chưa sửa.", place=tree["village"]
    )
    hidden = question(officer, held, case=case, village=tree["village"])
    named = question(officer, held, content="Khi nào sửa cầu tràn?", asker="Y Bih Niê Công Khai",
                     asker_public=True, answer="Quý I năm 2027.")  # fmt: skip
    kept = commitment(officer, tree["pleiku"], source="doi_thoai", question=hidden, owner=cadres["vice"],
                      content="Điều chỉnh hệ số giá đất tổ dân phố 1")  # fmt: skip
    commitment(officer, tree["pleiku"], source="doi_thoai", question=named, content="Sửa cầu tràn suối Ia Kring")
    services.commitment_progress(acting_user=officer, commitment=named.commitments.get(), progress=40)
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.evidence_add(acting_user=officer, commitment=kept, note="Biên bản nghiệm thu bí mật",
                          files=[SimpleUploadedFile("bien-ban-rieng.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)])  # fmt: skip
    services.commitment_close(acting_user=officer, commitment=kept, kept=True)
    services.dialogue_publish(acting_user=personas["province_leader"], dialogue=held, published=True)
    response = client.get(f"/tiep-cong-dan/cong-khai/doi-thoai/{held.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (TOPIC, cadres["chair"].full_name, "Người đứng đầu chính quyền", "Y Bih Niê Công Khai",
                  "Điều chỉnh hệ số giá đất tổ dân phố 1", "Đang thực hiện, 40%", "Phường Pleiku", "42"):  # fmt: skip
        assert shown in html, shown
    for private in ("Ksor H'Blơng Bí Danh", case.code, "Tổ dân phố 1<", cadres["vice"].full_name,
                    "bien-ban-rieng", "Biên bản nghiệm thu bí mật", "/minh-chung/", "/vu-viec/"):  # fmt: skip
        assert private not in html, private
    assert html.count('data-status="da_thuc_hien"') == 1
    services.dialogue_publish(acting_user=personas["province_admin"], dialogue=held, published=False)
    assert client.get(f"/tiep-cong-dan/cong-khai/doi-thoai/{held.pk}/").status_code == 404
