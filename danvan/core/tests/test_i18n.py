"""Interface language: Vietnamese by default, English when the selector's cookie asks for it."""

import pytest
from django.conf import settings

LOGIN_URL = "/dang-nhap/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_serves_the_login_page_in_vietnamese_as_utf8_by_default(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "charset=utf-8" in response["Content-Type"].lower()
    assert response["Content-Language"] == "vi"
    page = response.content.decode("utf-8")
    assert "Đăng nhập" in page
    assert "Log in" not in page


def test_it_shows_the_login_page_in_english_when_the_language_cookie_says_en(english, db):
    response = english.get(LOGIN_URL)

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode("utf-8")
    assert "Log in" in page
    assert "Đăng nhập" not in page
    assert "Tên đăng nhập" not in page


def test_it_ignores_a_language_cookie_for_a_language_it_does_not_offer(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(LOGIN_URL)

    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode("utf-8")


def test_it_shows_the_home_page_in_english_to_a_logged_in_user(english, personas):
    english.force_login(personas["commune_officer"])

    response = english.get("/")

    assert response.status_code == 200
    page = response.content.decode("utf-8")
    assert "Home" in page
    assert "Trang chủ" not in page
    assert "Mobilisation officer" in page
