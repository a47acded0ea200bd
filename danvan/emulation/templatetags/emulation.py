"""Template filters of the "Dân vận khéo" pages."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from danvan.core.numbers import decimal, group

register = template.Library()


@register.filter
def amount(value):
    """An indicator's value as Vietnamese documents write it: 1.250; 12,5; an em dash for nothing."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    if number == number.to_integral_value():
        return group(int(number))
    places = min(2, max(1, -number.normalize().as_tuple().exponent))
    return decimal(number, places)


@register.filter
def money(value):
    """Whole đồng: 350.000.000 đồng."""
    if value is None or value == "":
        return "—"
    return _("%(n)s đồng") % {"n": group(int(value))}
