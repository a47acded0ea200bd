from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xep-hang/", views.scorecards, name="scorecards"),
    path("xep-hang/trong-so/", views.weights_edit, name="weights"),
]
