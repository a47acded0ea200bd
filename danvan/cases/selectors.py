"""Scoped reads of cases."""

from django.db.models import F, Q
from django.utils import timezone

from danvan.core import calendar
from danvan.core.text import fold

from . import codes
from .models import Case


def case_list(user, unit, **filters):
    """Cases that belong to ``unit`` or below it and that ``user`` may see, filtered; newest first.

    A case belongs to the unit that handles it and to the place where it happened (not a
    denunciation: see ``Case.scope_view_also``), so a village's list holds the cases that happened
    there although its commune handles them.

    ``due``: "overdue" (running step past its due date) or "soon" (due within 3 days). ``mine``:
    only cases the user is the handler of. ``since``/``until``: received between these days.
    ``attention``: only cases the text models flagged for a human to look at first (insight).
    ``answered_since``/``answered_until``: answered or decided between these days; ``timing``: "tre"
    (answered after the resolution due date) or "dung" (on time). ``many``: signed by more than one.
    ``rated_since``/``rated_until``: rated by the citizen between these days; ``satisfied``: "1" for
    ratings of 4 or more (the three marks add up to 12 or more), "0" for the others.
    Search ignores diacritics and also matches a tracking code typed loosely.
    """
    return (
        _filtered(user=user, **filters)
        .under(user, unit)
        .select_related("unit", "place", "field", "handler", "insight")
        .order_by("-received_on", "-pk")
    )


def case_count(user, unit, **filters):
    """How many cases :func:`case_list` lists (the same arguments), counted in two parts on PostgreSQL's
    indexes: the cases handled under ``unit``, and those that happened there but are handled elsewhere."""
    return _filtered(user=user, **filters).count_under(user, unit)


def _filtered(
    *, kind="", status="", field="", q="", due="", mine="", since=None, until=None, attention="",
    answered_since=None, answered_until=None, timing="", many="", rated_since=None, rated_until=None, satisfied="",
    user=None,
):  # fmt: skip
    qs = Case.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(field__code=field)
    if mine:
        qs = qs.filter(handler=user)
    if attention:
        qs = qs.filter(insight__flagged=True)
    if since:
        qs = qs.filter(received_on__gte=since)
    if until:
        qs = qs.filter(received_on__lte=until)
    if answered_since:
        qs = qs.filter(answered_on__gte=answered_since)
    if answered_until:
        qs = qs.filter(answered_on__lte=answered_until)
    if timing == "tre":
        qs = qs.filter(answered_on__gt=F("resolve_due"))
    elif timing == "dung":
        qs = qs.filter(answered_on__lte=F("resolve_due"))
    if many:
        qs = qs.filter(signers__gt=1)
    if rated_since or rated_until or satisfied in ("0", "1"):
        qs = qs.filter(rating__isnull=False)
        if rated_since:
            qs = qs.filter(rating__created_at__gte=calendar.day_bounds(rated_since, rated_since)[0])
        if rated_until:
            qs = qs.filter(rating__created_at__lt=calendar.day_bounds(rated_until, rated_until)[1])
        if satisfied in ("0", "1"):
            marks = F("rating__timeliness") + F("rating__attitude") + F("rating__result")
            qs = (
                qs.alias(marks=marks).filter(marks__gte=12)
                if satisfied == "1"
                else qs.alias(marks=marks).filter(marks__lt=12)
            )
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


def possible_handlers(unit):
    """Active users who may handle cases of ``unit``: a role with MANAGE at the unit or above it."""
    from danvan.accounts.choices import roles_with
    from danvan.accounts.models import User
    from danvan.core import scoping

    ancestors = [unit.path[: depth * unit.steplen] for depth in range(1, unit.depth + 1)]
    return (
        User.objects.filter(
            is_active=True, role_assignments__is_active=True, role_assignments__unit__path__in=ancestors,
            role_assignments__role__in=roles_with(scoping.MANAGE),
        )
        .distinct()
        .order_by("full_name_folded", "username")
    )  # fmt: skip
