"""Checks of the cases module that forms, services and any import share: one function per rule.

Each returns ``{field name: message}`` (empty when the value is fine), so a service raises it as a
``ValidationError`` on the field, and a form field shows it under the field with what was typed.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

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
