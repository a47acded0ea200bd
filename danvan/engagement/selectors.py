"""Scoped reads of the citizen-reception and dialogue module: every read of its records goes through here."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from danvan.cadres.models import Cadre
from danvan.cases.choices import CaseKind
from danvan.core.text import fold
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .models import Commitment, Reception
from .services.receptions import match_keys

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User
    from danvan.cases.models import Case


# What a register row shows, joined to it.
ROW_RELATED = ("unit", "official", "field", "place", "case", "case__denouncer", "session")


def register_rows() -> QuerySet[Reception]:
    """Register entries with what a row shows (not yet scoped: callers scope it, as ``get_scoped_or_404`` does)."""
    return Reception.objects.select_related(*ROW_RELATED)


def register(
    user: User, unit: Unit, *, year: int | None = None, kind: str = "", case_kind: str = "", q: str = ""
) -> QuerySet[Reception]:
    """The register of ``unit`` and the units below it, as ``user`` may read it, newest first; ``year`` is the
    register's year, ``q`` a citizen's name (diacritics ignored), ID number, phone or the register number."""
    rows = Reception.objects.for_user(user).select_related(*ROW_RELATED).filter(unit__path__startswith=unit.path)
    if year:
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        rows = rows.filter(received_at__gte=start, received_at__lt=start.replace(year=year + 1))
    if kind:
        rows = rows.filter(kind=kind)
    if case_kind:
        rows = rows.filter(case_kind=case_kind)
    if q:
        id_key, phone_key = match_keys(q, q)
        match = Q(citizen_name_folded__contains=fold(q)) | Q(id_key=id_key) | Q(phone_key=phone_key)
        if q.isdigit() and len(q) <= 6:
            match |= Q(number=int(q))
        rows = rows.filter(match)
    return rows.order_by("-received_at", "-pk")


def visits_of_matter(user: User, reception: Reception) -> list[Reception]:
    """Every entry the user sees about the same matter as ``reception``: its chain of earlier visits, the
    visits after it, and those linked to the same case."""
    chain = Q(pk=reception.previous_id) | Q(previous=reception)
    if reception.case_id is not None:
        chain |= Q(case_id=reception.case_id)
    return list(
        Reception.objects.for_user(user).filter(chain).exclude(pk=reception.pk).select_related("unit")
        .order_by("received_at", "pk")
    )  # fmt: skip


def commitments_of_reception(user: User, reception: Reception) -> list[Commitment]:
    return list(Commitment.objects.for_user(user).filter(reception=reception).select_related("unit", "owner"))


def earlier_visits(user: User, *, id_number: str, phone: str, case_kind: str, limit: int = 10) -> list[Reception]:
    """Earlier entries the user sees for the same ID number or phone: the candidates for "the same matter".
    A denunciation's entry is matched only with other denunciations' (and the other way round)."""
    id_key, phone_key = match_keys(id_number, phone)
    match = Q()
    if id_key:
        match |= Q(id_key=id_key)
    if phone_key:
        match |= Q(phone_key=phone_key)
    if not match:
        return []
    kinds = (
        Q(case_kind=CaseKind.DENUNCIATION)
        if case_kind == CaseKind.DENUNCIATION
        else ~Q(case_kind=CaseKind.DENUNCIATION)
    )
    return list(
        Reception.objects.for_user(user)
        .filter(match)
        .filter(kinds)
        .select_related("unit", "case")
        .order_by("-received_at", "-pk")[:limit]
    )


def cadre_for_form(user: User, code: str, unit: Unit) -> Cadre | None:
    """The cadre with ``code`` that the user sees, of ``unit`` or of a unit above it (a leader received there)."""
    code = (code or "").strip()
    if not code:
        return None
    cadre = Cadre.objects.for_user(user).filter(code=code).select_related("unit").first()
    if cadre is None or not (unit.path.startswith(cadre.unit.path) or cadre.unit.path.startswith(unit.path)):
        return None
    return cadre


def cadres_offered(user: User, unit: Unit, limit: int = 300) -> list[Cadre]:
    """The cadres a form suggests for ``unit``: still working, of the unit itself first."""
    return list(
        Cadre.objects.for_user(user)
        .filter(unit=unit, left_on__isnull=True)
        .only("pk", "code", "full_name")
        .order_by("full_name_folded")[:limit]
    )


def place_for_form(user: User, code: str, unit: Unit) -> Unit | None:
    """The active unit with ``code`` at or below ``unit`` that the user sees (where a matter happened)."""
    code = (code or "").strip()
    if not code:
        return None
    return (
        Unit.objects.for_user(user)
        .filter(code=code, is_active=True, path__startswith=unit.path)
        .exclude(kind=UnitKind.NATION)
        .first()
    )


def places_offered(user: User, unit: Unit, limit: int = 300) -> list[Unit]:
    return list(
        Unit.objects.for_user(user)
        .filter(path__startswith=unit.path, is_active=True)
        .exclude(kind=UnitKind.NATION)
        .only("pk", "code", "name")
        .natural()[:limit]
    )


def register_for_print(user: User, unit: Unit, *, year: int) -> QuerySet[Reception]:
    """The register of a unit (and below) for a year in the order it is printed: by time, then number."""
    return register(user, unit, year=year).order_by("received_at", "unit_id", "number")


def receptions_of_case(user: User, case: Case) -> list[Reception]:
    """The register entries ``user`` sees that a case came from or that were visits about it."""
    return list(
        Reception.objects.for_user(user).filter(case=case).select_related("unit", "official").order_by("received_at")
    )
