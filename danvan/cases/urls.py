from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("gui/", views.submit, name="submit"),
    path("da-gui/<str:code>/", views.sent, name="sent"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("noi-xay-ra/", views.place_options, name="place_options"),
]
