from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from danvan.accounts import views as account_views
from danvan.core import views as core_views

handler400 = "danvan.core.views.bad_request"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("danvan.accounts.urls")),
    path("don-vi/", include("danvan.units.urls")),
    path("viec/<int:pk>/", core_views.job_detail, name="job_detail"),
    path("thong-bao/", core_views.notifications, name="notifications"),
    path("can-bo/", include("danvan.cadres.urls")),
    path("phan-anh/", include("danvan.cases.urls")),
    path("vu-viec/", include("danvan.cases.staff_urls")),
    path("phan-tich/", include("danvan.insight.urls")),
    path("tong-hop/", include("danvan.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
