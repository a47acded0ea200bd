from django.urls import path

from . import views

app_name = "cases_staff"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("tiep-nhan/", views.reception, name="reception"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/danh-tinh/", views.identity, name="identity"),
]
