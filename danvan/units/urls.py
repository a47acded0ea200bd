from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_browse, name="browse"),
    path("chon/", views.unit_options, name="options"),
    path("mau-nhap-thon.xlsx", views.villages_template, name="villages_template"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/sua/", views.unit_edit, name="edit"),
    path("<int:pk>/ngung-hoat-dong/", views.unit_deactivate, name="deactivate"),
    path("<int:pk>/hoat-dong-lai/", views.unit_reactivate, name="reactivate"),
    path("<int:pk>/them-thon/", views.village_add, name="village_add"),
    path("<int:pk>/nhap-thon/", views.villages_import, name="villages_import"),
    path("<int:pk>/xuat-excel/", views.unit_export, name="export"),
]
