from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("mo-hinh/", views.registry, name="registry"),
    path("goi-y/", views.suggestion, name="suggestion"),
    path("vu-viec/<int:pk>/", views.case_decide, name="case_decide"),
    path("canh-bao/", views.warnings, name="warnings"),
    path("gop-y/", views.opinions, name="opinions"),
]
