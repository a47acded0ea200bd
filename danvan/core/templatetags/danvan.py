from django import template
from django.utils.translation import gettext as _

from danvan.core.numbers import decimal, fmt

register = template.Library()


@register.filter
def history_action(record):
    """Vietnamese name of an audit entry's type (+ created, ~ changed, - deleted)."""
    return {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}.get(record.history_type, record.history_type)


@register.filter
def yes_no(value):
    return _("có") if value else _("không")


@register.filter
def yes_no_if_bool(value):
    """Booleans as có/không; anything else unchanged (for audit diffs)."""
    if isinstance(value, bool):
        return yes_no(value)
    return value


@register.filter
def form_control(field):
    """Render a form field's widget with Bootstrap's class (and ``is-invalid`` when it has errors)."""
    widget = field.field.widget
    if getattr(widget, "allow_multiple_selected", False) and getattr(widget, "input_type", "") != "file":
        return field.as_widget()  # radio and checkbox lists render their own markup
    classes = widget.attrs.get("class", "") or "form-control"
    if field.errors:
        classes += " is-invalid"
    return field.as_widget(attrs={"class": classes})


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


# Figures on a page, one format everywhere (core/numbers.py): 1.234.567; 94,4%; 4,25. Unlike |floatformat
# they do not depend on {% localize %} (most pages switch it off so that ids stay plain).


@register.filter
def number(value):
    """A count: 1.234.567; an em dash for nothing."""
    return fmt(value, "int")


@register.filter
def percent(value, places=1):
    """A share in percent: 94,4%; an em dash for nothing."""
    return "—" if value is None or value == "" else decimal(float(value), int(places)) + "%"


@register.filter
def decimal_comma(value, places=2):
    """A decimal number with a comma: 4,25; an em dash for nothing."""
    return "—" if value is None or value == "" else decimal(float(value), int(places))
