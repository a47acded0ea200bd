"""``core.forms.submit``: the form → service → errors skeleton every writing view shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from danvan.core.forms import status_of, submit


class NameForm(forms.Form):
    name = forms.CharField(label="Họ và tên")
    place_code = forms.CharField(required=False)


def _write(data):
    if data["name"] == "Trùng":
        raise ValidationError({"name": "Đã có người này.", "place": "Không có địa bàn này.", "other": "Lỗi chung."})
    return f"đã lưu {data['name']}"


def test_a_valid_post_calls_the_service_and_returns_what_it_returned():
    request = RequestFactory().post("/", {"name": "Nguyễn Thị Minh Khai"})
    done = submit(request, NameForm(request.POST), _write)
    assert done and done.value == "đã lưu Nguyễn Thị Minh Khai"


def test_a_get_or_an_invalid_form_calls_nothing():
    called = []
    get = RequestFactory().get("/")
    assert not submit(get, NameForm(), called.append)
    post = RequestFactory().post("/", {"name": ""})
    form = NameForm(post.POST)
    assert not submit(post, form, called.append)
    assert called == [] and status_of(form) == 400 and status_of(NameForm()) == 200


def test_the_services_errors_land_on_the_named_fields_or_on_top():
    request = RequestFactory().post("/", {"name": "Trùng"})
    form = NameForm(request.POST)
    done = submit(request, form, _write, renames={"place": "place_code"})
    assert not done and done.value is None
    assert form.errors["name"] == ["Đã có người này."]
    assert form.errors["place_code"] == ["Không có địa bàn này."]
    assert form.non_field_errors() == ["Lỗi chung."]
    assert status_of(form) == 400
