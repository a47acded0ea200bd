"""Helpers of the dialogue and commitment tests: a dialogue, a question and a commitment written through the
services, at Phường Pleiku of the test tree, with long Vietnamese names."""

import datetime

from danvan.engagement import services

from .conftest import TODAY

TOPIC = "Đối thoại về giải phóng mặt bằng đường Trường Chinh nối dài và tái định cư tổ dân phố 1"
PARTICIPANTS = {"nong_dan": 42, "phu_nu": 18, "cuu_chien_binh": 7, "dan_toc_thieu_so": 25}


def dialogue(user, unit, chair, **extra):
    values = {
        "date": TODAY - datetime.timedelta(days=5), "chair_role": "chu_tich", "topic": TOPIC,
        "location": "Hội trường Ủy ban nhân dân phường Pleiku", "participants": PARTICIPANTS,
        "summary": "Chủ tịch kết luận: phường rà soát lại giá bồi thường và trả lời bằng văn bản trong tháng.",
    }  # fmt: skip
    values.update(extra)
    return services.dialogue_record(acting_user=user, unit=unit, chair=chair, **values)


def question(user, d, **extra):
    values = {
        "content": "Vì sao giá bồi thường đất nông nghiệp ở tổ dân phố 1 thấp hơn phường bên cạnh?",
        "asker": "Ksor H'Blơng Bí Danh", "asker_public": False,
        "answer": "Phường sẽ đề nghị tỉnh điều chỉnh hệ số giá đất và trả lời trước ngày 15 tháng sau.",
        "answered_by": "Chủ tịch UBND phường",
    }  # fmt: skip
    values.update(extra)
    return services.question_save(acting_user=user, dialogue=d, **values)


def commitment(user, unit, **extra):
    values = {
        "content": "Sửa chữa đoạn mương thoát nước tổ dân phố 1 trước mùa mưa năm sau.",
        "due_on": TODAY + datetime.timedelta(days=20), "source": "khac",
    }  # fmt: skip
    values.update(extra)
    return services.commitment_make(acting_user=user, unit=unit, **values)
