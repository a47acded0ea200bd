"""What a province sets for the movement: its follow-up interval and spread limit, and its rubric in versions.

A version is drafted, corrected while a draft, then published; a published version is never changed (a new
version is drafted from it). A model is judged by the version in force the day its evaluation opened
(``selectors.councils.rubric_in_force``), fixed on the evaluation."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules as permissions
from ..models import Criterion, Rubric, Setting
from ..selectors.councils import latest_published
from ..validators import criteria_errors, rubric_errors, setting_errors

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.units.models import Unit


def setting_save(*, acting_user: User, province: Unit, follow_up_months: int, spread_limit: int) -> Setting:
    """Set how often the province's recognised models are followed up (1–36 months) and how far apart the
    members' scores may lie before the council must discuss them (1–100 points)."""
    permissions.require("emulation.configure", acting_user, province)
    errors = setting_errors(follow_up_months, spread_limit)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        setting = Setting.objects.select_for_update().filter(province=province).first() or Setting(province=province)
        setting.follow_up_months, setting.spread_limit = int(follow_up_months), int(spread_limit)
        setting.updated_by = acting_user
        setting._change_reason = _("Thiết lập phong trào của tỉnh")  # type: ignore[attr-defined]
        setting.save()
    return setting


def _rows(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows in their order (``order`` when given, else as listed), trimmed."""
    numbered = [(int(row.get("order") or n), n, row) for n, row in enumerate(criteria, 1)]
    return [
        {"name": str(row["name"]).strip(), "weight": int(row["weight"]), "scale_max": int(row["scale_max"]),
         "guidance": str(row.get("guidance") or "").strip()}
        for _order, _n, row in sorted(numbered, key=lambda item: item[:2])
    ]  # fmt: skip


def _write_criteria(rubric: Rubric, criteria: list[dict[str, Any]]) -> None:
    Criterion.objects.filter(rubric=rubric).delete()
    Criterion.objects.bulk_create([Criterion(rubric=rubric, order=n, **row) for n, row in enumerate(criteria, 1)])


def _refuse_published(rubric: Rubric) -> None:
    if rubric.is_published:
        raise ValidationError(
            {"rubric": _("Phiên bản %(v)d đã ban hành ngày %(d)s nên không sửa được; hãy tạo phiên bản mới từ nó.")
             % {"v": rubric.version, "d": timezone.localtime(rubric.published_at).strftime("%d/%m/%Y")}}
        )  # fmt: skip


def rubric_save(
    *, acting_user: User, province: Unit, name: str, effective_from: datetime.date,
    criteria: list[dict[str, Any]], rubric: Rubric | None = None,
) -> Rubric:  # fmt: skip
    """Draft a new version of ``province``'s rubric (numbered after the last), or correct the draft ``rubric``:
    its name, the day it comes into force, and its criteria (each a name, a weight, the top of its scale, the
    guidance for evaluators), which replace the draft's."""
    permissions.require("emulation.configure", acting_user, province)
    if rubric is not None:
        if rubric.province_id != province.pk:
            raise ValidationError({"rubric": _("Phiên bản này không thuộc bảng tiêu chí của tỉnh.")})
        _refuse_published(rubric)
    errors = rubric_errors(name, effective_from) | criteria_errors(criteria)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if rubric is None:
            last = Rubric.objects.select_for_update().filter(province=province).aggregate(n=Max("version"))["n"]
            rubric = Rubric(province=province, version=(last or 0) + 1, created_by=acting_user)
            rubric._change_reason = _("Soạn phiên bản bảng tiêu chí")  # type: ignore[attr-defined]
        else:
            rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
            _refuse_published(rubric)  # published meanwhile
            rubric._change_reason = _("Sửa bản dự thảo bảng tiêu chí")  # type: ignore[attr-defined]
        rubric.name, rubric.effective_from = str(name).strip(), effective_from
        rubric.save()
        _write_criteria(rubric, _rows(criteria))
    return rubric


def rubric_publish(*, acting_user: User, rubric: Rubric) -> Rubric:
    """Publish a draft: from its ``effective_from`` it is the rubric new evaluations are scored on. It needs a
    criterion, and it may not come into force before the latest published version does."""
    permissions.require("emulation.configure", acting_user, rubric.province)
    _refuse_published(rubric)
    criteria = [dict(row) for row in rubric.criteria.values("name", "weight", "scale_max", "guidance", "order")]
    errors = criteria_errors(criteria, required=True)
    latest = latest_published(rubric.province)
    if latest is not None and rubric.effective_from < latest.effective_from:
        errors["effective_from"] = _(
            "Ngày áp dụng không được trước ngày áp dụng của phiên bản %(v)d đang có hiệu lực (%(d)s)."
        ) % {"v": latest.version, "d": latest.effective_from.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
        _refuse_published(rubric)
        rubric.published_at = timezone.now()
        rubric._change_reason = _("Ban hành bảng tiêu chí")  # type: ignore[attr-defined]
        rubric.save()
    return rubric


def rubric_new_version(*, acting_user: User, rubric: Rubric, effective_from: datetime.date) -> Rubric:
    """Draft the next version from ``rubric`` (its name and criteria copied), in force from ``effective_from``
    once published."""
    permissions.require("emulation.configure", acting_user, rubric.province)
    criteria = [dict(row) for row in rubric.criteria.values("name", "weight", "scale_max", "guidance", "order")]
    return rubric_save(
        acting_user=acting_user, province=rubric.province, name=rubric.name, effective_from=effective_from,
        criteria=criteria,
    )  # fmt: skip
