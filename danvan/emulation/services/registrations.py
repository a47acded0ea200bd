"""Registering a model or an exemplar (the registration form used in practice), correcting it, its evidence and
what of it is public, and replicating a recognised model at another unit."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases.services.files import attachment_kind, attachments_check

from .. import rules as permissions
from ..choices import Stage, Step
from ..models import Evidence, Force, Indicator, Milestone, Practice, StepRecord
from ..validators import (
    amount,
    forces_errors,
    indicators_errors,
    milestones_errors,
    practice_errors,
    text_errors,
)
from ..workflow import OPEN_FOR_CHANGES, RECOGNISED

if TYPE_CHECKING:
    from django.core.files import File

    from danvan.accounts.models import User
    from danvan.units.models import Unit

FIELDS = (
    "kind", "field", "name", "year", "period_to", "holder", "holder_public", "situation", "goals", "content", "area",
    "target_group", "money", "person_days", "contributions", "start_on", "evaluation_on", "people_reached",
    "sustainability", "replicability", "showcase",
)  # fmt: skip
TEXTS = {"name", "holder", "situation", "goals", "content", "area", "target_group", "contributions",
         "sustainability", "replicability"}  # fmt: skip


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key in TEXTS:
            value = str(value or "").strip()
        elif key in ("money", "person_days", "people_reached"):
            value = value or 0
        elif key == "period_to":
            value = value or None
        out[key] = value
    return out


def _rows_errors(values: dict[str, Any], forces: list, indicators: list, milestones: list) -> dict[str, str]:
    errors = practice_errors(**values)
    errors |= forces_errors(forces)
    errors |= indicators_errors(indicators)
    errors |= milestones_errors(milestones, values.get("start_on"))
    return errors


def _write_rows(practice: Practice, forces: list, indicators: list, milestones: list) -> None:
    Force.objects.filter(practice=practice).delete()
    Milestone.objects.filter(practice=practice).delete()
    Force.objects.bulk_create(
        [Force(practice=practice, role=row["role"], name=str(row["name"]).strip(),
               duty=str(row.get("duty") or "").strip(), order=n) for n, row in enumerate(forces, 1)]
    )  # fmt: skip
    Milestone.objects.bulk_create(
        [Milestone(practice=practice, date=row["date"], title=str(row["title"]).strip()) for row in milestones]
    )
    kept = []
    existing = {i.pk: i for i in Indicator.objects.filter(practice=practice)}
    for n, row in enumerate(indicators, 1):
        item = existing.get(row.get("id")) or Indicator(practice=practice)
        item.name, item.measure = str(row["name"]).strip(), str(row["measure"]).strip()
        item.baseline, item.target = cast(Decimal, amount(row["baseline"])), cast(Decimal, amount(row["target"]))
        item.higher_is_better, item.order = bool(row.get("higher_is_better", True)), n
        item.save()
        kept.append(item.pk)
    # An indicator already measured stays (its measurements are the model's history); others may go.
    Indicator.objects.filter(practice=practice, measurements__isnull=True).exclude(pk__in=kept).delete()


def practice_register(
    *, acting_user: User | None, unit: Unit, forces: list[dict[str, Any]], indicators: list[dict[str, Any]],
    milestones: list[dict[str, Any]] | None = None, origin: Practice | None = None, **values: Any,
) -> Practice:  # fmt: skip
    """Register a model or an exemplar at ``unit`` (a province, a commune, or a village for its team) with the
    fields of the registration form, its forces, its indicators (unit, baseline, target) and milestones. An
    ``origin`` (a copy) is checked as ``practice_replicate`` checks it."""
    permissions.require("emulation.register", acting_user, unit)
    if origin is not None:
        _origin_check(acting_user, origin, unit)
    values = _clean({key: values.get(key) for key in FIELDS if key in values})
    milestones = milestones or []
    errors = _rows_errors(values, forces, indicators, milestones)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = (
            Practice.objects.select_for_update().filter(unit=unit, year=values["year"]).aggregate(n=Max("number"))["n"]
        )
        practice = Practice(unit=unit, number=(last or 0) + 1, origin=origin, created_by=acting_user, **values)
        practice._change_reason = _("Đăng ký")  # type: ignore[attr-defined]
        practice.save()
        _write_rows(practice, forces, indicators, milestones)
        StepRecord.objects.create(
            practice=practice, step=Step.REGISTER, from_stage="", to_stage=Stage.REGISTERED,
            date=min(timezone.localdate(), values["start_on"]), actor=acting_user,  # a model recorded afterwards
            note=_("Nhân rộng từ %(code)s") % {"code": origin.code} if origin else "",
        )  # fmt: skip
    return practice


def practice_update(
    *, acting_user: User, practice: Practice, forces: list[dict[str, Any]] | None = None,
    indicators: list[dict[str, Any]] | None = None, milestones: list[dict[str, Any]] | None = None, **values: Any,
) -> Practice:  # fmt: skip
    """Correct a registration: each field given replaces the one recorded; rows given replace the rows."""
    permissions.require("emulation.change_practice", acting_user, practice)
    rows_given = forces is not None or indicators is not None or milestones is not None
    if practice.stage not in OPEN_FOR_CHANGES and (set(values) - {"showcase", "holder_public"} or rows_given):
        # What the council scored and the decision judged stays as it was (the at-risk rules read its targets).
        raise ValidationError(
            _("Mô hình đã được hội đồng chấm điểm hoặc đã có quyết định: chỉ được đổi việc giới thiệu công khai.")
        )
    current = {key: getattr(practice, key) for key in FIELDS}
    merged = _clean(current | {key: values[key] for key in FIELDS if key in values})
    rows = {
        "forces": forces if forces is not None else list(practice.forces.values("role", "name", "duty")),
        "indicators": indicators if indicators is not None
        else list(practice.indicators.values("id", "name", "measure", "baseline", "target", "higher_is_better")),
        "milestones": milestones if milestones is not None else list(practice.milestones.values("date", "title")),
    }  # fmt: skip
    errors = _rows_errors(merged, rows["forces"], rows["indicators"], rows["milestones"])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if merged["year"] != practice.year:  # numbered again in its new year (the code names the year)
            last = (
                Practice.objects.select_for_update()
                .filter(unit=practice.unit_id, year=merged["year"])
                .aggregate(n=Max("number"))["n"]
            )
            practice.number = (last or 0) + 1
        for key, value in merged.items():
            setattr(practice, key, value)
        practice._change_reason = _("Sửa đăng ký")  # type: ignore[attr-defined]
        practice.save()
        if forces is not None or indicators is not None or milestones is not None:
            _write_rows(practice, rows["forces"], rows["indicators"], rows["milestones"])
    return practice


def evidence_add(
    *, acting_user: User, practice: Practice, files: Sequence[File], note: str = "", is_public: bool = False,
    follow_up: Any = None,
) -> list[Evidence]:  # fmt: skip
    """Keep photos and documents of a model: at most 5 at a time, each a JPEG, PNG or PDF of at most 10 MB (checked
    from the file's first bytes, as a case's attachments are). ``is_public`` puts a photo on the showcase."""
    permissions.require("emulation.add_evidence", acting_user, practice)
    if not files:
        raise ValidationError({"files": _("Chọn ít nhất một tệp minh chứng.")})
    try:
        attachments_check(files)
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from exc
    errors = text_errors(note, "note", required=False)
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for upload in files:
            data = upload.read()
            content_type, extension = cast(tuple[str, str], attachment_kind(data[:8]))
            item = Evidence(
                practice=practice, follow_up=follow_up, name=(upload.name or "tep")[:255], content_type=content_type,
                size=len(data), note=(note or "").strip(), uploaded_by=acting_user,
                is_public=bool(is_public) and content_type.startswith("image/"),
            )  # fmt: skip
            item.file.save(f"dvk-{practice.pk}{extension}", ContentFile(data), save=False)  # never their name
            item.save()
            saved.append(item)
        practice._change_reason = _("Thêm %(n)d minh chứng") % {"n": len(saved)}  # type: ignore[attr-defined]
        practice.save(update_fields=["updated_at"])
    return saved


def evidence_publish(*, acting_user: User, evidence: Evidence, is_public: bool) -> Evidence:
    """Show a photo on the public showcase, or take it off. Documents (PDF) stay private."""
    permissions.require("emulation.add_evidence", acting_user, evidence.practice)
    if is_public and not evidence.content_type.startswith("image/"):
        raise ValidationError({"is_public": _("Chỉ ảnh mới được công khai trên trang giới thiệu.")})
    with transaction.atomic():
        evidence.is_public = bool(is_public)
        evidence.save(update_fields=["is_public"])
        practice = evidence.practice
        practice._change_reason = (  # type: ignore[attr-defined]
            _("Công khai ảnh %(n)s") if is_public else _("Thôi công khai ảnh %(n)s")
        ) % {"n": evidence.name}
        practice.save(update_fields=["updated_at"])
    return evidence


def _origin_check(acting_user: User | None, origin: Practice, unit: Unit) -> None:
    """A copy's origin: recognised, another unit's, and one the user sees or finds on the public showcase."""
    from danvan.core import scoping

    if not (
        (origin.showcase and origin.stage in RECOGNISED)
        or (acting_user is not None and scoping.path_in_scope(acting_user, origin.unit.path, scoping.VIEW))
    ):
        raise PermissionDenied
    if origin.stage not in RECOGNISED:
        raise ValidationError({"origin": _("Chỉ nhân rộng được mô hình đã được công nhận.")})
    if origin.unit_id == unit.pk:
        raise ValidationError({"origin": _("Mô hình đã là của đơn vị này; chọn một đơn vị khác để nhân rộng.")})


def practice_replicate(
    *, acting_user: User, origin: Practice, unit: Unit, year: int, start_on: datetime.date,
    evaluation_on: datetime.date, forces: list[dict[str, Any]], **values: Any,
) -> Practice:  # fmt: skip
    """Register at ``unit`` a copy of a recognised model, linked to it. Only what the public showcase shows of the
    origin is copied (its name, field, kind, content, target group and indicators, with the new unit's baselines
    when given); the situation, goals, sustainability and the rest are the new unit's own (``values``), the
    situation and goals saying that the model is a copy when none are given.

    The origin may lie outside the user's scope when it is on the public showcase; the copy is the new unit's."""
    permissions.require("emulation.replicate", acting_user, unit)
    _origin_check(acting_user, origin, unit)
    baselines = values.pop("baselines", {}) or {}
    indicators = values.pop("indicators", None) or [
        {"name": i.name, "measure": i.measure, "baseline": baselines.get(i.pk, i.baseline),
         "target": i.target, "higher_is_better": i.higher_is_better}
        for i in origin.indicators.all()
    ]  # fmt: skip
    copied = {
        "kind": origin.kind, "field": origin.field, "name": origin.name, "content": origin.content,
        "target_group": origin.target_group, "area": unit.name,
        "situation": _("Nhân rộng một mô hình “Dân vận khéo” đã được công nhận, phù hợp với tình hình của %(u)s.")
        % {"u": unit.name},
        "goals": _("Đạt các chỉ tiêu kiểm chứng của mô hình tại %(u)s.") % {"u": unit.name},
    }  # fmt: skip
    return practice_register(
        acting_user=acting_user, unit=unit, forces=forces, indicators=indicators, origin=origin,
        **(copied | {key: v for key, v in values.items() if v not in (None, "")}),
        year=year, start_on=start_on, evaluation_on=evaluation_on,
    )  # fmt: skip
