"""Scoped reads of cases."""

from django.db.models import Q
from django.utils import timezone

from danvan.core.text import fold

from . import codes
from .models import Case


def case_list(user, unit, *, kind="", status="", field="", q="", due=""):
    """Cases of ``unit`` and below that ``user`` may see, filtered; newest first.

    ``due``: "overdue" (running step past its due date) or "soon" (due within 3 days).
    Search ignores diacritics and also matches a tracking code typed loosely.
    """
    qs = (
        Case.objects.for_user(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "place", "field")
        .order_by("-received_on", "-pk")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(field__code=field)
    today = timezone.localdate()
    if due == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif due == "soon":
        qs = qs.filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days=3))
    text = (q or "").strip()
    if text:
        code = codes.normalize_code(text)
        qs = qs.filter(Q(code=code) if code else Q(content_folded__contains=fold(text)))
    return qs
