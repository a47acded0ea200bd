from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from danvan.core import scoping
from danvan.units.models import Unit

from .choices import Role


class UnitCodeField(forms.CharField):
    """A unit typed by code (a picker fills it in); resolved inside the actor's scope."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Đơn vị (mã)"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("Gõ tên hoặc mã đơn vị rồi chọn trong danh sách gợi ý."))
        super().__init__(*args, **kwargs)


def phone_field():
    return forms.RegexField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        regex=r"^\+?[0-9 .]{8,15}$",
        error_messages={"invalid": _("Số điện thoại không hợp lệ.")},
    )


def check_password_pair(form, data, user=None):
    """Both entries must match and pass the password validators; errors go on the fields."""
    if data.get("password1") and data.get("password1") != data.get("password2"):
        form.add_error("password2", _("Hai mật khẩu không khớp."))
    elif data.get("password1"):
        try:
            password_validation.validate_password(data["password1"], user)
        except forms.ValidationError as exc:
            form.add_error("password1", exc)


class _ActorFormMixin:
    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        unit = Unit.objects.for_user(self.actor, scoping.MANAGE_USERS).filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("Không có đơn vị mã “%(code)s” trong phạm vi bạn quản lý."), params={"code": code}
            )
        if not unit.is_active:
            raise forms.ValidationError(_("Đơn vị này đang ngừng hoạt động."))
        self.cleaned_data["unit"] = unit
        return code


def role_field():
    """The role to grant, with nothing chosen at first: nobody becomes an administrator by default."""
    return forms.ChoiceField(
        label=_("Vai trò"),
        choices=[("", _("— chọn vai trò —")), *Role.choices],
        error_messages={"required": _("Chọn một vai trò.")},
    )


class UserCreateForm(_ActorFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[a-zA-Z0-9._-]+$",
        error_messages={"invalid": _("Chỉ dùng chữ không dấu, số và các ký tự . _ -")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    phone = phone_field()
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    role = role_field()
    unit_code = UnitCodeField()
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        check_password_pair(self, data)
        return data


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    phone = phone_field()
    email = forms.EmailField(label=_("Thư điện tử"), required=False)


class AssignmentForm(_ActorFormMixin, forms.Form):
    role = role_field()
    unit_code = UnitCodeField()
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class LockForm(forms.Form):
    """Locking an account says why; the reason goes into the account's history."""

    reason = forms.CharField(
        label=_("Lý do khóa"),
        max_length=200,
        help_text=_("Ví dụ: nghỉ công tác, chuyển đơn vị, nghi lộ mật khẩu."),
        error_messages={"required": _("Ghi ngắn gọn lý do khóa tài khoản.")},
    )


class ResetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu mới"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        check_password_pair(self, data, self.user)
        return data


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a one-time backup code."""

    otp_token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("Mã 6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": _("Nhập mã xác thực.")},
    )


class EnrolCodeForm(CodeForm):
    """The code that confirms a new key: from the app only; when it replaces an app in use, also a
    code of that app or a backup code (``services.totp_enrol_confirm``)."""

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].help_text = _("Mã 6 chữ số ứng dụng vừa hiện sau khi thêm khóa.")
        if replacing:
            self.fields["otp_token"].label = _("Mã trên điện thoại mới")
            self.fields["current_token"] = forms.CharField(
                label=_("Mã trên điện thoại đang dùng"),
                max_length=20,
                help_text=_("Mã 6 chữ số của ứng dụng đang dùng, hoặc một mã dự phòng."),
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
                error_messages={"required": _("Nhập mã của điện thoại đang dùng, hoặc một mã dự phòng.")},
            )
            self.fields["otp_token"].widget.attrs.pop("autofocus", None)
            self.fields["current_token"].widget.attrs["autofocus"] = True
            self.order_fields(["current_token", "otp_token"])
