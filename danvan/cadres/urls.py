from django.urls import path

from . import views

app_name = "cadres"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("danh-sach/", views.cadre_list, name="list"),
    path("them/", views.cadre_create, name="create"),
    path("goi-y/", views.cadre_options, name="options"),
    path("nhap/", views.cadre_import, name="import"),
    path("nhap/<int:job_pk>/xac-nhan/", views.cadre_import_confirm, name="import_confirm"),
    path("mau-nhap-can-bo.xlsx", views.cadre_template, name="template"),
    path("<int:pk>/", views.cadre_detail, name="detail"),
    path("<int:pk>/sua/", views.cadre_edit, name="edit"),
    path("<int:pk>/anh/", views.cadre_photo, name="photo"),
    path("<int:pk>/thoi-cong-tac/", views.cadre_leave, name="leave"),
    path("<int:pk>/chuc-danh/them/", views.appointment_add, name="appointment_add"),
    path("<int:pk>/ngay-co-so/them/", views.field_day_add, name="field_day_add"),
    path("chuc-danh/<int:pk>/ket-thuc/", views.appointment_end, name="appointment_end"),
    path("khoi-to/", views.team_list, name="teams"),
    path("khoi-to/<int:pk>/", views.team_detail, name="team_detail"),
    path("khoi-to/<int:pk>/them-thanh-vien/", views.seat_add, name="seat_add"),
    path("khoi-to/lap/<int:unit_pk>/", views.team_create, name="team_create"),
    path("khoi-to/quy-dinh/<int:unit_pk>/", views.team_rules, name="team_rules"),
    path("thanh-vien/<int:pk>/thoi/", views.seat_end, name="seat_end"),
    path("thanh-vien/<int:pk>/doi-vai-tro/", views.seat_role, name="seat_role"),
    path("to-chuc/", views.organisation_list, name="organisations"),
    path("to-chuc/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("to-chuc/thanh-vien/<int:pk>/thoi/", views.organisation_member_end, name="organisation_member_end"),
    path("lop/", views.course_list, name="courses"),
    path("lop/them/", views.course_create, name="course_create"),
    path("lop/<int:pk>/", views.course_detail, name="course_detail"),
    path("lop/<int:pk>/sua/", views.course_edit, name="course_edit"),
    path("bao-phu-boi-duong/", views.coverage, name="coverage"),
    path("ngay-co-so/", views.field_days, name="field_days"),
    path("ra-soat/", views.review, name="review"),
    path("ra-soat/<int:pk>/", views.review_detail, name="review_detail"),
]
