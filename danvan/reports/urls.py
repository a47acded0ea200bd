from django.urls import path

from . import report_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xep-hang/", views.scorecards, name="scorecards"),
    path("xep-hang/trong-so/", views.weights_edit, name="weights"),
    path("bao-cao/", report_views.report_list, name="reports"),
    path("bao-cao/<int:pk>/", report_views.report_detail, name="report"),
    path("bao-cao/tep/<int:pk>/", report_views.report_file, name="report_file"),
    path("van-ban/", report_views.documents_list, name="documents"),
    path("van-ban/them/", report_views.document_edit, name="document_add"),
    path("van-ban/<int:pk>/", report_views.document_edit, name="document_edit"),
    path("van-ban/<int:pk>/tep/", report_views.document_file, name="document_file"),
    path("kiem-tra-giam-sat/", report_views.inspections_list, name="inspections"),
    path("kiem-tra-giam-sat/them/", report_views.inspection_edit, name="inspection_add"),
    path("kiem-tra-giam-sat/<int:pk>/", report_views.inspection_edit, name="inspection_edit"),
]
