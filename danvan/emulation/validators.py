"""Checks that a form, a service and the demo all make, one function per rule returning ``{field: message}``.

Rows (forces, indicators, milestones) are checked one by one; their messages name the row (``indicators``:
"Dòng 2: …") so a form with several rows says which one is wrong."""

from __future__ import annotations

import datetime
import re
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


_GROUPED = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")


def amount(value: Any) -> Decimal | None:
    """A value as typed ("1.250,5", "1.250" or "1250.5"), or None when it is not a number. A dot followed by groups
    of three digits groups thousands; any other dot is a decimal point."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _text(value).replace(" ", "")
    if "," in text:  # Vietnamese: dots group the thousands, the comma is the decimal mark
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.match(text):  # "1.300" or "12.500.000": thousands, as a Vietnamese user types them
        text = text.replace(".", "")
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


# --- The province's settings, its rubric versions, the council's marks, conferences and awards ---

MAX_FOLLOW_UP_MONTHS = 36
MAX_SPREAD_LIMIT = 100
MAX_WEIGHT = 100
MAX_SCALE = 100
MAX_CRITERIA = 30


def _whole(value: Any) -> int | None:
    """``value`` as a whole number (an int, or digits typed), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = _text(value)
    return int(text) if text.isascii() and text.isdigit() else None


def setting_errors(follow_up_months: Any, spread_limit: Any) -> dict[str, str]:
    """A follow-up every 1 to 36 months; a spread limit of 1 to 100 points (the sheets are on a scale of 100)."""
    errors: dict[str, str] = {}
    months, limit = _whole(follow_up_months), _whole(spread_limit)
    if months is None or not 1 <= months <= MAX_FOLLOW_UP_MONTHS:
        errors["follow_up_months"] = _("Chu kỳ phúc tra từ 1 đến %(n)d tháng.") % {"n": MAX_FOLLOW_UP_MONTHS}
    if limit is None or not 1 <= limit <= MAX_SPREAD_LIMIT:
        errors["spread_limit"] = _("Độ lệch điểm từ 1 đến %(n)d điểm (thang 100).") % {"n": MAX_SPREAD_LIMIT}
    return errors


def rubric_errors(name: Any, effective_from: datetime.date | None) -> dict[str, str]:
    return text_errors(name, "name") | day_errors(effective_from, "effective_from")


def criteria_errors(criteria: list[dict[str, Any]], *, required: bool = False) -> dict[str, str]:
    """Each row a name, a weight of 1 to 100, the top of its scale (1 to 100) and optional guidance; at least one
    row when ``required`` (a rubric to publish)."""
    if required and not criteria:
        return {"criteria": _("Bảng tiêu chí cần ít nhất một tiêu chí.")}
    if len(criteria) > MAX_CRITERIA:
        return {"criteria": _("Nhiều nhất %(n)d tiêu chí.") % {"n": MAX_CRITERIA}}
    for n, row in enumerate(criteria, 1):
        name = _text(row.get("name"))
        if not name or len(name) > 255:
            return {"criteria": _row(n, _("nhập tên tiêu chí (tối đa 255 ký tự)."))}
        weight = _whole(row.get("weight"))
        if weight is None or not 1 <= weight <= MAX_WEIGHT:
            return {"criteria": _row(n, _("trọng số là số nguyên từ 1 đến %(n)d.") % {"n": MAX_WEIGHT})}
        top = _whole(row.get("scale_max"))
        if top is None or not 1 <= top <= MAX_SCALE:
            return {"criteria": _row(n, _("điểm tối đa là số nguyên từ 1 đến %(n)d.") % {"n": MAX_SCALE})}
        if len(_text(row.get("guidance"))) > LONG:
            return {"criteria": _row(n, _("hướng dẫn chấm dài quá %(n)d ký tự.") % {"n": LONG})}
        order = _whole(row.get("order")) if row.get("order") not in (None, "") else 0
        if order is None or order > 32767:
            return {"criteria": _row(n, _("thứ tự là số nguyên không âm."))}
    return {}


def mark_field(criterion_id: int) -> str:
    """The name of the form field (and of the error) of one criterion's mark."""
    return f"mark_{criterion_id}"


def marks_errors(marks: dict[int, Any], criteria: list[Any]) -> dict[str, str]:
    """A mark for every criterion of the rubric, from 0 to its top, with at most two decimals; each message
    names the criterion, on the criterion's own field (``mark_<id>``)."""
    errors: dict[str, str] = {}
    known = {criterion.pk for criterion in criteria}
    if set(marks) - known:
        errors["marks"] = _("Có điểm cho tiêu chí không thuộc bảng tiêu chí của đợt chấm.")
    for criterion in criteria:
        value = marks.get(criterion.pk)
        label = {"c": criterion.name, "n": criterion.scale_max}
        number = amount(value) if value not in (None, "") else None
        if value in (None, ""):
            errors[mark_field(criterion.pk)] = _("Chấm điểm tiêu chí “%(c)s”.") % label
        elif number is None:
            errors[mark_field(criterion.pk)] = _("Điểm tiêu chí “%(c)s” phải là một số.") % label
        elif not 0 <= number <= criterion.scale_max:
            errors[mark_field(criterion.pk)] = _("Điểm tiêu chí “%(c)s” từ 0 đến %(n)d.") % label
        elif number != number.quantize(Decimal("0.01")):
            errors[mark_field(criterion.pk)] = _("Điểm tiêu chí “%(c)s” có nhiều nhất hai chữ số thập phân.") % label
    return errors


def conference_errors(
    *, name: Any, held_on: datetime.date | None, decision_number: Any, decision_on: datetime.date | None, signer: Any
) -> dict[str, str]:
    errors = text_errors(name, "name") | day_errors(held_on, "held_on")
    errors |= text_errors(decision_number, "decision_number", limit=40) | past_day_errors(decision_on, "decision_on")
    return errors | text_errors(signer, "signer")


# The levels of award a unit records: a commune its own; a province its own and those of the centre it proposed.
AWARD_LEVELS = {"xa": ("xa",), "tinh": ("tinh", "trung_uong")}


def award_errors(
    *, recipient_kind: Any, recipient: Any, form: Any, level: Any, decision_number: Any,
    decision_on: datetime.date | None, recipient_detail: Any = "", achievement: Any = "", unit_kind: Any = None,
) -> dict[str, str]:  # fmt: skip
    from .choices import AwardForm, Level, Recipient

    errors: dict[str, str] = {}
    if level in Level.values and unit_kind in AWARD_LEVELS and level not in AWARD_LEVELS[unit_kind]:
        errors["level"] = (
            _("Đơn vị cấp xã chỉ ghi khen thưởng cấp xã; khen thưởng cấp trên do tỉnh ghi.")
            if (unit_kind == "xa")
            else _("Khen thưởng cấp xã do xã ghi.")
        )
    if recipient_kind not in Recipient.values:
        errors["recipient_kind"] = _("Chọn tập thể hoặc cá nhân.")
    if form not in AwardForm.values:
        errors["form"] = _("Chọn hình thức khen thưởng.")
    if level not in Level.values:
        errors["level"] = _("Chọn cấp khen.")

    errors |= text_errors(recipient, "recipient") | text_errors(recipient_detail, "recipient_detail", required=False)
    errors |= text_errors(achievement, "achievement", limit=LONG, required=False)
    errors |= text_errors(decision_number, "decision_number", limit=40) | past_day_errors(decision_on, "decision_on")
    return errors
