from django import template

from danvan.core.numbers import decimal, fmt, group

register = template.Library()


@register.filter
def cell(value, column):
    """A table cell: numbers formatted as the column says, text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float) and value is not None:
        return value
    return fmt(value, column.fmt)


@register.filter
def figure_value(figure):
    return fmt(figure.value, figure.fmt)


@register.filter
def figure_change(figure):
    """ "+118" / "−3,2" against the same period a year earlier; empty when there is nothing to compare."""
    change = figure.change
    if change is None:
        return ""
    shown = group(abs(change)) if figure.fmt == "int" else decimal(abs(change), 2 if figure.fmt == "score" else 1)
    return ("+" if change > 0 else "−" if change < 0 else "±") + shown


@register.filter
def index(sequence, position):
    return sequence[position]


@register.filter
def cell_int(value):
    return fmt(value, "int")


@register.filter
def cell_score(value):
    return fmt(value, "score")


@register.filter
def cell_score1(value):
    return "—" if value is None else decimal(value, 1)


@register.filter
def cell_pct(value):
    return fmt(value, "pct")


@register.filter
def roman(number):
    return ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number] if 0 < number <= 10 else number
