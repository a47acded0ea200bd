"""Writes to the unit tree: the official load, village import, edits, deactivation.

Every function here runs in one transaction and leaves an audit row (django-
simple-history) naming the acting user; views and commands call these, never
``Unit.save()`` directly.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.imports import ImportReport, TableError, read_table
from danvan.core.numbers import group
from danvan.core.text import fold, normalize

from .choices import VILLAGE_TYPES, UnitKind
from .models import Unit, refresh_full_names
from .rules import may, require

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser
    from django.core.files import File

NATION_CODE = "VN"
NATION_NAME = "Việt Nam"
BULK_BATCH = 1000


# --- building blocks -----------------------------------------------------------------


def _next_child_step(parent: Unit) -> int:
    """Integer step for the next child of ``parent`` (1 for the first child)."""
    last = Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).aggregate(last=Max("path"))["last"]
    if not last:
        return 1
    return Unit._str2int(last[-Unit.steplen :]) + 1


def _bulk_add_children(
    parent: Unit, new_units: list[Unit], *, acting_user: AbstractUser | None = None, reason: str = ""
) -> list[Unit]:
    """Append ``new_units`` (unsaved) as children of ``parent`` in a few queries.

    treebeard's ``add_child`` costs several queries per node; loading 3,321
    communes that way takes far too long. Here the paths are computed in
    Python from the parent's last child, rows are bulk-inserted, the parent's
    ``numchild`` is updated once, and one history row per unit is written.
    """
    if not new_units:
        return []
    step = _next_child_step(parent)
    above = _names_above(parent)
    for offset, unit in enumerate(new_units):
        unit.path = Unit._get_path(parent.path, parent.depth + 1, step + offset)
        unit.depth = parent.depth + 1
        unit.numchild = 0
        unit.name = normalize(unit.name)
        unit.set_keys(above)
    created = Unit.objects.bulk_create(new_units, batch_size=BULK_BATCH)
    Unit.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(created))
    parent.numchild += len(created)
    Unit.history.bulk_history_create(
        created, default_user=acting_user, default_change_reason=reason or _("Tạo hàng loạt"), batch_size=BULK_BATCH
    )
    return created


def _names_above(parent: Unit) -> list[str]:
    """The names of ``parent`` and the units above it, nearest first, the nation left out (for the keys)."""
    if parent.depth < 2:
        return []
    paths = [parent.path, *parent.ancestor_paths()]
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    return [names[p] for p in paths if p in names and len(p) > Unit.steplen]


def _bulk_update(
    units: list[Unit], fields: list[str], *, acting_user: AbstractUser | None = None, reason: str = ""
) -> None:
    if not units:
        return
    renamed = "name" in fields
    if renamed:  # the keys follow the name, with the names above read once for the whole list
        wanted = {p for unit in units for p in unit.ancestor_paths()}
        names = dict(Unit.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    for unit in units:
        if renamed:
            unit.set_keys([names[p] for p in unit.ancestor_paths() if p in names and len(p) > Unit.steplen])
        unit.updated_at = timezone.now()
    keys = ["name_folded", "name_sort", "full_name_folded"] if renamed else []
    Unit.objects.bulk_update(units, [*fields, *keys, "updated_at"], batch_size=BULK_BATCH)
    if renamed:
        for unit in units:
            if unit.numchild:  # the units below carry this name in their search key
                refresh_full_names(unit.path)
    Unit.history.bulk_history_create(
        units, default_user=acting_user, default_change_reason=reason or _("Cập nhật hàng loạt"), batch_size=BULK_BATCH
    )


def nation_get_or_create() -> Unit:
    nation = Unit.objects.filter(depth=1, code=NATION_CODE).first()
    if nation is None:
        nation = Unit.objects.add_root(
            instance=Unit(kind=UnitKind.NATION, division_type="quốc gia", code=NATION_CODE, name=NATION_NAME)
        )
    return nation


# --- the official load ---------------------------------------------------------------


@dataclass
class LoadResult:
    provinces_created: int = 0
    provinces_updated: int = 0
    communes_created: int = 0
    communes_updated: int = 0

    def __str__(self) -> str:
        return _("Tỉnh: thêm %(pc)s, cập nhật %(pu)s. Xã: thêm %(cc)s, cập nhật %(cu)s.") % {
            "pc": group(self.provinces_created),
            "pu": group(self.provinces_updated),
            "cc": group(self.communes_created),
            "cu": group(self.communes_updated),
        }


def official_divisions() -> list[dict[str, Any]]:
    """The provinces and communes of the two-level structure (from 1 July 2025).

    Source: the ``vietnam-provinces`` package (GPL-3.0-or-later), which ships the
    official list of the national statistics office with official codes.
    """
    import vietnam_provinces

    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def province_code(number: int | str) -> str:
    return f"{int(number):02d}"


def commune_code(number: int | str) -> str:
    return f"{int(number):05d}"


@transaction.atomic
def units_load_official(
    *,
    divisions: list[dict[str, Any]] | None = None,
    acting_user: AbstractUser | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> LoadResult:
    """Load (or refresh) all provinces and communes; safe to run again.

    A unit is matched by its official code: new codes are inserted, changed
    names or types are updated, nothing is deleted and ``is_remote`` (set by
    people, not by the official list) is left alone. ``progress(done, total)``
    is called after each province.
    """
    divisions = official_divisions() if divisions is None else divisions
    result = LoadResult()
    nation = nation_get_or_create()
    existing = {u.code: u for u in Unit.objects.filter(kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE])}
    reason = _("Nạp danh mục đơn vị hành chính chính thức")

    new_provinces, changed_provinces = [], []
    for item in divisions:
        code = province_code(item["code"])
        unit = existing.get(code)
        name, dtype = normalize(item["name"]), item["division_type"]
        if unit is None:
            new_provinces.append(Unit(kind=UnitKind.PROVINCE, code=code, name=name, division_type=dtype))
        elif (unit.name, unit.division_type) != (name, dtype):
            unit.name, unit.division_type = name, dtype
            changed_provinces.append(unit)
    for unit in _bulk_add_children(nation, new_provinces, acting_user=acting_user, reason=reason):
        existing[unit.code] = unit
    _bulk_update(changed_provinces, ["name", "division_type"], acting_user=acting_user, reason=reason)
    result.provinces_created, result.provinces_updated = len(new_provinces), len(changed_provinces)

    for done, item in enumerate(divisions, start=1):
        province = existing[province_code(item["code"])]
        new_communes, changed_communes = [], []
        for ward in item["wards"]:
            code = commune_code(ward["code"])
            unit = existing.get(code)
            name, dtype = normalize(ward["name"]), ward["division_type"]
            if unit is None:
                new_communes.append(Unit(kind=UnitKind.COMMUNE, code=code, name=name, division_type=dtype))
            elif (unit.name, unit.division_type) != (name, dtype):
                unit.name, unit.division_type = name, dtype
                changed_communes.append(unit)
        _bulk_add_children(province, new_communes, acting_user=acting_user, reason=reason)
        _bulk_update(changed_communes, ["name", "division_type"], acting_user=acting_user, reason=reason)
        result.communes_created += len(new_communes)
        result.communes_updated += len(changed_communes)
        if progress:
            progress(done, len(divisions))
    return result


# --- villages ------------------------------------------------------------------------

VILLAGE_COLUMNS = {
    "name": ("Tên thôn, tổ dân phố", "Tên", "Tên thôn", "Tên đơn vị"),
    "type": ("Loại", "Loại đơn vị"),
    "commune_code": ("Mã xã", "Mã xã, phường", "Mã đơn vị cấp xã"),
    "code": ("Mã thôn", "Mã"),
    "is_remote": ("Vùng khó khăn", "Vùng sâu, vùng xa"),
}
VILLAGE_REQUIRED = ("name", "type", "commune_code")
_VILLAGE_TYPES_BY_FOLD = {fold(t): t for t in VILLAGE_TYPES}
_YES = {"co", "x", "1", "true", "yes", "dung"}
_NO = {"", "khong", "0", "false", "no", "sai"}


def village_type_clean(value: str) -> str:
    """Return the canonical village type for ``value`` or raise ValidationError."""
    canonical = _VILLAGE_TYPES_BY_FOLD.get(fold(value))
    if canonical is None:
        raise ValidationError(
            _("Loại “%(value)s” không hợp lệ; dùng một trong: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(VILLAGE_TYPES)}
        )
    return canonical


def _next_village_codes(commune: Unit, count: int) -> list[str]:
    """Codes ``<commune code>-NNN`` continuing after the highest one in use."""
    prefix = f"{commune.code}-"
    used = Unit.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    highest = max((int(c[len(prefix) :]) for c in used if c[len(prefix) :].isdigit()), default=0)
    return [f"{prefix}{highest + i:03d}" for i in range(1, count + 1)]


def villages_import(*, uploaded: File, acting_user: AbstractUser, commit: bool = True) -> ImportReport:
    """Import villages from an Excel/CSV file: all rows or none.

    Columns: name, type, parent commune code; optional village code and remote
    flag. Each row is checked (commune exists and is in the user's scope for
    managing, type is known, no duplicate in the file, code not taken by
    another unit); any error means nothing is written and the report lists
    every failing row. A village that already exists under the same commune
    with the same name is updated, so importing the same file twice changes
    nothing the second time.
    """
    report = ImportReport()
    try:
        rows = list(read_table(uploaded, VILLAGE_COLUMNS, VILLAGE_REQUIRED))
    except TableError as exc:
        report.add_error(0, _("Tệp"), str(exc))
        return report
    report.total = len(rows)
    if not rows:
        report.add_error(0, _("Tệp"), _("Tệp không có dòng dữ liệu nào."))
        return report

    labels = {key: names[0] for key, names in VILLAGE_COLUMNS.items()}
    commune_codes = {row["commune_code"] for _n, row in rows}
    # Each row's commune must be one the user may add villages to (``units.add_village``: managed, active).
    communes = {
        c.code: c
        for c in Unit.objects.filter(kind=UnitKind.COMMUNE, code__in=commune_codes)
        if may("units.add_village", acting_user, c)
    }
    parent_paths = {c.path: c for c in communes.values()}
    existing_by_key = {}
    villages = (
        Unit.objects.filter(kind=UnitKind.VILLAGE)
        .annotate(parent_path=Substr("path", 1, 3 * Unit.steplen))
        .filter(parent_path__in=list(parent_paths))
        .only("id", "path", "depth", "numchild", "code", "name", "division_type", "is_remote", "name_folded")
    )
    for village in villages:
        existing_by_key[(parent_paths[village.parent_path].code, village.name_folded)] = village
    requested_codes = {row.get("code") for _n, row in rows if row.get("code")}
    taken_codes = dict(Unit.objects.filter(code__in=requested_codes).values_list("code", "pk"))

    seen: dict[tuple[str, str], int] = {}
    planned_codes = set()
    planned = []  # (commune, existing village or None, fields)
    for number, row in rows:
        errors_before = len(report.errors)
        name = normalize(row.get("name"))
        if not name:
            report.add_error(number, labels["name"], _("Không được để trống."))
        elif len(name) > 200:
            report.add_error(number, labels["name"], _("Dài quá 200 ký tự."))
        try:
            division_type = village_type_clean(row.get("type", ""))
        except ValidationError as exc:
            division_type = None
            report.add_error(number, labels["type"], exc.messages[0])
        code_text = row.get("commune_code", "")
        commune = communes.get(code_text)
        if not code_text:
            report.add_error(number, labels["commune_code"], _("Không được để trống."))
        elif commune is None:
            report.add_error(
                number,
                labels["commune_code"],
                _("Không có xã, phường mã “%(code)s” trong phạm vi bạn được quản lý.") % {"code": code_text},
            )
        flag = fold(row.get("is_remote", ""))
        if flag in _YES:
            is_remote = True
        elif flag in _NO:
            is_remote = False
        else:
            is_remote = False
            report.add_error(number, labels["is_remote"], _("Chỉ ghi “có” hoặc “không”."))
        own_code = row.get("code", "")
        if commune is None or len(report.errors) > errors_before:  # a missing commune is an error already
            continue
        key = (commune.code, fold(name))
        if key in seen:
            report.add_error(
                number, labels["name"], _("Trùng với dòng %(row)d (cùng tên, cùng xã).") % {"row": seen[key]}
            )
            continue
        seen[key] = number
        current = existing_by_key.get(key)
        if own_code:
            owner = taken_codes.get(own_code)
            if owner is not None and (current is None or owner != current.pk):
                report.add_error(number, labels["code"], _("Mã “%(code)s” đã được dùng.") % {"code": own_code})
                continue
            if own_code in planned_codes:
                report.add_error(number, labels["code"], _("Mã “%(code)s” lặp lại trong tệp.") % {"code": own_code})
                continue
        if own_code:
            planned_codes.add(own_code)
        planned.append(
            (commune, current, {"name": name, "division_type": division_type, "is_remote": is_remote, "code": own_code})
        )
        report.preview.append(
            {
                "row": number,
                "commune": commune.name,
                "name": name,
                "type": division_type,
                "is_remote": is_remote,
                "action": _("cập nhật") if current else _("thêm mới"),
            }
        )

    if report.errors or not commit:
        return report

    reason = _("Nhập danh sách thôn, tổ dân phố từ tệp")
    with transaction.atomic():
        by_commune: dict[int, tuple[Unit, list[dict[str, Any]]]] = {}
        changed = []
        for commune, current, fields in planned:
            if current is None:
                by_commune.setdefault(commune.pk, (commune, []))[1].append(fields)
                continue
            new_values = (fields["name"], fields["division_type"], fields["is_remote"])
            if (current.name, current.division_type, current.is_remote) == new_values:
                report.unchanged += 1
                continue
            current.name, current.division_type, current.is_remote = new_values
            changed.append(current)
        _bulk_update(changed, ["name", "division_type", "is_remote"], acting_user=acting_user, reason=reason)
        report.updated = len(changed)
        for commune, items in by_commune.values():
            commune.refresh_from_db(fields=["numchild"])
            generated = iter(_next_village_codes(commune, sum(1 for f in items if not f["code"])))
            units = [
                Unit(
                    kind=UnitKind.VILLAGE,
                    name=f["name"],
                    division_type=f["division_type"],
                    is_remote=f["is_remote"],
                    code=f["code"] or next(generated),
                )
                for f in items
            ]
            report.created += len(_bulk_add_children(commune, units, acting_user=acting_user, reason=reason))
    report.committed = True
    return report


@transaction.atomic
def villages_add_many(
    *, commune: Unit, items: Iterable[dict[str, Any]], acting_user: AbstractUser | None = None, reason: str = ""
) -> list[Unit]:
    """Add villages (dicts with name, division_type, is_remote) to ``commune``.

    Names already present under the commune are skipped, so calling this twice
    with the same items adds nothing the second time. Returns the new units.
    """
    present = set(
        Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=commune.path).values_list("name_folded", flat=True)
    )
    fresh = []
    for item in items:
        key = fold(item["name"])
        if key in present:
            continue
        present.add(key)
        fresh.append(item)
    codes = iter(_next_village_codes(commune, len(fresh)))
    units = [
        Unit(
            kind=UnitKind.VILLAGE,
            name=item["name"],
            division_type=village_type_clean(item["division_type"]),
            is_remote=item.get("is_remote", False),
            code=next(codes),
        )
        for item in fresh
    ]
    commune.refresh_from_db(fields=["numchild"])
    return _bulk_add_children(commune, units, acting_user=acting_user, reason=reason or _("Thêm thôn, tổ dân phố"))


@transaction.atomic
def units_set_remote(
    *, units: Iterable[Unit], is_remote: bool, acting_user: AbstractUser | None = None, reason: str = ""
) -> list[Unit]:
    """Mark several units as remote (or not); only those that change get an audit row."""
    changed = [u for u in units if u.is_remote != is_remote]
    for unit in changed:
        unit.is_remote = is_remote
    _bulk_update(changed, ["is_remote"], acting_user=acting_user, reason=reason or _("Cập nhật vùng khó khăn"))
    return changed


# --- single-unit changes -------------------------------------------------------------


@transaction.atomic
def village_create(
    *, commune: Unit, acting_user: AbstractUser, name: str, division_type: str, is_remote: bool = False, code: str = "",
    note: str = "",
) -> Unit:  # fmt: skip
    require("units.add_village", acting_user, commune)
    name = normalize(name)
    if Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=commune.path, name_folded=fold(name)).exists():
        raise ValidationError({"name": _("Xã này đã có thôn, tổ dân phố cùng tên.")})
    code = code or _next_village_codes(commune, 1)[0]
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã “%(code)s” đã được dùng.") % {"code": code}})
    commune.refresh_from_db()
    village = Unit.objects.add_child(
        commune,
        instance=Unit(
            kind=UnitKind.VILLAGE,
            name=name,
            division_type=village_type_clean(division_type),
            is_remote=is_remote,
            code=code,
            note=note,
        ),
    )
    return village


@transaction.atomic
def unit_update(
    *, unit: Unit, acting_user: AbstractUser, name: str, division_type: str, is_remote: bool, note: str = ""
) -> Unit:
    require("units.change_unit", acting_user, unit)
    if unit.kind == UnitKind.VILLAGE:
        division_type = village_type_clean(division_type)
        parent = Unit.objects.get_parent(unit)
        duplicate = (
            Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=parent.path, name_folded=fold(name))
            .exclude(pk=unit.pk)
            .exists()
        )
        if duplicate:
            raise ValidationError({"name": _("Xã này đã có thôn, tổ dân phố cùng tên.")})
    unit.name = name
    unit.division_type = division_type
    unit.is_remote = is_remote
    unit.note = note
    unit._change_reason = _("Sửa thông tin đơn vị")
    unit.save()
    return unit


@transaction.atomic
def unit_deactivate(
    *, unit: Unit, acting_user: AbstractUser, on_date: datetime.date, successor: Unit | None = None, reason: str = ""
) -> Unit:
    """Mark a merged or dissolved unit inactive; its records and history stay."""
    require("units.change_unit", acting_user, unit)
    if not unit.is_active:
        raise ValidationError(_("Đơn vị đã ngừng hoạt động."))
    if successor is not None:
        if successor.pk == unit.pk or successor.path.startswith(unit.path):
            raise ValidationError({"successor": _("Đơn vị kế thừa không được là chính nó hoặc đơn vị cấp dưới.")})
        if not successor.is_active:
            raise ValidationError({"successor": _("Đơn vị kế thừa đang ngừng hoạt động.")})
    unit.is_active = False
    unit.deactivated_on = on_date
    unit.successor = successor
    unit._change_reason = reason or _("Ngừng hoạt động")
    unit.save()
    return unit


@transaction.atomic
def unit_reactivate(*, unit: Unit, acting_user: AbstractUser, reason: str = "") -> Unit:
    require("units.change_unit", acting_user, unit)
    unit.is_active = True
    unit.deactivated_on = None
    unit.successor = None
    unit._change_reason = reason or _("Hoạt động trở lại")
    unit.save()
    return unit
