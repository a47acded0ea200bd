"""Reads of the public showcase: recognised models their unit did not withhold, what of them is public (name,
unit, field, kind, content, area, target group, indicators, the photos the unit chose, the recognition's level
and year, an exemplar's name only with consent), and the places to filter them by. No login, no scope: only
this module decides what leaves the staff's pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, F, Prefetch, Value, When

from danvan.core.text import fold
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from ..models import Evidence, Practice
from ..workflow import RECOGNISED
from .practices import indicators_with_latest

if TYPE_CHECKING:
    from django.db.models import QuerySet

# The fields of a model that may be read for the showcase; nothing else is loaded.
PUBLIC_FIELDS = (
    "pk", "unit", "year", "number", "kind", "field", "name", "holder_public", "content", "area",
    "target_group", "stage", "recognised_on", "recognised_level", "showcase",
)  # fmt: skip


def _public() -> QuerySet[Practice]:
    return Practice.objects.filter(stage__in=RECOGNISED, showcase=True)


def public_photos() -> QuerySet[Evidence]:
    """The photos a unit chose to publish (documents never are)."""
    return Evidence.objects.filter(is_public=True, content_type__startswith="image/")


def _shown(queryset: QuerySet[Practice]) -> QuerySet[Practice]:
    return (
        queryset.select_related("unit")
        # The holder's name is read only where the person agreed; the template shows ``public_holder``.
        .annotate(public_holder=Case(When(holder_public=True, then=F("holder")), default=Value("")))
        .only(*PUBLIC_FIELDS, "unit__name", "unit__path", "unit__depth", "unit__kind")
        .prefetch_related(
            Prefetch("indicators", queryset=indicators_with_latest().only(
                "pk", "practice_id", "name", "measure", "baseline", "target", "higher_is_better", "order"
            ), to_attr="public_indicators"),
            Prefetch("evidence", queryset=public_photos().only("pk", "practice_id", "note", "uploaded_at")
                     .order_by("uploaded_at", "pk"), to_attr="public_photos"),
        )
        .order_by("-recognised_on", "-pk")
    )  # fmt: skip


def public_text(practice: Practice) -> str:
    """The folded text the showcase search reads: what the showcase shows of the model, the holder's name only
    with consent (the stored search key also holds it, so it is never matched alone)."""
    parts = [practice.name, practice.content, practice.area, practice.target_group]
    if practice.holder_public:
        parts.append(practice.holder)
    return fold(" ".join(parts))


def showcase_practices(*, q: str = "", field: str = "", place: Unit | None = None) -> QuerySet[Practice]:
    """The showcase's models, newest recognition first: by field, by place (a province or a commune and the units
    below it) and by words typed with or without diacritics in what the showcase shows."""
    qs = _public()
    if field:
        qs = qs.filter(field=field)
    if place is not None:
        qs = qs.filter(unit__path__startswith=place.path)
    words = fold(q).split()
    if words:
        for word in words:
            qs = qs.filter(search__contains=word)
        candidates = qs.only("pk", "name", "content", "area", "target_group", "holder", "holder_public")
        kept = [p.pk for p in candidates if all(word in public_text(p) for word in words)]
        qs = _public().filter(pk__in=kept)
    return _shown(qs)


def attach_places(practices: list[Practice]) -> list[Practice]:
    """Give each model's unit the names of its commune and province (``unit.full_name``), one query for all."""
    unit_selectors.attach_place_names([p.unit for p in practices])
    return practices


def showcase_practice(pk: int) -> Practice | None:
    """One model of the showcase, or None (not recognised, withheld, or no such model)."""
    found = list(_shown(_public().filter(pk=pk)))
    return attach_places(found)[0] if found else None


def public_photo(pk: int) -> Evidence | None:
    """A photo published with a model that is on the showcase, or None."""
    return (
        public_photos()
        .filter(pk=pk, practice__stage__in=RECOGNISED, practice__showcase=True)
        .only("pk", "file", "content_type", "practice_id")
        .first()
    )


def provinces() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.PROVINCE, is_active=True).only("pk", "name", "path").natural()


def communes(province: Unit | None) -> QuerySet[Unit] | list[Unit]:
    if province is None:
        return []
    return (
        Unit.objects.filter(kind=UnitKind.COMMUNE, is_active=True, path__startswith=province.path)
        .only("pk", "name", "path")
        .natural()
    )


def place(pk: object, kind: str) -> Unit | None:
    """The province or commune ``?province=``/``?commune=`` names (None when it names nothing of the kind)."""
    try:
        number = int(str(pk))
    except ValueError:
        return None
    return Unit.objects.filter(pk=number, kind=kind).only("pk", "name", "path", "depth").first()
