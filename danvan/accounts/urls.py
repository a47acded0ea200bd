from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

# Templates named, not left to Django's defaults (views.PasswordChangeView names its own):
# django.contrib.admin ships its own registration/password_change_*.html, which would win and lead
# into the admin.
urlpatterns = [
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("phan-quyen/<int:pk>/thu-hoi/", views.assignment_revoke, name="assignment_revoke"),
]
