from django.urls import path

from . import views

app_name = "cases_staff"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("tiep-nhan/", views.reception, name="reception"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/danh-tinh/", views.identity, name="identity"),
    path("<int:pk>/danh-tinh/tai-lieu/<int:doc>/", views.identity_document, name="identity_document"),
    path("<int:pk>/lan-2/", views.second_round, name="second_round"),
    path("quy-tac-chuyen/", views.routing_rules, name="routing_rules"),
    path("so-mo-danh-tinh/", views.identity_register, name="identity_register"),
]
