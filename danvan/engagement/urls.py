from django.urls import path

from .views import receptions

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
    # Dialogues, their questions and answers
    # Commitments
]
