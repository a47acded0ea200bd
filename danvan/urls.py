from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from danvan.accounts import views as account_views
from danvan.core import views as core_views

handler400 = "danvan.core.views.bad_request"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("dang-nhap/", account_views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", account_views.login_code, name="login_code"),
    path("dang-nhap/bat-xac-thuc/", account_views.login_enrol, name="login_enrol"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("danvan.accounts.urls")),
    path("don-vi/", include("danvan.units.urls")),
    path("viec/<int:pk>/", core_views.job_detail, name="job_detail"),
    path("viec/<int:pk>/chay-lai/", core_views.job_restart, name="job_restart"),
    path("thong-bao/", core_views.notifications, name="notifications"),
    path("can-bo/", include("danvan.cadres.urls")),
    path("phan-anh/", include("danvan.cases.urls")),
    path("vu-viec/", include("danvan.cases.staff_urls")),
    path("phan-tich/", include("danvan.insight.urls")),
    path("tiep-cong-dan/", include("danvan.engagement.urls")),
    path("dan-van-kheo/", include("danvan.emulation.urls")),
    path("tong-hop/", include("danvan.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Django's admin has its own password-only login form: everyone logs in through ours (second factor).
    path("quan-tri/login/", core_views.admin_login, name="admin_login"),
    path("quan-tri/", admin.site.urls),
]
