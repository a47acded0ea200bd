"""Checks of the cases module that forms, services and any import share: one function per rule.

Each returns ``{field name: message}`` (empty when the value is fine), so a service raises it as a
``ValidationError`` on the field, and a form field shows it under the field with what was typed.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import compact_phone
from danvan.units.choices import UnitKind

from .choices import CaseKind

MIN_CONTENT = 10
MAX_CONTENT = 10_000
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def content_errors(content, field_name="content"):
    """What the citizen wrote: 10 to 10,000 characters once trimmed."""
    content = (content or "").strip()
    if len(content) < MIN_CONTENT:
        return {field_name: _("Nội dung cần ít nhất %(n)d ký tự.") % {"n": MIN_CONTENT}}
    if len(content) > MAX_CONTENT:
        return {field_name: _("Nội dung dài quá %(n)d ký tự.") % {"n": MAX_CONTENT}}
    return {}


def place_errors(place, field_name="place"):
    """Where it happened: an active unit below the nation (a commune, a village…)."""
    if place is None or not place.is_active or place.kind == UnitKind.NATION:
        return {field_name: _("Chọn xã, phường hoặc thôn, tổ dân phố nơi xảy ra sự việc.")}
    return {}


def phone_errors(phone, field_name="petitioner_phone"):
    """A phone number, if given: 8 to 15 digits (an optional leading +) once spaces, dots and dashes go."""
    phone = compact_phone(phone)
    if phone and not _PHONE.match(phone):
        return {field_name: _("Số điện thoại không hợp lệ.")}
    return {}


def complainant_errors(kind, name, phone, address, *, name_field="petitioner_name", contact_field="petitioner_phone"):
    """A complaint names the complainant and how to reach them (Luật Khiếu nại, Art. 8)."""
    errors = {}
    if kind != CaseKind.COMPLAINT:
        return errors
    if not (name or "").strip():
        errors[name_field] = _("Khiếu nại phải ghi họ và tên người khiếu nại.")
    if not compact_phone(phone) and not (address or "").strip():
        errors[contact_field] = _("Khiếu nại phải có số điện thoại hoặc địa chỉ để liên hệ.")
    return errors


def denouncer_errors(name, phone, address, *, name_field="identity_name", contact_field="identity_address"):
    """A denunciation taken at the desk names the denouncer and how to reach them (sealed, never on the case)."""
    errors = {}
    if not str(name or "").strip():
        errors[name_field] = _("Tố cáo phải ghi họ và tên người tố cáo.")
    if not (str(address or "").strip() or str(phone or "").strip()):
        errors[contact_field] = _("Tố cáo phải có địa chỉ hoặc số điện thoại của người tố cáo.")
    return errors


# The earliest day a case may carry. The Law on Complaints 2011 (02/2011/QH13), the oldest text whose
# time limits the product holds, took effect on 1 July 2012; the longest limit it sets (a second-round
# complaint in a remote area, complex: 70 days, after a 45-day filing window) ran out long ago for
# anything received before then, so no such case can still be open or be entered now to be handled.
# An earlier date is a typo (1800, 0201 for 2016…), refused before it reaches the database.
EARLIEST_DAY = datetime.date(2012, 7, 1)


def case_day_errors(day, field_name):
    """A day of a case (receipt, a step, a forwarding letter, a rating taken by staff): not in the future,
    not before :data:`EARLIEST_DAY`."""
    if day is None:
        return {}
    if day > timezone.localdate():
        return {field_name: _("Không ghi ngày ở tương lai.")}
    if day < EARLIEST_DAY:
        return {
            field_name: _("Ngày này trước %(d)s (Luật Khiếu nại có hiệu lực); kiểm tra lại năm đã ghi.")
            % {"d": f"{EARLIEST_DAY:%d/%m/%Y}"}
        }
    return {}


# Vietnam's mainland and islands, generously: a point outside is a typo or a phone's wrong fix.
VN_BOUNDS = ((8.0, 24.0), (102.0, 118.0))


def point_errors(point, field_name):
    """A map point ``(latitude, longitude)``: two finite numbers inside :data:`VN_BOUNDS` (NaN, infinities
    and numbers the database column cannot hold are refused here, not by the database)."""
    if point is None:
        return {}
    try:
        lat, lng = (Decimal(str(value)) for value in point)
        finite = lat.is_finite() and lng.is_finite()
    except (TypeError, ValueError, InvalidOperation):
        finite = False
    if not finite:
        return {field_name: _("Ghi vĩ độ và kinh độ, cách nhau bởi dấu phẩy, ví dụ 13.9833, 108.0000.")}
    (lat_min, lat_max), (lng_min, lng_max) = VN_BOUNDS
    if not (lat_min <= lat <= lat_max and lng_min <= lng <= lng_max):
        return {field_name: _("Vị trí này không ở Việt Nam; kiểm tra lại vĩ độ, kinh độ.")}
    return {}
