"""Vietnamese messages where Django's own are English or unclear on a Vietnamese page.

Django's Vietnamese catalogue lacks some messages (the password length, a slug) and words others
poorly ("Nhập một số tổng thể." for a whole number, "…bằng với 30 ." with a stray space). This is
their one home: :func:`install` (run when the core app is ready, before the project's forms are
built) replaces the defaults of Django's form fields and validators with messages written here in
Vietnamese, so every form says the same thing; the English catalogue translates them back.
"""

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _


def install():
    forms.IntegerField.default_error_messages["invalid"] = _("Nhập một số nguyên.")
    for field in (forms.FloatField, forms.DecimalField):
        field.default_error_messages["invalid"] = _("Nhập một số (dùng dấu phẩy hoặc dấu chấm cho phần thập phân).")
    forms.DateField.default_error_messages["invalid"] = _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 02/03/2026.")
    forms.DateTimeField.default_error_messages["invalid"] = _("Nhập ngày giờ theo dạng dd/mm/yyyy hh:mm.")
    forms.TimeField.default_error_messages["invalid"] = _("Nhập giờ theo dạng hh:mm, ví dụ 14:30.")
    forms.ChoiceField.default_error_messages["invalid_choice"] = _(
        "“%(value)s” không có trong danh sách; hãy chọn một mục trong danh sách."
    )
    forms.ModelChoiceField.default_error_messages["invalid_choice"] = _(
        "Mục đã chọn không có trong danh sách; hãy chọn lại."
    )
    forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"] = _(
        "“%(value)s” không có trong danh sách; hãy chọn lại."
    )
    forms.MultipleChoiceField.default_error_messages["invalid_choice"] = _(
        "“%(value)s” không có trong danh sách; hãy chọn trong danh sách."
    )
    forms.MultipleChoiceField.default_error_messages["invalid_list"] = _("Chọn một hoặc nhiều mục trong danh sách.")
    validators.MinValueValidator.message = _("Giá trị phải từ %(limit_value)s trở lên.")
    validators.MaxValueValidator.message = _("Giá trị không được lớn hơn %(limit_value)s.")
    validators.StepValueValidator.message = _("Giá trị phải là bội số của %(limit_value)s.")
    validators.validate_slug.message = _("Chỉ dùng chữ không dấu, chữ số, dấu gạch dưới hoặc gạch ngang.")
    validators.validate_unicode_slug.message = _("Chỉ dùng chữ, chữ số, dấu gạch dưới hoặc gạch ngang.")
    validators.EmailValidator.message = _("Nhập một địa chỉ email hợp lệ, ví dụ ten@example.vn.")
    validators.ProhibitNullCharactersValidator.message = _(
        "Có ký tự rỗng (NUL, thường do dán từ tệp khác) không lưu được; hãy gõ lại đoạn vừa dán rồi gửi lại."
    )
