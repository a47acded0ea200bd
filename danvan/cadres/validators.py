"""Checks of a cadre's record that the form, the services and the spreadsheet import share.

One function per rule, each returning ``{model field name: message}`` (empty when fine): the services
raise it as a ``ValidationError`` (the form shows it under the field), the import reports it on the
row and the column of that field. Reading a cell (a date typed dd/mm/yyyy, "có"/"không", a choice by
its label) is the import's own business; what the value must satisfy is decided here only.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import compact_phone

PHONE = re.compile(r"^\+?[0-9]{8,15}$")
MAX_NAME = 150
OLDEST_AGE = 90
YOUNGEST_AGE = 16
PARTY_AGE = 18


def cadre_errors(fields):
    """A cadre's personal data: name, year of birth, phone, party membership and its date, the working dates.

    Only the fields present in ``fields`` are checked (an edit may leave some out).
    """
    errors = {}
    today = timezone.localdate()
    if "full_name" in fields:
        name = " ".join(str(fields["full_name"] or "").split())
        if not name:
            errors["full_name"] = _("Không được để trống.")
        elif len(name) > MAX_NAME:
            errors["full_name"] = _("Dài quá %(n)d ký tự.") % {"n": MAX_NAME}
    year = fields.get("birth_year")
    if year is not None and not (today.year - OLDEST_AGE <= year <= today.year - YOUNGEST_AGE):
        errors["birth_year"] = _("Năm sinh phải từ %(a)d đến %(b)d.") % {
            "a": today.year - OLDEST_AGE, "b": today.year - YOUNGEST_AGE,
        }  # fmt: skip
    phone = compact_phone(fields.get("phone") or "")
    if phone and not PHONE.match(phone):
        errors["phone"] = _("Số điện thoại không hợp lệ: “%(v)s”.") % {"v": fields.get("phone")}
    joined = fields.get("party_joined_on")
    if joined and not fields.get("is_party_member"):
        errors["party_joined_on"] = _("Chỉ ghi ngày vào Đảng cho đảng viên.")
    elif joined and joined > today:
        errors["party_joined_on"] = _("Ngày vào Đảng không được ở tương lai.")
    elif joined and year and joined.year < year + PARTY_AGE:
        errors["party_joined_on"] = _("Ngày vào Đảng phải sau khi đủ 18 tuổi (năm sinh %(y)d).") % {"y": year}
    started, left = fields.get("started_on"), fields.get("left_on")
    if started and left and left < started:
        errors["left_on"] = _("Ngày thôi công tác phải sau ngày bắt đầu.")
    return errors


def start_day_errors(day, field_name):
    """The first day of a post or a seat on a block or team: not in the future (it is recorded once held)."""
    if day and day > timezone.localdate():
        return {field_name: _("Không được là ngày ở tương lai.")}
    return {}
