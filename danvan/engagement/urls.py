from django.urls import path

from .views import receptions, schedules

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
    # Commitments
]
