"""Scoped reads of cases."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.choices import roles_with
from danvan.accounts.models import User
from danvan.core import calendar, scoping
from danvan.core.text import fold
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import codes, panels, workflow
from . import rules as permissions
from .choices import CaseKind, LinkReason, RatingSource
from .models import Case, CaseLink, CaseRating, IdentityReveal

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

    from danvan.accounts.models import User
    from danvan.core.scoping import ScopedQuerySet

    from .models import CaseEvent, IdentityReveal


def case_list(user: User, unit: Unit, **filters: Any) -> QuerySet[Case]:
    """Cases that belong to ``unit`` or below it and that ``user`` may see, filtered; newest first.

    A case belongs to the unit that handles it and to the place where it happened (not a
    denunciation: see ``Case.scope_view_also``), so a village's list holds the cases that happened
    there although its commune handles them.

    ``due``: "overdue" (running step past its due date) or "soon" (due within 3 days). ``mine``:
    only cases the user is the handler of. ``since``/``until``: received between these days.
    ``attention``: only cases flagged for a human to look at first (by the module registered in
    ``panels.CASE_LIST``, which also joins what its marks on the rows read).
    ``answered_since``/``answered_until``: answered or decided between these days; ``timing``: "tre"
    (answered after the resolution due date) or "dung" (on time). ``many``: signed by more than one.
    ``rated_since``/``rated_until``: rated by the citizen between these days; ``satisfied``: "1" for
    ratings of 4 or more (the three marks add up to 12 or more), "0" for the others. These count the
    citizens' own ratings, as the dashboard does; ``rating_source`` "can_bo_ghi" lists instead the ratings
    written down by staff.
    Search ignores diacritics and also matches a tracking code typed loosely.
    """
    return panels.CASE_LIST.prepare(
        _filtered(user=user, **filters)
        .under(user, unit)
        .select_related("unit", "place", "field", "handler")
        .prefetch_related(ratings_prefetch())
        .order_by("-received_on", "-pk")
    )


def case_count(user: User, unit: Unit, **filters: Any) -> int:
    """How many cases :func:`case_list` lists (the same arguments), counted in two parts on PostgreSQL's
    indexes: the cases handled under ``unit``, and those that happened there but are handled elsewhere."""
    return _filtered(user=user, **filters).count_under(user, unit)


def _filtered(
    *, kind: str = "", status: str = "", field: str = "", q: str = "", due: str = "", mine: str = "",
    since: datetime.date | None = None, until: datetime.date | None = None, attention: str = "",
    answered_since: datetime.date | None = None, answered_until: datetime.date | None = None, timing: str = "",
    many: str = "", rated_since: datetime.date | None = None, rated_until: datetime.date | None = None,
    satisfied: str = "", rating_source: str = "", user: User | None = None,
) -> ScopedQuerySet:  # fmt: skip
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
        qs = qs.filter(panels.CASE_LIST.attention())
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
    if rated_since or rated_until or satisfied in ("0", "1") or rating_source:
        source = RatingSource.STAFF if rating_source == RatingSource.STAFF else RatingSource.CITIZEN
        rated = CaseRating.objects.filter(case=OuterRef("pk"), source=source)
        if rated_since:
            rated = rated.filter(created_at__gte=calendar.day_bounds(rated_since, rated_since)[0])
        if rated_until:
            rated = rated.filter(created_at__lt=calendar.day_bounds(rated_until, rated_until)[1])
        if satisfied in ("0", "1"):
            rated = rated.alias(marks=F("timeliness") + F("attitude") + F("result"))
            rated = rated.filter(marks__gte=12) if satisfied == "1" else rated.filter(marks__lt=12)
        qs = qs.filter(Exists(rated))
    today = timezone.localdate()
    if due == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif due == "soon":
        qs = qs.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=3))
    text = (q or "").strip()
    if text:
        code = codes.normalize_code(text)
        qs = qs.filter(Q(code=code) if code else Q(content_folded__contains=fold(text)))
    return qs


def case_by_code(user: User, code: str | None) -> Case | None:
    """The case with tracking code ``code`` (typed loosely) that ``user`` may see, or None."""
    code = codes.normalize_code(code or "")
    return Case.objects.for_user(user).select_related("unit").filter(code=code).first() if code else None


def possible_handlers(unit: Unit) -> QuerySet[User]:
    """Active users who may handle cases of ``unit``: a role with MANAGE at the unit or above it."""
    ancestors = [unit.path[: depth * unit.steplen] for depth in range(1, unit.depth + 1)]
    return (
        User.objects.filter(
            is_active=True, role_assignments__is_active=True, role_assignments__unit__path__in=ancestors,
            role_assignments__role__in=roles_with(scoping.MANAGE),
        )
        .distinct()
        .order_by("full_name_folded", "username")
    )  # fmt: skip


def identity_register(user: User, unit: Unit | None = None) -> QuerySet[IdentityReveal]:
    """The register of attempts to open denouncers' identities and scans that ``user`` may audit
    (``cases.audit_identity``: leaders and administrators of the handling unit and of the units above);
    of ``unit`` and below when given. Newest first; never the identity itself."""
    rows = IdentityReveal.objects.for_user(user, scoping.APPROVE).filter(case__kind=CaseKind.DENUNCIATION)
    if unit is not None:
        rows = rows.filter(case__unit__path__startswith=unit.path)
    return rows.select_related("case__unit", "case__denouncer", "user").order_by("-at", "-pk")


def ratings_prefetch() -> Prefetch:
    """A case's ratings (the citizen's own, the one staff wrote down) with who recorded them, in one query."""
    return Prefetch("ratings", queryset=CaseRating.objects.select_related("recorded_by"))


def staff_rating_text(rating: CaseRating) -> str:
    """A rating written down by staff, for lists and exports: the marks, where and when, who recorded it."""
    who = (rating.recorded_by.get_full_name() or rating.recorded_by.username) if rating.recorded_by else "—"
    return _("%(t)d/%(a)d/%(r)d · người dân đánh giá %(where)s ngày %(day)s, %(who)s ghi lại") % {
        "t": rating.timeliness, "a": rating.attitude, "r": rating.result, "where": rating.get_taken_at_display(),
        "day": f"{rating.given_on:%d/%m/%Y}" if rating.given_on else "—", "who": who,
    }  # fmt: skip


SATISFIED = Q(sum_marks__gte=12)  # a rating of 12 marks or more out of 15 counts as satisfied


def rating_counts(
    queryset: QuerySet[CaseRating], span: tuple[datetime.date, datetime.date], group: Combinable
) -> dict[Any, tuple[int, float, int]]:
    """``{group value: (n, mean, satisfied)}`` for ratings given in ``span`` (dates, inclusive)."""
    start, end = calendar.day_bounds(*span)
    rows = (
        queryset.filter(created_at__gte=start, created_at__lt=end)
        .annotate(sum_marks=F("timeliness") + F("attitude") + F("result"))
        .annotate(g=group)
        .order_by()
        .values_list("g")
        .annotate(n=Count("unit"), total=Sum("sum_marks"), ok=Count("unit", filter=SATISFIED))
    )
    return {g: (n, total / (3 * n), ok) for g, n, total, ok in rows}


def case_state(case: Case) -> workflow.Replay:
    return workflow.replay(case.events.order_by("day", "at", "pk").values_list("event", "day"))


RATING_DAYS = 30


def rating_last_day(answer: CaseEvent) -> datetime.date:
    """The last day the citizen may rate an answer given on ``answer.day``: the 30th day after it."""
    return answer.day + datetime.timedelta(days=RATING_DAYS)


def answer_of(case: Case) -> CaseEvent | None:
    """The case's last answer step, a ``CaseEvent`` (its ``note`` is the text the citizen reads), or None."""
    return case.events.filter(event=workflow.Event.ANSWER).order_by("-day", "-at", "-pk").first()


def citizen_rating(case: Case) -> CaseRating | None:
    """The rating the citizen gave on the status page, or None."""
    return CaseRating.objects.filter(case=case, source=RatingSource.CITIZEN).first()


def rating_open(case: Case, today: datetime.date | None = None) -> bool:
    """Whether the citizen may still rate: answered, not yet rated, within 30 days of the answer."""
    today = today or timezone.localdate()
    answer = answer_of(case)
    if answer is None or citizen_rating(case) is not None:
        return False
    return today <= rating_last_day(answer)


def linked_cases(case: Case, user: User) -> list[tuple[Case, CaseLink]]:
    """The cases linked to ``case`` that ``user`` may see, with the reason: [(case, link)]."""
    links = list(CaseLink.objects.filter(Q(first=case) | Q(second=case)))
    others = {link.second_id if link.first_id == case.pk else link.first_id for link in links}
    visible = {c.pk: c for c in Case.objects.for_user(user).filter(pk__in=others).select_related("unit")}
    found = []
    for link in links:
        other = visible.get(link.second_id if link.first_id == case.pk else link.first_id)
        if other is None:
            continue
        if CaseKind.DENUNCIATION in (case.kind, other.kind) and not permissions.may_see_duplicates(user, [case, other]):
            continue  # a link of a denunciation shows only to those who may read both identities
        found.append((other, link))
    return found


def link_suggestions(case: Case, user: User, limit: int = 10) -> list[Case]:
    """Open or recent cases of the same petitioner (phone) in ``user``'s scope, not yet linked."""
    if not case.petitioner_phone or case.kind == CaseKind.DENUNCIATION:
        return []
    linked = CaseLink.objects.filter(Q(first=case) | Q(second=case)).values_list("first", "second")
    skip = {pk for pair in linked for pk in pair} | {case.pk}
    return list(
        Case.objects.for_user(user)
        .filter(petitioner_phone=case.petitioner_phone, merged_into__isnull=True)
        .exclude(pk__in=skip)
        .select_related("unit")
        .order_by("-received_on")[:limit]
    )


def second_round_target(first: Case) -> Unit | None:
    """The unit that hears the second round: the one directly above the first-round unit, or None."""
    if first.unit.depth <= 1:
        return None
    parent = Unit.objects.filter(path=first.unit.path[: -first.unit.steplen]).first()
    return parent if parent is not None and parent.kind != UnitKind.NATION else None


def second_round_status(
    first: Case, today: datetime.date | None = None
) -> tuple[bool, datetime.date | None, Case | None]:
    """(may open now, filing window ends, existing second-round case) for a first-round complaint."""
    if first.kind != CaseKind.COMPLAINT or first.round != 1:
        return False, None, None
    existing = CaseLink.objects.filter(first=first, reason=LinkReason.SECOND_ROUND).select_related("second").first()
    if existing is not None:
        return False, None, existing.second
    allowed, until = workflow.second_round_window(case_state(first), today or timezone.localdate(),
                                                  remote=first.is_remote)  # fmt: skip
    return allowed, until, None
