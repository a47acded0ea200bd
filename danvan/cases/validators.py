"""Checks of the cases module that forms, services and any import share: one function per rule.

Each returns ``{field name: message}`` (empty when the value is fine), so a service raises it as a
``ValidationError`` on the field, and a form field shows it under the field with what was typed.
"""

import datetime

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
