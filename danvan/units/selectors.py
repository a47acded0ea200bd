"""Scoped reads of the unit tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.text import fold

from .choices import UnitKind
from .models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser
    from django.http import HttpRequest
    from django_stubs_ext import StrPromise

    from .models import UnitQuerySet


def unit_for_page(request: HttpRequest, perm: str = scoping.VIEW) -> Unit:
    """The unit a page is about: ``?unit=<id>`` inside the user's scope for ``perm`` (else 404), or the
    top of that scope; ``PermissionDenied`` when the user holds ``perm`` nowhere."""
    pk = request.GET.get("unit") or request.POST.get("unit")
    if pk:
        return scoping.get_scoped_or_404(Unit, request.user, perm, pk=pk)
    paths = scoping.scope_paths(request.user, perm)
    unit = (
        Unit.objects.filter(depth=1).first()
        if paths is scoping.ALL
        else Unit.objects.filter(path__in=paths).order_by("path").first()
    )
    if unit is None:
        raise PermissionDenied
    return unit


def unit_roots_for(user: AbstractUser) -> list[Unit]:
    """The highest units the user may see: the tops of their scope."""
    paths = scoping.scope_paths(user, scoping.VIEW)
    if paths is scoping.ALL:
        return list(Unit.objects.filter(depth=1))
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def attach_place_names(units: list[Unit]) -> list[Unit]:
    """Give each unit its ancestors' names (for ``full_name``) with one query for the whole list."""
    wanted = {path for unit in units for path in unit.ancestor_paths()}
    names = dict(Unit.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    for unit in units:
        unit.place_names = [names[p] for p in unit.ancestor_paths() if p in names and len(p) > Unit.steplen]
    return units


def unit_search(user: AbstractUser, text: str, *, limit: int = 50, include_inactive: bool = False) -> list[Unit]:
    qs = Unit.objects.for_user(user).search(text)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return attach_place_names(list(qs.ranked(text)[:limit]))


def place_choice(
    units: UnitQuerySet, code: str = "", text: str = "", *, not_found: str | StrPromise | None = None
) -> tuple[Unit, None] | tuple[None, str | StrPromise]:
    """The unit a place field names, among ``units``: ``(unit, None)`` or ``(None, message)``.

    ``code`` is what the picker chose (a hidden field); without it (no JavaScript, or a name typed
    and not chosen) the typed ``text`` is searched like the picker does, and taken when exactly one
    unit matches it. The message says why nothing was taken, in the words a citizen reads;
    ``not_found`` replaces the one for a place that is not among ``units`` (a desk's scope).
    """
    code = (code or "").strip()
    if code:
        unit = units.filter(code=code).first()
        return (unit, None) if unit else (None, not_found or _("Không tìm thấy nơi đã chọn; hãy gõ tên và chọn lại."))
    text = (text or "").strip()
    if not text:
        return None, _("Gõ tên nơi xảy ra rồi chọn trong danh sách gợi ý.")
    found = attach_place_names(list(units.search(text).ranked(text)[:6]))
    if len(found) == 1:
        return found[0], None
    if not found and not_found:
        return None, not_found
    if not found:
        return None, _("Không tìm thấy “%(text)s”; gõ tên xã, phường hoặc thôn, tổ dân phố (không cần dấu).") % {
            "text": text
        }
    exact = [unit for unit in found if fold(unit.full_name) == fold(text) or fold(unit.name) == fold(text)]
    if len(exact) == 1:
        return exact[0], None
    names = "; ".join(unit.full_name for unit in found[:5]) + ("…" if len(found) > 5 else "")
    message = _(
        "Có nhiều nơi khớp với “%(text)s” (%(names)s); hãy thêm tên xã, phường hoặc chọn trong danh sách gợi ý."
    )
    return None, message % {"text": text, "names": names}


def unit_kind_counts(unit: Unit, *, include_inactive: bool = False) -> dict[str, int]:
    """Number of units of each kind below ``unit`` ({kind: n})."""
    qs = Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    # order_by() clears the default ordering, which would otherwise join the GROUP BY.
    return {row["kind"]: row["n"] for row in qs.order_by().values("kind").annotate(n=Count("id"))}


def unit_children_with_counts(unit: Unit, *, include_inactive: bool = False, text: str = "") -> list[Unit]:
    """Children of ``unit`` with, for each, how many communes and villages lie below.

    Two queries whatever the number of children: the children, then one
    grouped count of descendants keyed by the child's path prefix.
    """
    children = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
    if not include_inactive:
        children = children.filter(is_active=True)
    if text:
        children = children.search(text)
    children = list(children.natural())
    if not children:
        return []
    prefix_len = (unit.depth + 1) * Unit.steplen
    below = Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth + 1)
    if not include_inactive:
        below = below.filter(is_active=True)
    rows = (
        below.order_by()
        .annotate(child_path=Substr("path", 1, prefix_len))
        .values("child_path")
        .annotate(
            communes=Count("id", filter=Q(kind=UnitKind.COMMUNE)),
            villages=Count("id", filter=Q(kind=UnitKind.VILLAGE)),
        )
    )
    counts = {row["child_path"]: row for row in rows}
    for child in children:
        row = counts.get(child.path, {})
        child.commune_count = row.get("communes", 0)
        child.village_count = row.get("villages", 0)
    return children


def unit_breadcrumbs(user: AbstractUser, unit: Unit) -> list[tuple[Unit, bool]]:
    """Ancestors of ``unit`` with a flag telling whether the user may open each."""
    crumbs = []
    for ancestor in Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth"):
        crumbs.append((ancestor, scoping.path_in_scope(user, ancestor.path)))
    return crumbs


def unit_history(unit: Unit, *, limit: int = 50) -> list[dict[str, Any]]:
    """Audit entries of ``unit``, newest first, each with the fields it changed."""
    records = list(unit.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = Unit._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        entries.append({"record": record, "changes": changes})
    return entries
