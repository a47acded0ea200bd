from django.urls import path

from .views import commitments, dialogues, receptions, schedules

app_name = "engagement"

urlpatterns = [
    # The reception register (sổ tiếp công dân)
    path("", receptions.register, name="register"),
    path("xuat-so/", receptions.register_export, name="register_export"),
    path("xuat-so/<int:job_pk>/tep/", receptions.register_file, name="register_file"),
    path("ghi-so/", receptions.reception_add, name="reception_add"),
    path("lan-tiep-truoc/", receptions.earlier_visits, name="earlier_visits"),
    path("luot-tiep/<int:pk>/", receptions.reception_detail, name="reception"),
    path("luot-tiep/<int:pk>/chuyen-vu-viec/", receptions.reception_to_case, name="reception_to_case"),
    # Leaders' reception schedules, their days and the public calendar
    path("lich-tiep/", schedules.schedule_list, name="schedules"),
    path("lich-tiep/them/", schedules.schedule_add, name="schedule_add"),
    path("lich-tiep/<int:pk>/sua/", schedules.schedule_edit, name="schedule_edit"),
    path("lich-tiep/<int:pk>/ghi-buoi-tiep/", schedules.session_record, name="session_record"),
    path("lich-tiep/theo-doi/", schedules.compliance, name="compliance"),
    path("lich/<int:unit_id>/", schedules.public_calendar, name="public_calendar"),
    # Dialogues, their questions and answers
    path("doi-thoai/", dialogues.dialogue_list, name="dialogues"),
    path("doi-thoai/them/", dialogues.dialogue_add, name="dialogue_add"),
    path("doi-thoai/<int:pk>/", dialogues.dialogue_detail, name="dialogue"),
    path("doi-thoai/<int:pk>/sua/", dialogues.dialogue_edit, name="dialogue_edit"),
    path("doi-thoai/<int:pk>/cong-bo/", dialogues.dialogue_publish, name="dialogue_publish"),
    path("doi-thoai/<int:pk>/y-kien/them/", dialogues.question_add, name="question_add"),
    path("y-kien/<int:pk>/sua/", dialogues.question_edit, name="question_edit"),
    path("cong-khai/doi-thoai/<int:pk>/", dialogues.public_dialogue, name="public_dialogue"),
    # Commitments
    path("cam-ket/", commitments.commitment_list, name="commitments"),
    path("cam-ket/<int:pk>/", commitments.commitment_detail, name="commitment"),
    path("cam-ket/<int:pk>/tien-do/", commitments.commitment_progress, name="commitment_progress"),
    path("cam-ket/<int:pk>/minh-chung/", commitments.evidence_add, name="evidence_add"),
    path("cam-ket/<int:pk>/dong/", commitments.commitment_close, name="commitment_close"),
    path("cam-ket/<int:pk>/cam-ket-con/", commitments.sub_commitment_add, name="sub_commitment_add"),
    path("cam-ket/tu-y-kien/<int:pk>/", commitments.commitment_from_question, name="commitment_from_question"),
    path("cam-ket/tu-luot-tiep/<int:pk>/", commitments.commitment_from_reception, name="commitment_from_reception"),
    path("minh-chung/<int:pk>/", commitments.evidence_file, name="evidence_file"),
    path("ngay-co-so/<int:pk>/", commitments.field_day, name="field_day"),
    path("ngay-co-so/<int:pk>/cam-ket/<int:index>/", commitments.field_day_commitment, name="field_day_commitment"),
    path("ngay-co-so/<int:pk>/vu-viec/<int:index>/", commitments.field_day_case, name="field_day_case"),
]
