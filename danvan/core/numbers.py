"""Numbers as Vietnamese documents write them: 1.234.567; 85,3%; 4,25."""

from django.utils.translation import gettext as _


def group(n):
    return f"{n:,}".replace(",", ".")


def decimal(value, places=1):
    whole, _dot, frac = f"{value:.{places}f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = group(abs(int(whole)))
    return f"{sign}{whole},{frac}" if places else f"{sign}{whole}"


def fmt(value, kind="int"):
    """A figure for a page, a document or a sheet; an em dash when there is nothing to show."""
    if value is None or value == "":
        return "—"
    if kind == "int":
        return group(int(value))
    if kind == "pct":
        return decimal(value, 1) + "%"
    if kind == "score":
        return decimal(value, 2)
    if kind == "date":
        return f"{value:%d/%m/%Y}"
    return str(value)


def share(part, whole, places=1):
    """``part`` of ``whole`` in percent, or None when ``whole`` is 0."""
    return round(100 * part / whole, places) if whole else None


def compare(value, previous, year, unit_word=""):
    """ "tăng 118 lượt so với cùng kỳ năm 2025" / "giảm 3,2 điểm…" / "bằng cùng kỳ năm 2025"."""
    if value is None or previous is None:
        return ""
    diff = value - previous
    word = f" {unit_word}" if unit_word else ""
    shown = group(abs(diff)) if isinstance(diff, int) else decimal(abs(diff), 1)
    if diff > 0:
        return _("tăng %(n)s%(w)s so với cùng kỳ năm %(y)d") % {"n": shown, "w": word, "y": year}
    if diff < 0:
        return _("giảm %(n)s%(w)s so với cùng kỳ năm %(y)d") % {"n": shown, "w": word, "y": year}
    return _("bằng cùng kỳ năm %(y)d") % {"y": year}


def sentence(text):
    """``text`` as a sentence of a report: its first letter in capitals, a full stop at the end."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."
