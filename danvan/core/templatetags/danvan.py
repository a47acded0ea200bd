from django import template
from django.utils.translation import gettext as _

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
