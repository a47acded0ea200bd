"""Checks that a form, a service and the demo all make, one function per rule returning ``{field: message}``.

Rows (forces, indicators, milestones) are checked one by one; their messages name the row (``indicators``:
"Dòng 2: …") so a form with several rows says which one is wrong."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Field, ForceRole, Kind, Vitality

FIRST_YEAR = 2009  # the movement's first models (Thái Nguyên counts its models since 2009)
LATEST_AHEAD = datetime.timedelta(days=3653)
LONG = 20000
MAX_MONEY = 10**15 - 1
MAX_AMOUNT = Decimal("999999999999.99")
MAX_ROWS = 30


def _text(value: Any) -> str:
    return str(value or "").strip()


def text_errors(value: Any, field_name: str, *, limit: int = 255, required: bool = True) -> dict[str, str]:
    text = _text(value)
    if required and not text:
        return {field_name: _("Trường này không được để trống.")}
    if len(text) > limit:
        return {field_name: _("Dài quá %(n)d ký tự.") % {"n": limit}}
    return {}


def day_errors(day: datetime.date | None, field_name: str, *, required: bool = True) -> dict[str, str]:
    """A day given (when ``required``), not before 2009 and at most ten years ahead."""
    if day is None:
        return {field_name: _("Nhập ngày.")} if required else {}
    if day < datetime.date(FIRST_YEAR, 1, 1):
        return {field_name: _("Ngày không được trước năm %(y)d.") % {"y": FIRST_YEAR}}
    if day > timezone.localdate() + LATEST_AHEAD:
        return {field_name: _("Ngày quá xa trong tương lai.")}
    return {}


def past_day_errors(day: datetime.date | None, field_name: str) -> dict[str, str]:
    """A day that has happened: given, from 2009, not after today."""
    errors = day_errors(day, field_name)
    if not errors and day is not None and day > timezone.localdate():
        return {field_name: _("Ngày không được ở tương lai.")}
    return errors


def whole_number_errors(value: Any, field_name: str, *, limit: int = 2**31 - 1) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or Decimal(value) != int(value):
        return {field_name: _("Nhập một số nguyên.")}
    if value < 0:
        return {field_name: _("Không được là số âm.")}
    if value > limit:
        return {field_name: _("Số quá lớn.")}
    return {}


def amount(value: Any) -> Decimal | None:
    """A value as typed ("1.250,5" or "1250.5"), or None when it is not a number."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _text(value).replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def amount_errors(value: Any, field_name: str) -> dict[str, str]:
    number = amount(value)
    if number is None:
        return {field_name: _("Nhập một số (ví dụ 1250 hoặc 12,5).")}
    if number < 0:
        return {field_name: _("Không được là số âm.")}
    if abs(number) > MAX_AMOUNT or number != number.quantize(Decimal("0.01")):
        return {field_name: _("Số quá lớn hoặc quá hai chữ số thập phân.")}
    return {}


def year_errors(year: Any, period_to: Any) -> dict[str, str]:
    this_year = timezone.localdate().year
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= this_year + 1:
        return {"year": _("Năm đăng ký từ %(a)d đến %(b)d.") % {"a": FIRST_YEAR, "b": this_year + 1}}
    if period_to not in (None, "") and (
        not isinstance(period_to, int) or isinstance(period_to, bool) or not year <= period_to <= year + 10
    ):
        return {"period_to": _("Năm kết thúc không trước năm đăng ký và không quá 10 năm.")}
    return {}


def practice_errors(
    *, kind: Any, field: Any, name: Any, year: Any, period_to: Any = None, holder: Any = "", situation: Any,
    goals: Any, content: Any, area: Any, target_group: Any, money: Any = 0, person_days: Any = 0,
    people_reached: Any = 0, start_on: datetime.date | None, evaluation_on: datetime.date | None,
    contributions: Any = "", sustainability: Any = "", replicability: Any = "", **_ignored: Any,
) -> dict[str, str]:  # fmt: skip
    """Every field of the registration form: what is required, lengths, whole đồng, the timeline's order."""
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Chọn mô hình hoặc điển hình.")
    if field not in Field.values:
        errors["field"] = _("Chọn một trong bốn lĩnh vực.")
    errors |= text_errors(name, "name")
    errors |= year_errors(year, period_to)
    errors |= text_errors(holder, "holder", required=kind == Kind.EXEMPLAR)
    for name_, value in (("situation", situation), ("goals", goals), ("content", content)):
        errors |= text_errors(value, name_, limit=LONG)
    errors |= text_errors(area, "area")
    errors |= text_errors(target_group, "target_group")
    for name_, value in (("contributions", contributions), ("sustainability", sustainability),
                         ("replicability", replicability)):  # fmt: skip
        errors |= text_errors(value, name_, limit=LONG, required=False)
    errors |= whole_number_errors(money, "money", limit=MAX_MONEY)
    errors |= whole_number_errors(person_days, "person_days")
    errors |= whole_number_errors(people_reached, "people_reached")
    errors |= day_errors(start_on, "start_on")
    errors |= day_errors(evaluation_on, "evaluation_on")
    if start_on and evaluation_on and "evaluation_on" not in errors and evaluation_on < start_on:
        errors["evaluation_on"] = _("Ngày đánh giá không được trước ngày bắt đầu.")
    return errors


def _row(n: int, message: str) -> str:
    return _("Dòng %(n)d: %(m)s") % {"n": n, "m": message}


def forces_errors(forces: list[dict[str, Any]]) -> dict[str, str]:
    """At least one lead force; each row a role, a name and (optional) its duty."""
    if len(forces) > MAX_ROWS:
        return {"forces": _("Nhiều nhất %(n)d dòng.") % {"n": MAX_ROWS}}
    for n, row in enumerate(forces, 1):
        if row.get("role") not in ForceRole.values:
            return {"forces": _row(n, _("chọn vai trò chủ trì, phối hợp hoặc tham gia."))}
        if not _text(row.get("name")) or len(_text(row.get("name"))) > 255:
            return {"forces": _row(n, _("nhập tên lực lượng (tối đa 255 ký tự)."))}
        if len(_text(row.get("duty"))) > 500:
            return {"forces": _row(n, _("nhiệm vụ dài quá 500 ký tự."))}
    if not any(row.get("role") == ForceRole.LEAD for row in forces):
        return {"forces": _("Cần ít nhất một lực lượng chủ trì.")}
    return {}


def indicators_errors(indicators: list[dict[str, Any]]) -> dict[str, str]:
    """At least one verifiable output: a name, a unit of measure, a baseline and a target, the target beyond the
    baseline in the direction that is better."""
    if not indicators:
        return {"indicators": _("Cần ít nhất một chỉ tiêu kiểm chứng (ví dụ: m² đất hiến, số hộ thoát nghèo).")}
    if len(indicators) > MAX_ROWS:
        return {"indicators": _("Nhiều nhất %(n)d dòng.") % {"n": MAX_ROWS}}
    for n, row in enumerate(indicators, 1):
        if not _text(row.get("name")) or len(_text(row.get("name"))) > 255:
            return {"indicators": _row(n, _("nhập tên chỉ tiêu (tối đa 255 ký tự)."))}
        if not _text(row.get("measure")) or len(_text(row.get("measure"))) > 40:
            return {"indicators": _row(n, _("nhập đơn vị tính (m², hộ, km…, tối đa 40 ký tự)."))}
        for key, label in (("baseline", _("giá trị ban đầu")), ("target", _("mục tiêu"))):
            if amount_errors(row.get(key), key):
                return {"indicators": _row(n, _("%(f)s phải là một số không âm.") % {"f": label})}
        baseline, target = amount(row.get("baseline")), amount(row.get("target"))
        better = row.get("higher_is_better", True)
        if baseline is not None and target is not None and (target <= baseline if better else target >= baseline):
            return {"indicators": _row(n, _("mục tiêu phải tốt hơn giá trị ban đầu."))}
    return {}


def milestones_errors(milestones: list[dict[str, Any]], start_on: datetime.date | None) -> dict[str, str]:
    if len(milestones) > MAX_ROWS:
        return {"milestones": _("Nhiều nhất %(n)d dòng.") % {"n": MAX_ROWS}}
    for n, row in enumerate(milestones, 1):
        day = row.get("date")
        if not isinstance(day, datetime.date) or day_errors(day, "date"):
            return {"milestones": _row(n, _("nhập ngày hợp lệ."))}
        if start_on and day < start_on:
            return {"milestones": _row(n, _("mốc không được trước ngày bắt đầu."))}
        if not _text(row.get("title")) or len(_text(row.get("title"))) > 255:
            return {"milestones": _row(n, _("nhập công việc (tối đa 255 ký tự)."))}
    return {}


def measurements_errors(values: dict[int, Any], indicator_ids: set[int], field_name: str = "values") -> dict[str, str]:
    """A value for each indicator measured (a number, not negative); no indicator of another model."""
    if not values:
        return {field_name: _("Nhập giá trị của ít nhất một chỉ tiêu.")}
    if set(values) - indicator_ids:
        return {field_name: _("Chỉ tiêu không thuộc mô hình này.")}
    for value in values.values():
        if amount_errors(value, field_name):
            return {field_name: _("Giá trị chỉ tiêu phải là một số không âm.")}
    return {}


def vitality_errors(vitality: Any) -> dict[str, str]:
    if vitality not in Vitality.values:
        return {"vitality": _("Chọn tình trạng: duy trì hiệu quả, suy giảm hoặc ngừng hoạt động.")}
    return {}
